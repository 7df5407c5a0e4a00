"""TAXII 2.1 with the OASIS `taxii2-client` as the client against a live server: discovery, collections, full
walks by pages (no duplicates, nothing missing, many objects sharing a timestamp, objects added during a
walk), filters, content negotiation, authentication, scope, and POST of objects."""

from __future__ import annotations

import base64
import datetime as dt
import json
from functools import partial
from typing import Any

import pytest
import requests
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.exchange import actions, stix
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.models import Alert, AlertIndicator, TaxiiStatus
from enlace.exchange.taxii.collections import collection_id
from enlace.exchange.testing import World, build_world, publish
from enlace.exchange.tlp import TLP2_IDS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
MEDIA = "application/taxii+json;version=2.1"
MARKINGS = 5  # every collection starts with the five TLP 2.0 marking definitions
ORIGINATOR = 1  # the identity of the world's author's institution, once something of hers is in a collection
GET, POST, DELETE = (partial(method, timeout=30) for method in (requests.get, requests.post, requests.delete))


def _secret(user: User, scope: str = "read") -> str:
    _token, secret = account_actions.create_api_token(user, actor=user, name="taxii", scope=scope, days=1)
    return secret


def _collection(base: str, user: User, key: str, secret: str | None = None) -> Collection:
    url = f"{base}/taxii2/enlace/collections/{collection_id(key)}/"
    return Collection(url, user=user.email, password=secret or _secret(user))


def _seed(world: World, alerts: int, indicators: int, scope: str = "network", tlp: str = "green") -> list[Alert]:
    made = []
    for n in range(alerts):
        alert = publish(world, tlp, scope, title=f"Campaign {n}")
        items = [NewIndicator(f"198.51.{n}.{i}") for i in range(indicators)]
        add_indicators(actor=world.author, alert=alert, items=items)
        made.append(alert)
    return made


def _walk(collection: Collection, per_request: int, **filters: Any) -> list[str]:
    ids: list[str] = []
    for envelope in as_pages(collection.get_objects, per_request=per_request, **filters):
        ids += [obj["id"] for obj in envelope.get("objects", [])]
    return ids


def test_discovery_and_collections_as_taxii2_client_sees_them(live_server: Any) -> None:
    world = build_world()
    secret = _secret(world.recipient)
    server = Server(f"{live_server.url}/taxii2/", user=world.recipient.email, password=secret)
    assert server.title == "Enlace"
    (root,) = server.api_roots
    assert isinstance(root, ApiRoot)
    assert root.versions == [MEDIA]
    titles = {c.title: c for c in root.collections}
    assert {"All alerts you may read", "TLP:CLEAR", "CSIRTAmericas member teams"} <= set(titles)
    assert "Inter-American Counterterrorism Network" not in titles  # she is not in that network
    network = titles["CSIRTAmericas member teams"]
    assert network.can_read
    assert network.can_write


def test_a_walk_by_pages_returns_each_object_once_even_when_they_share_a_timestamp(live_server: Any) -> None:
    world = build_world()
    alerts = _seed(world, alerts=12, indicators=4)
    same = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(published_at=same)
    AlertIndicator.objects.filter(alert__in=alerts).update(added_at=same)  # 60 objects, one timestamp
    collection = _collection(live_server.url, world.recipient, "network:csirtamericas")
    ids = _walk(collection, per_request=7)
    assert len(ids) == MARKINGS + ORIGINATOR + 12 + 12 * 4
    assert len(set(ids)) == len(ids)
    after = _walk(collection, per_request=5, added_after="2026-05-01T11:59:59.000000Z")
    assert len(after) == ORIGINATOR + 12 + 12 * 4  # the markings were added before
    assert _walk(collection, per_request=5, added_after="2026-05-01T12:00:00.000000Z") == []


