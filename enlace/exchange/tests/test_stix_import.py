"""STIX 2.1 import over the API: alerts and indicators from a bundle, all or nothing, TLP from the markings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.exchange.models import Alert, AlertIndicator
from enlace.exchange.stix_import import ComplexPattern, pattern_values
from enlace.exchange.testing import World, build_world, publish
from enlace.exchange.tlp import TLP2_IDS

pytestmark = pytest.mark.django_db

URL = "/api/v1/alerts/import/stix/?networks=csirtamericas"
AMBER_STRICT_OPENCTI = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37"
GREEN_V1 = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"


def _api(user: Any) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _indicator(n: int, pattern: str, marking: str | None = TLP2_IDS["amber"]) -> dict[str, Any]:
    made: dict[str, Any] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{n:012d}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "name": f"indicator {n}",
        "pattern": pattern,
        "pattern_type": "stix",
        "valid_from": "2026-01-01T00:00:00Z",
    }
    if marking:
        made["object_marking_refs"] = [marking]
    return made


def _bundle(*objects: dict[str, Any]) -> str:
    return json.dumps({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000001", "objects": objects})


@pytest.fixture
def world() -> World:
    return build_world()


def test_a_report_becomes_an_alert_with_its_indicators_and_its_marking(world: World) -> None:
    report = {
        "type": "report",
        "spec_version": "2.1",
        "id": "report--00000000-0000-4000-8000-000000000009",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "name": "Campaign against ports",
        "description": "Details.",
        "published": "2026-01-01T00:00:00Z",
        "object_refs": ["indicator--00000000-0000-4000-8000-000000000001"],
        "object_marking_refs": [AMBER_STRICT_OPENCTI],
    }
    ors = "[ipv4-addr:value = '203.0.113.7' OR domain-name:value = 'evil.example.org']"
    complex_one = "[ipv4-addr:value = '203.0.113.8'] FOLLOWEDBY [ipv4-addr:value = '203.0.113.9']"
    body = _bundle(report, _indicator(1, ors), _indicator(2, complex_one), _indicator(3, "[file:name = 'a.exe']"))
    response = _api(world.author).post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert [s["id"] for s in data["skipped"]] == ["indicator--00000000-0000-4000-8000-000000000002"]
    alerts = Alert.objects.filter(pk__in=[a["id"] for a in data["alerts"]]).order_by("pk")
    first, loose = alerts
    assert (first.title, first.tlp) == ("Campaign against ports", "amber+strict")
    values = set(AlertIndicator.objects.filter(alert=first).values_list("indicator__value", flat=True))
    assert values == {"203.0.113.7", "evil.example.org"}
    assert loose.tlp == "amber"
    assert set(AlertIndicator.objects.filter(alert=loose).values_list("indicator__value", flat=True)) == {"a.exe"}
    assert [n.code for n in first.networks.all()] == ["csirtamericas"]


def test_stix1_green_and_an_unmarked_bundle(world: World) -> None:
    client = _api(world.author)
    ok = client.post(URL, _bundle(_indicator(1, "[url:value = 'http://x.example/']", GREEN_V1)), "application/json")
    assert ok.status_code == 201
    assert Alert.objects.get(pk=ok.json()["alerts"][0]["id"]).tlp == "green"
    count = Alert.objects.count()
    refused = client.post(URL, _bundle(_indicator(1, "[url:value = 'http://y.example/']", None)), "application/json")
    assert refused.status_code == 400
    assert "no TLP marking" in json.dumps(refused.json())
    assert Alert.objects.count() == count


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        json.dumps({"type": "report"}),
        json.dumps({"type": "bundle", "id": "bundle--x", "spec_version": "2.0", "objects": [{}]}),
        json.dumps({"type": "bundle", "id": "bundle--x", "objects": []}),
    ],
)
def test_malformed_bundles_are_refused_and_nothing_is_written(world: World, body: str) -> None:
    response = _api(world.author).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert Alert.objects.count() == 0


def test_one_invalid_object_refuses_the_whole_bundle_naming_it(world: World) -> None:
    bad = _indicator(2, "[ipv4-addr:value = '999.1.1.1']")
    body = _bundle(_indicator(1, "[ipv4-addr:value = '203.0.113.7']"), bad)
    response = _api(world.author).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert bad["id"] in json.dumps(response.json())
    assert Alert.objects.count() == 0


def test_oversize_is_refused(world: World, settings: Any) -> None:
    settings.ENLACE_STIX_IMPORT_MAX_MB = 0
    body = _bundle(_indicator(1, "[ipv4-addr:value = '203.0.113.7']"))
    assert _api(world.author).post(URL, body, content_type="application/json").status_code == 400
    assert Alert.objects.count() == 0


def test_who_may_not_write_alerts_gets_404(world: World) -> None:
    from enlace.common.testing import make_user

    donor = make_user("donor")
    body = _bundle(_indicator(1, "[ipv4-addr:value = '203.0.113.7']"))
    assert _api(donor).post(URL, body, content_type="application/json").status_code == 404


def test_a_round_trip_of_an_export_imports(world: World) -> None:
    from enlace.exchange.indicator_actions import NewIndicator, add_indicators

    alert = publish(world, "green", "all")
    add_indicators(actor=world.author, alert=alert, items=[NewIndicator(value="203.0.113.7", type="ipv4")])
    exported = _api(world.author).get(f"/api/v1/alerts/{alert.pk}/stix/").content
    response = _api(world.recipient).post(URL, exported, content_type="application/json")
    assert response.status_code == 201, response.content
    (made,) = response.json()["alerts"]
    assert made["title"] == alert.title
    assert Alert.objects.get(pk=made["id"]).tlp == "green"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("[file:hashes.'SHA-256' = 'AB']", [("sha256", "AB")]),
        ("[file:hashes.MD5 = 'ab']", [("md5", "ab")]),
        ("[autonomous-system:number = 64500]", [("asn", "64500")]),
        ("[ipv4-addr:value = '10.0.0.0/8']", [("cidr", "10.0.0.0/8")]),
        ("[url:value = 'http://a/it\\'s']", [("url", "http://a/it's")]),
    ],
)
def test_simple_patterns(pattern: str, expected: list[tuple[str, str]]) -> None:
    assert pattern_values(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        "[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '1.2.3.5']",
        "[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value = '1.2.3.5']",
        "[ipv4-addr:value ISSUBSET '10.0.0.0/8']",
        "[process:name = 'x']",
        "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS",
    ],
)
def test_complex_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ComplexPattern):
        pattern_values(pattern)


def test_the_upload_page_imports_or_explains(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from enlace.common.testing import sign_in

    client = sign_in(Client(), world.author)
    url = reverse("exchange:stix_import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("x.json", b"{not json", content_type="application/json")
    response = client.post(url, {"file": bad, "all_members": "on", "publish": "on"})
    assert response.status_code == 400
    assert Alert.objects.count() == 0
    good = _bundle(_indicator(1, "[ipv4-addr:value = '203.0.113.7']"))
    upload = SimpleUploadedFile("feed.json", good.encode(), content_type="application/json")
    response = client.post(url, {"file": upload, "all_members": "on", "publish": "on"})
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert (alert.title, alert.tlp, alert.all_members) == ("feed.json", "amber", True)
