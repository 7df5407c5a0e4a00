"""MISP feed: manifest and events in MISP's feed format, TLP tags, only what the token may read, audited;
misp-stix (the MISP project's converter) as an oracle for both directions."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.audit.models import AuditRecord
from enlace.exchange import misp, stix
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.models import Alert
from enlace.exchange.testing import World, build_world, publish

pytestmark = pytest.mark.django_db

VALUES = [
    ("ipv4", "203.0.113.7", "ip-dst", "203.0.113.7"),
    ("ipv6", "2001:db8::1", "ip-dst", "2001:db8::1"),
    ("cidr", "198.51.100.0/24", "ip-dst", "198.51.100.0/24"),
    ("domain", "evil.example.org", "domain", "evil.example.org"),
    ("url", "http://evil.example.org/a", "url", "http://evil.example.org/a"),
    ("email", "phish@example.org", "email-src", "phish@example.org"),
    ("md5", "d41d8cd98f00b204e9800998ecf8427e", "md5", "d41d8cd98f00b204e9800998ecf8427e"),
    ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    (
        "sha256",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    ("filename", "invoice.pdf.exe", "filename", "invoice.pdf.exe"),
    ("cve", "CVE-2024-3094", "vulnerability", "CVE-2024-3094"),
    ("asn", "AS64500", "AS", "64500"),
]
BASE = "/api/v1/misp/networks/csirtamericas"


def _api(user: Any, scope: str = "read") -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="misp", scope=scope, days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT="application/json, text/plain, text/*")


@pytest.fixture
def world() -> World:
    return build_world()


def _alert_with_indicators(world: World, tlp: str = "amber", scope: str = "network") -> Alert:
    alert = publish(world, tlp, scope, severity="high")
    items = [NewIndicator(value, kind, actionable=kind != "filename") for kind, value, _t, _v in VALUES]
    add_indicators(actor=world.author, alert=alert, items=items)
    return alert


def test_manifest_and_event_have_misp_feed_shape(world: World) -> None:
    alert = _alert_with_indicators(world)
    client = _api(world.recipient)
    response = client.get(f"{BASE}/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    manifest = response.json()
    entry = manifest[str(alert.uuid)]
    assert set(entry) == {"Orgc", "Tag", "info", "date", "analysis", "threat_level_id", "timestamp"}
    assert entry["info"] == alert.title
    assert entry["threat_level_id"] == "1"
    assert entry["Orgc"]["name"] == alert.originator.name
    assert entry["Tag"] == [{"name": "tlp:amber", "colour": "#ffc000", "local": False, "relationship_type": ""}]

    event = client.get(f"{BASE}/{alert.uuid}.json").json()["Event"]
    assert event["uuid"] == str(alert.uuid)
    assert event["timestamp"] == entry["timestamp"]
    assert event["distribution"] == "0"
    assert event["sharing_group_id"] == "0"
    assert [t["name"] for t in event["Tag"]] == ["tlp:amber"]
    found = {(a["type"], a["value"]): a for a in event["Attribute"]}
    for kind, _value, misp_type, misp_value in VALUES:
        attribute = found[(misp_type, misp_value)]
        assert attribute["category"] == misp.ATTRIBUTE_TYPES[kind][1]
        assert "first_seen" in attribute
        assert "last_seen" in attribute
    assert found[("filename", "invoice.pdf.exe")]["to_ids"] is False
    assert found[("domain", "evil.example.org")]["to_ids"] is True

    hashes = client.get(f"{BASE}/hashes.csv").content.decode().splitlines()
    expected = hashlib.md5(b"evil.example.org", usedforsecurity=False).hexdigest()
    assert f"{expected},{alert.uuid}" in hashes
    assert len(hashes) == len(VALUES)


def test_pymisp_loads_our_events_and_rebuilds_the_same_manifest(world: World) -> None:
    from pymisp import MISPEvent

    alert = _alert_with_indicators(world)
    client = _api(world.recipient)
    loaded = MISPEvent()
    loaded.load(client.get(f"{BASE}/{alert.uuid}.json").content.decode())
    theirs = loaded.manifest[str(alert.uuid)]
    ours = client.get(f"{BASE}/manifest.json").json()[str(alert.uuid)]
    # PyMISP writes the numbers of a manifest as integers, MISP's feeds as strings; MISP reads both.
    for key in ("info", "date", "analysis", "threat_level_id", "timestamp"):
        assert str(theirs[key]) == str(ours[key]), key
    assert theirs["Orgc"] == ours["Orgc"]
    assert [t["name"] for t in theirs["Tag"]] == [t["name"] for t in ours["Tag"]]
    assert len(loaded.attributes) == len(VALUES)


def test_only_what_the_token_may_read_and_every_read_is_audited(world: World) -> None:
    alert = _alert_with_indicators(world, "amber", "network")
    outsider = _api(world.other_state)
    # Neither the network's feed nor the all-feed lists the alert, its event is a 404, its hashes absent.
    assert str(alert.uuid) not in outsider.get(f"{BASE}/manifest.json").json()
    assert outsider.get(f"{BASE}/{alert.uuid}.json").status_code == 404
    assert outsider.get("/api/v1/misp/networks/no-such-network/manifest.json").status_code == 404
    assert str(alert.uuid) not in outsider.get("/api/v1/misp/all/manifest.json").json()
    assert outsider.get(f"/api/v1/misp/all/{alert.uuid}.json").status_code == 404
    assert str(alert.uuid) not in outsider.get("/api/v1/misp/all/hashes.csv").content.decode()
    # No token: refused; anonymous sees only the public CLEAR feed, which does not carry an AMBER alert.
    assert Client().get(f"{BASE}/manifest.json").status_code == 401
    assert Client().get("/api/v1/misp/public/manifest.json").json() == {}
    before = AuditRecord.objects.filter(action="alert.export.misp").count()
    _api(world.recipient).get(f"{BASE}/{alert.uuid}.json")
    entry = AuditRecord.objects.filter(action="alert.export.misp").order_by("-seq").first()
    assert AuditRecord.objects.filter(action="alert.export.misp").count() == before + 1
    assert entry is not None
    assert entry.changes["alerts"] == [alert.pk]


def test_public_feed_carries_clear_alerts_only(world: World) -> None:
    clear = publish(world, "clear", "all")
    green = publish(world, "green", "all")
    manifest = Client().get("/api/v1/misp/public/manifest.json").json()
    assert str(clear.uuid) in manifest
    assert str(green.uuid) not in manifest
    assert manifest[str(clear.uuid)]["Tag"][0]["name"] == "tlp:clear"
    assert Client().get(f"/api/v1/misp/public/{green.uuid}.json").status_code == 404


def _misp_tlp(event: dict[str, Any]) -> set[str]:
    return {tag["name"] for tag in event.get("Tag", []) if tag["name"].startswith("tlp:")}


@pytest.mark.parametrize("tlp", ["clear", "green", "amber", "amber+strict", "red"])
def test_misp_stix_converts_both_ways_with_tlp_kept(world: World, tlp: str) -> None:
    from misp_stix_converter import ExternalSTIX2toMISPParser, MISPtoSTIX21Parser
    from stix2.parsing import parse as stix_parse

    scope = "named" if tlp == "red" else "network"
    alert = _alert_with_indicators(world, tlp, scope)
    client = _api(world.recipient)
    # Our MISP event → STIX 2.1 (misp-stix), the TLP marking kept.
    event = client.get(f"/api/v1/misp/all/{alert.uuid}.json").json()
    to_stix = MISPtoSTIX21Parser()
    to_stix.parse_misp_event(event)
    produced = json.loads(to_stix.bundle.serialize())
    markings = [o for o in produced["objects"] if o["type"] == "marking-definition"]
    names = {m.get("name", "") for m in markings} | {
        f"tlp:{m['definition'].get('tlp', '')}" for m in markings if "definition" in m
    }
    assert f"tlp:{tlp}" in {n.lower() for n in names}, names
    # Our STIX export → MISP (misp-stix), the TLP tag kept.
    bundle = stix.bundle(list(stix.export_queryset(Alert.objects.filter(pk=alert.pk))), bundle_key="x")
    to_misp = ExternalSTIX2toMISPParser()
    to_misp.load_stix_bundle(stix_parse(stix.dumps(bundle), allow_custom=True))
    to_misp.parse_stix_bundle()
    events = [to_misp.misp_event] if hasattr(to_misp, "misp_event") else to_misp.misp_events
    tags = set().union(*(_misp_tlp(json.loads(e.to_json())) for e in events))
    assert f"tlp:{tlp}" in tags, tags