def test_objects_published_during_a_walk_come_after_it_and_nothing_repeats(live_server: Any) -> None:
    world = build_world()
    _seed(world, alerts=6, indicators=2)
    collection = _collection(live_server.url, world.recipient, "network:csirtamericas")
    pages = as_pages(collection.get_objects, per_request=4)
    seen = [obj["id"] for obj in next(pages)["objects"]]
    seen += [obj["id"] for obj in next(pages)["objects"]]
    _seed(world, alerts=3, indicators=2)  # published while the client is between pages
    for envelope in pages:
        seen += [obj["id"] for obj in envelope.get("objects", [])]
    assert len(seen) == len(set(seen)) == MARKINGS + ORIGINATOR + 9 + 9 * 2


def test_manifest_filters_object_and_versions(live_server: Any) -> None:
    world = build_world()
    (alert,) = _seed(world, alerts=1, indicators=2)
    add_indicators(actor=world.author, alert=alert, items=[NewIndicator("CVE-2024-3400")])
    collection = _collection(live_server.url, world.recipient, "network:csirtamericas")
    manifest = collection.get_manifest()
    assert len(manifest["objects"]) == MARKINGS + ORIGINATOR + 1 + 3
    assert all(entry["media_type"] == "application/stix+json;version=2.1" for entry in manifest["objects"])
    types = [o["type"] for o in collection.get_objects(type="indicator")["objects"]]
    assert types == ["indicator", "indicator"]
    assert [o["type"] for o in collection.get_objects(type="vulnerability")["objects"]] == ["vulnerability"]
    report = collection.get_objects(type="report")["objects"][0]
    assert report["object_marking_refs"] == [TLP2_IDS["green"]]
    exported = stix.alert_objects(stix.export_queryset(Alert.objects.filter(pk=alert.pk)).get())
    assert report == exported[0]  # TAXII serves the very report the STIX export makes
    served = {o["id"]: o for o in collection.get_objects()["objects"] if o["type"] != "marking-definition"}
    assert served == {o["id"]: o for o in exported}  # and the same identity, indicators and vulnerability
    assert len(report["object_refs"]) == 1 + 3  # the originator and the three observables
    assert collection.get_object(report["id"])["objects"] == [report]
    assert collection.get_objects(id=report["id"])["objects"] == [report]
    versions = collection.object_versions(report["id"])
    assert versions["versions"] == [report["modified"]]
    # A version that no object of a page has: an empty page that still leads on to the rest.
    empty = collection.get_objects(version="2020-01-01T00:00:00.000Z", limit=2)
    assert "objects" not in empty
    assert empty["more"] is True
    following = collection.get_objects(version=report["modified"], next=empty["next"])
    assert report["id"] in [o["id"] for o in following["objects"]]


def test_the_headers_name_the_first_and_last_date_added(live_server: Any) -> None:
    world = build_world()
    _seed(world, alerts=2, indicators=1)
    secret = _secret(world.recipient)
    url = f"{live_server.url}/taxii2/enlace/collections/{collection_id('network:csirtamericas')}/objects/"
    response = GET(url, headers={"Accept": MEDIA, "Authorization": f"Bearer {secret}"}, params={"limit": 3})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == MEDIA
    assert response.headers["X-TAXII-Date-Added-First"] == "2022-10-01T00:00:00.000000Z"
    assert response.json()["more"] is True
    last = response.headers["X-TAXII-Date-Added-Last"]
    rest = GET(
        url,
        headers={"Accept": MEDIA, "Authorization": f"Bearer {secret}"},
        params={"next": response.json()["next"]},
    )
    assert rest.headers["X-TAXII-Date-Added-First"] >= last
    assert AuditRecord.objects.filter(action="alert.export.taxii", actor_id=world.recipient.pk).count() == 2


