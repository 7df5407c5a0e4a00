"""STIX 2.1 export: every bundle passes the OASIS validator and stix2.parse, ids are stable, scope is enforced."""

from __future__ import annotations

import json
from typing import Any

import pytest
import stix2
from django.test import Client
from stix2validator import ValidationOptions, validate_string

from enlace.accounts import actions as account_actions
from enlace.audit.models import AuditRecord
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.stix import pattern_for
from enlace.exchange.testing import World, build_world, publish
from enlace.exchange.tlp import TLP2_IDS

pytestmark = pytest.mark.django_db

VALUES = [
    ("ipv4", "203.0.113.7"),
    ("ipv6", "2001:db8::1"),
    ("cidr", "198.51.100.0/24"),
    ("domain", "evil.example.org"),
    ("url", "http://evil.example.org/it's/a/path"),
    ("email", "phish@example.org"),
    ("md5", "d41d8cd98f00b204e9800998ecf8427e"),
    ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("filename", "invoice.pdf.exe"),
    ("cve", "CVE-2024-3094"),
    ("asn", "AS64500"),
]


def _api(user: Any) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _valid(text: str, *, parse: bool = True) -> dict[str, Any]:
    """Strict OASIS validation (warnings are errors) and stix2.parse without custom content."""
    results = validate_string(text, ValidationOptions(strict=True, version="2.1"))
    assert results.is_valid, [str(error) for error in results.errors]
    assert not results.warnings, [str(warning) for warning in results.warnings]
    if parse:  # stix2 cannot detect the spec version of a bundle without objects (it raises), hence the flag
        stix2.parse(text, allow_custom=False)
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture
def world() -> World:
    return build_world()


def test_an_alert_exports_as_a_valid_marked_bundle_with_stable_ids(world: World) -> None:
    alert = publish(world, "amber", "network")
    add_indicators(
        actor=world.author,
        alert=alert,
        items=[NewIndicator(value=value, type=kind) for kind, value in VALUES]
        + [NewIndicator(value="198.51.100.9", type="ipv4", actionable=False)],
    )
    client = _api(world.recipient)
    response = client.get(f"/api/v1/alerts/{alert.pk}/stix/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/stix+json")
    data = _valid(response.content.decode())
    by_type: dict[str, list[dict[str, Any]]] = {}
    for made in data["objects"]:
        by_type.setdefault(made["type"], []).append(made)
    (report,) = by_type["report"]
    assert report["object_marking_refs"] == [TLP2_IDS["amber"]]
    assert [m["id"] for m in by_type["marking-definition"]] == [TLP2_IDS["amber"]]
    assert by_type["identity"][0]["name"] == alert.originator.name
    patterns = {made["pattern"] for made in by_type["indicator"]}
    assert "[ipv4-addr:value = '203.0.113.7']" in patterns
    assert "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']" in patterns
    assert "[autonomous-system:number = 64500]" in patterns
    assert not any("198.51.100.9" in p for p in patterns), "context-only indicators are not exported"
    assert len(by_type["indicator"]) == len(VALUES) - 1
    cve = {"source_name": "cve", "external_id": "CVE-2024-3094"}
    assert by_type["vulnerability"][0]["external_references"] == [cve]
    assert set(report["object_refs"]) == {o["id"] for o in data["objects"] if o["type"] != "marking-definition"} - {
        report["id"]
    }
    again = json.loads(client.get(f"/api/v1/alerts/{alert.pk}/stix/").content)
    assert again == data, "re-exports are identical"
    assert AuditRecord.objects.filter(action="alert.export.stix", object_id=str(alert.pk)).count() == 2


def test_a_reader_outside_the_scope_gets_404_and_the_set_only_holds_what_she_reads(world: World) -> None:
    shared = publish(world, "green", "all")
    secret = publish(world, "amber", "named")
    outsider = _api(world.other_state)
    assert outsider.get(f"/api/v1/alerts/{secret.pk}/stix/").status_code == 404
    data = _valid(outsider.get("/api/v1/alerts/stix/").content.decode())
    reports = {o["name"] for o in data["objects"] if o["type"] == "report"}
    assert reports == {shared.title}
    assert secret.body not in json.dumps(data)
    insider = _valid(_api(world.recipient).get("/api/v1/alerts/stix/?tlp=amber").content.decode())
    assert {o["name"] for o in insider["objects"] if o["type"] == "report"} == {secret.title}


def test_the_empty_set_is_a_valid_bundle(world: World) -> None:
    response = _api(world.other_state).get("/api/v1/alerts/stix/")
    assert response.status_code == 200
    assert "objects" not in _valid(response.content.decode(), parse=False)


@pytest.mark.parametrize(("kind", "value"), VALUES)
def test_every_pattern_is_valid_stix(kind: str, value: str) -> None:
    from stix2patterns.validator import run_validator

    pattern = pattern_for(kind, value)
    if kind == "cve":
        assert pattern is None
        return
    assert pattern is not None
    assert run_validator(pattern, stix_version="2.1") == []


def test_the_page_button_downloads_the_bundle_for_readers_only(world: World) -> None:
    from django.urls import reverse

    from enlace.common.testing import sign_in

    alert = publish(world, "amber", "named")
    url = reverse("exchange:alert_stix", kwargs={"pk": alert.pk})
    reader = sign_in(Client(), world.recipient)  # once: a TOTP code is not accepted twice
    assert url in reader.get(reverse("exchange:alert_detail", args=[alert.pk])).content.decode()
    response = reader.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = _valid(response.content.decode())
    assert any(o["type"] == "report" and o["name"] == alert.title for o in data["objects"])
    assert sign_in(Client(), world.other_state).get(url).status_code == 404
