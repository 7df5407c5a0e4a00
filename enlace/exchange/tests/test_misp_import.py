"""MISP event JSON import over the API: our own feed event round-trips; malformed input is a 4xx, nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.models import Alert, AlertIndicator
from enlace.exchange.testing import World, build_world, publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/alerts/import/misp/?networks=csirtamericas"


def _api(user: Any) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def world() -> World:
    return build_world()


def _post(client: Client, data: Any) -> Any:
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(URL, data=body, content_type="application/json")


def test_our_own_feed_event_round_trips(world: World) -> None:
    alert = publish(world, "green", "network")
    items = [NewIndicator("evil.example.org", "domain"), NewIndicator("AS64500", "asn", actionable=False)]
    add_indicators(actor=world.author, alert=alert, items=items)
    event = _api(world.recipient).get(f"/api/v1/misp/all/{alert.uuid}.json").json()
    response = _post(_api(world.recipient), {"response": [event]})
    assert response.status_code == 201, response.content
    (made,) = response.json()["alerts"]
    copy = Alert.objects.get(pk=made["id"])
    assert copy.title == alert.title
    assert copy.tlp == "green"
    assert list(copy.networks.values_list("code", flat=True)) == ["csirtamericas"]
    links = {(link.indicator.type, link.indicator.value, link.actionable) for link in copy.indicator_links.all()}
    assert links == {("domain", "evil.example.org", True), ("asn", "AS64500", False)}


def _event(**fields: Any) -> dict[str, Any]:
    base = {"info": "From MISP", "distribution": "1", "Tag": [{"name": "tlp:amber"}], "Attribute": []}
    return {"Event": {**base, **fields}}


def test_distribution_zero_keeps_the_alert_in_the_importers_institution(world: World) -> None:
    data = _event(distribution="0", Object=[{"Attribute": [{"type": "ip-dst", "value": "203.0.113.9"}]}])
    response = _post(_api(world.recipient), data)
    assert response.status_code == 201, response.content
    copy = Alert.objects.get(pk=response.json()["alerts"][0]["id"])
    assert list(copy.institutions.values_list("pk", flat=True)) == [world.recipient.institution_id]
    assert not copy.networks.exists()
    assert copy.indicator_links.get().indicator.value == "203.0.113.9"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        {"Event": "nope"},
        [],
        _event(distribution="7"),
        _event(Tag=[]),
        _event(Tag=[{"name": "tlp:purple"}]),
        _event(Attribute=[{"type": "ip-dst", "value": "999.1.1.1"}]),
        _event(Attribute=[{"type": "md5", "value": "xyz"}]),
        [_event(), _event(Attribute=[{"type": "domain", "value": "not a domain"}])],
    ],
)
def test_malformed_input_is_refused_and_nothing_is_written(world: World, body: Any) -> None:
    before = (Alert.objects.count(), AlertIndicator.objects.count())
    response = _post(_api(world.recipient), body)
    assert 400 <= response.status_code < 500, response.content
    assert (Alert.objects.count(), AlertIndicator.objects.count()) == before


def test_oversize_is_refused(world: World, settings: Any) -> None:
    settings.ENLACE_STIX_IMPORT_MAX_MB = 1
    big = _event(info="x" * (1024 * 1024 + 10))
    response = _post(_api(world.recipient), big)
    assert response.status_code in (400, 413)
    assert not Alert.objects.filter(title__startswith="xxx").exists()