def test_content_negotiation_authentication_and_malformed_queries(live_server: Any) -> None:
    world = build_world()
    secret = _secret(world.recipient)
    base = f"{live_server.url}/taxii2/"
    bearer = {"Authorization": f"Bearer {secret}"}
    assert GET(base, headers={"Accept": "application/json", **bearer}).status_code == 406
    assert GET(base, headers={"Accept": "application/taxii+json;version=2.0", **bearer}).status_code == 406
    anonymous = GET(base, headers={"Accept": MEDIA})
    assert anonymous.status_code == 401
    assert "Basic" in anonymous.headers["WWW-Authenticate"]
    assert anonymous.json()["http_status"] == "401"
    password = base64.b64encode(f"{world.recipient.email}:password".encode()).decode()
    assert GET(base, headers={"Accept": MEDIA, "Authorization": f"Basic {password}"}).status_code == 401
    wrong_user = base64.b64encode(f"{world.colleague.email}:{secret}".encode()).decode()
    assert GET(base, headers={"Accept": MEDIA, "Authorization": f"Basic {wrong_user}"}).status_code == 401
    objects = f"{base}enlace/collections/{collection_id('all')}/objects/"
    for params in ({"next": "forged"}, {"added_after": "yesterday"}, {"limit": "-1"}):
        response = GET(objects, headers={"Accept": MEDIA, **bearer}, params=params)
        assert response.status_code == 400, params
    assert DELETE(objects, headers={"Accept": MEDIA, **bearer}).status_code == 405


def test_a_reader_outside_the_scope_sees_nothing_of_it(live_server: Any) -> None:
    world = build_world()
    _seed(world, alerts=2, indicators=2, tlp="amber")
    outsider = _collection(live_server.url, world.other_state, "all")
    ids = _walk(outsider, per_request=50)
    assert len(ids) == MARKINGS  # only the marking definitions
    secret = _secret(world.other_state)
    url = f"{live_server.url}/taxii2/enlace/collections/{collection_id('network:csirtamericas')}/objects/"
    response = GET(url, headers={"Accept": MEDIA, "Authorization": f"Bearer {secret}"})
    assert response.status_code == 404  # not her network: as missing
    insider = _walk(_collection(live_server.url, world.colleague, "all"), per_request=50)
    assert len(insider) == MARKINGS + ORIGINATOR + 2 + 2 * 2  # AMBER reaches the recipient's institution


def test_originator_identities_follow_what_the_caller_may_read_and_page_once(live_server: Any) -> None:
    world = build_world()
    _seed(world, alerts=3, indicators=2)  # GREEN to CSIRTAmericas, by the author (institution in Chile)
    peer = world.network_peer  # Brazil: her AMBER alert stays in her own institution
    assert peer.institution_id != world.author.institution_id
    actions.create_alert(
        actor=peer, publish=True, title="Internal", body="Ours only", tlp="amber", institutions=[peer.institution]
    )
    author_identity, peer_identity = (stix.identity_id(u.institution_id) for u in (world.author, peer))

    recipient = _collection(live_server.url, world.recipient, "all")
    ids = _walk(recipient, per_request=1)  # one object a page: the identity comes once, in its place
    assert len(ids) == len(set(ids)) == MARKINGS + ORIGINATOR + 3 + 3 * 2
    assert [i for i in ids if i.startswith("identity--")] == [author_identity]
    objects = recipient.get_objects()["objects"]
    (identity,) = [o for o in objects if o["type"] == "identity"]
    assert all(o["created_by_ref"] == author_identity for o in objects if o["type"] in {"report", "indicator"})
    theirs = stix.export_queryset(Alert.objects.filter(originator=world.author.institution)).first()
    assert theirs is not None
    exported = stix.alert_objects(theirs)
    assert identity == exported[1]  # the very identity the STIX export makes
    _valid_bundle([identity, *[o for o in objects if o["type"] == "report"]])
    manifest = {e["id"]: e for e in recipient.get_manifest()["objects"]}
    first_report = min(e["date_added"] for e in manifest.values() if e["id"].startswith("report--"))
    assert manifest[author_identity]["date_added"] == first_report  # added with the first report referring to it
    assert recipient.get_object(author_identity)["objects"] == [identity]
    assert recipient.get_objects(type="identity")["objects"] == [identity]
    with pytest.raises(requests.HTTPError):
        recipient.get_object(peer_identity)  # nothing she may read refers to it: as missing

    peer_ids = _walk(_collection(live_server.url, peer, "all"), per_request=4)
    assert {i for i in peer_ids if i.startswith("identity--")} == {author_identity, peer_identity}
    clear = _walk(_collection(live_server.url, world.recipient, "clear"), per_request=50)
    assert len(clear) == MARKINGS  # no TLP:CLEAR alert, so no identity either


