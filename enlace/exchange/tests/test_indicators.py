"""Indicators: normalisation per type, deduplication, correlation that counts only readable alerts,
warninglists, sightings, all-or-nothing batches, search and API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from enlace.common.testing import sign_in
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.indicators import guess_type, normalise
from enlace.exchange.models import AlertIndicator, Indicator, Sighting
from enlace.exchange.testing import build_world, publish
from enlace.exchange.tests.test_scope_matrix import _api

pytestmark = pytest.mark.django_db
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _post(api: Client, path: str, body: object) -> Any:
    return api.post(path, json.dumps(body), content_type="application/json")


def _row(client: Client, alert_pk: int, value: str) -> Any:
    return next(r for r in client.get(f"/alerts/{alert_pk}/").context["indicators"] if r.indicator.value == value)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("ipv4", " 203.0.113[.]7 ", "203.0.113.7"),
        ("ipv6", "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("cidr", "198.51.100.7/24", "198.51.100.0/24"),
        ("domain", "Mal-Ware.Example[.]ORG.", "mal-ware.example.org"),
        ("domain", "bücher.example", "xn--bcher-kva.example"),
        ("url", "hxxps://Evil.Example/login?a=1", "https://evil.example/login?a=1"),
        ("email", "Phish@Example[.]ORG", "Phish@example.org"),
        ("md5", "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
        (
            "sha256",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        ("cve", "cve-2024-3400", "CVE-2024-3400"),
        ("asn", "as64500", "AS64500"),
        ("filename", "invoice.pdf.exe", "invoice.pdf.exe"),
    ],
)
def test_values_are_normalised(kind: str, raw: str, expected: str) -> None:
    assert normalise(kind, raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("ipv4", "300.1.1.1"),
        ("ipv4", "1.2.3"),
        ("domain", "-bad-.org"),
        ("domain", "nodot"),
        ("url", "javascript:alert(1)"),
        ("email", "not-an-address"),
        ("md5", "xyz"),
        ("sha1", "abc"),
        ("cve", "CVE-24-1"),
        ("asn", "AS0"),
        ("filename", "../etc/passwd"),
    ],
)
def test_bad_values_are_refused(kind: str, raw: str) -> None:
    with pytest.raises(ValidationError):
        normalise(kind, raw)


def test_types_are_guessed() -> None:
    assert guess_type("203.0.113.7") == "ipv4"
    assert guess_type("hxxp://evil.example/x") == "url"
    assert guess_type("evil[.]example") == "domain"
    assert guess_type("d41d8cd98f00b204e9800998ecf8427e") == "md5"
    assert guess_type("CVE-2024-3400") == "cve"


def test_indicators_are_shared_once_correlated_within_what_one_may_read_and_checked(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    world = build_world()
    public = publish(world, "green", "all")
    secret = publish(world, "red", "named")  # the colleague cannot read it
    with django_capture_on_commit_callbacks(execute=True):
        add_indicators(actor=world.author, alert=public, items=[NewIndicator("203.0.113.7"), NewIndicator("8.8.8.8")])
    add_indicators(actor=world.author, alert=secret, items=[NewIndicator("203.0.113[.]7")])
    assert Indicator.objects.filter(value="203.0.113.7").count() == 1  # stored once
    google = Indicator.objects.get(value="8.8.8.8")
    assert any("DNS resolvers" in w for w in google.warnings)  # MISP warninglist
    documentation = Indicator.objects.get(value="203.0.113.7")
    assert any("reserved" in w for w in documentation.warnings)

    third = publish(world, "green", "all")
    add_indicators(actor=world.author, alert=third, items=[NewIndicator("203.0.113.7")])
    recipient, colleague = sign_in(Client(), world.recipient), sign_in(Client(), world.colleague)
    row = next(
        r for r in recipient.get(f"/alerts/{third.pk}/").context["indicators"] if r.indicator.value == "203.0.113.7"
    )
    assert row.correlated == 2  # the public alert and the RED one she is named in
    row = next(
        r for r in colleague.get(f"/alerts/{third.pk}/").context["indicators"] if r.indicator.value == "203.0.113.7"
    )
    assert row.correlated == 1  # the RED alert is not counted for her
    found = colleague.get("/alerts/indicators/", {"q": "203.0.113[.]7"}).context["object_list"]
    assert {link.alert_id for link in found} == {public.pk, third.pk}


def test_a_batch_with_a_bad_line_writes_nothing_and_names_each_line() -> None:
    world = build_world()
    alert = publish(world, "green", "all")
    author = sign_in(Client(), world.author)
    response = author.post(
        f"/alerts/{alert.pk}/indicators/",
        {"lines": "203.0.113.7\n300.1.1.1\nevil[.]example\n???", "actionable": "on"},
        follow=True,
    )
    text = response.content.decode()
    assert "Line 2" in text
    assert "Line 4" in text
    assert not AlertIndicator.objects.exists()
    reader = sign_in(Client(), world.recipient)
    assert reader.post(f"/alerts/{alert.pk}/indicators/", {"lines": "203.0.113.7"}).status_code == 404


def test_sightings_by_readers_only() -> None:
    world = build_world()
    alert = publish(world, "amber", "institution")
    (link,) = add_indicators(actor=world.author, alert=alert, items=[NewIndicator("evil.example")])
    reader = sign_in(Client(), world.recipient)
    reader.post(f"/alerts/indicators/{link.pk}/sightings/", {"kind": "false_positive"})
    assert Sighting.objects.get().kind == "false_positive"
    outsider = sign_in(Client(), world.network_peer)
    assert outsider.post(f"/alerts/indicators/{link.pk}/sightings/", {"kind": "seen"}).status_code == 404
    row = reader.get(f"/alerts/{alert.pk}/").context["indicators"][0]
    assert (row.seen, row.false_positive) == (0, 1)


def test_indicators_over_the_api() -> None:
    world = build_world()
    alert = publish(world, "green", "all")
    api = _api(world.author)
    body = {
        "indicators": [{"value": "hxxp://evil.example/a"}, {"type": "sha1", "value": "A" * 40, "actionable": False}]
    }
    added = api.post(f"/api/v1/alerts/{alert.pk}/indicators/", json.dumps(body), content_type="application/json")
    assert added.status_code == 201, added.content
    assert [i["type"] for i in added.json()] == ["url", "sha1"]
    bad = {"indicators": [{"value": "evil.example"}, {"type": "ipv4", "value": "nope"}]}
    refused = _post(api, f"/api/v1/alerts/{alert.pk}/indicators/", bad)
    assert refused.status_code == 400
    assert "Line 2" in json.dumps(refused.json())
    assert AlertIndicator.objects.count() == 2
    reader = _api(world.other_state)
    assert reader.get("/api/v1/indicators/", {"value": "evil[.]example"}).json()["count"] == 1
    link = added.json()[0]["id"]
    seen = reader.post(
        f"/api/v1/alerts/{alert.pk}/sightings/",
        json.dumps({"indicator": link, "kind": "seen"}),
        content_type="application/json",
    )
    assert seen.status_code == 201
    assert (
        reader.post(
            f"/api/v1/alerts/{alert.pk}/indicators/", json.dumps(body), content_type="application/json"
        ).status_code
        == 404
    )