def _valid_bundle(objects: list[dict[str, Any]]) -> None:
    from stix2validator import ValidationOptions, validate_string

    text = json.dumps({"type": "bundle", "id": "bundle--5d0a3b1e-7c7e-4f55-9a6e-0b0f1d2a3c4e", "objects": objects})
    results = validate_string(text, ValidationOptions(strict=True, version="2.1"))
    assert results.is_valid, [str(error) for error in results.errors]
    assert not results.warnings, [str(warning) for warning in results.warnings]


def _envelope(report_name: str) -> dict[str, Any]:
    stamp = "2026-11-01T00:00:00.000Z"
    indicator = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": "indicator--3c4f6f1e-0b7d-4c53-9b8e-2f0f7c7a9d11",
        "created": stamp,
        "modified": stamp,
        "pattern": "[ipv4-addr:value = '203.0.113.99']",
        "pattern_type": "stix",
        "valid_from": stamp,
        "object_marking_refs": [TLP2_IDS["green"]],
    }
    report = {
        "type": "report",
        "spec_version": "2.1",
        "id": "report--8d2c1a4e-5b7f-4e21-a0c3-6e9b2d4f7a15",
        "created": stamp,
        "modified": stamp,
        "name": report_name,
        "published": stamp,
        "object_refs": [indicator["id"]],
        "object_marking_refs": [TLP2_IDS["green"]],
    }
    return {"objects": [report, indicator]}


def test_post_to_a_network_collection_imports_like_a_stix_bundle(live_server: Any) -> None:
    world = build_world()
    collection = _collection(
        live_server.url, world.recipient, "network:csirtamericas", _secret(world.recipient, "write")
    )
    status = collection.add_objects(json.dumps(_envelope("Pushed over TAXII")))
    assert (status.status, status.success_count, status.failure_count) == ("complete", 2, 0)
    alert = Alert.objects.get(title="Pushed over TAXII")
    assert alert.tlp == "green"
    assert list(alert.networks.values_list("code", flat=True)) == ["csirtamericas"]
    assert alert.indicator_links.get().indicator.value == "203.0.113.99"
    status.refresh()
    assert status.success_count == 2
    assert TaxiiStatus.objects.get(pk=status.id).user_id == world.recipient.pk


def test_post_refusals(live_server: Any) -> None:
    world = build_world()
    url = f"{live_server.url}/taxii2/enlace/collections/{collection_id('network:csirtamericas')}/objects/"
    write = {"Accept": MEDIA, "Authorization": f"Bearer {_secret(world.recipient, 'write')}"}
    body = json.dumps(_envelope("x"))
    assert POST(url, data=body, headers={**write, "Content-Type": "application/json"}).status_code == 415
    big = json.dumps({"objects": [{"type": "note", "pad": "x" * (2 * 1024 * 1024)}]})
    assert POST(url, data=big, headers={**write, "Content-Type": MEDIA}).status_code == 413
    assert POST(url, data="{not json", headers={**write, "Content-Type": MEDIA}).status_code == 400
    read_only = {"Accept": MEDIA, "Authorization": f"Bearer {_secret(world.recipient)}", "Content-Type": MEDIA}
    assert POST(url, data=body, headers=read_only).status_code == 403
    everything = url.replace(collection_id("network:csirtamericas"), collection_id("all"))
    assert POST(everything, data=body, headers={**write, "Content-Type": MEDIA}).status_code == 403
    broken = {"objects": [{"type": "report", "id": "report--1", "spec_version": "2.0"}]}
    response = POST(url, data=json.dumps(broken), headers={**write, "Content-Type": MEDIA})
    assert response.status_code == 202
    assert response.json()["failure_count"] == 1
    assert not Alert.objects.filter(title="x").exists()
