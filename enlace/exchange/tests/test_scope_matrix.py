"""Scope leakage matrix: for each TLP level and each kind of scope, who reads the alert on every channel.

The expected readers are written out below by hand from the TLP 2.0 rules (docs/exchange.md), not computed
by the code under test. Channels: the list page, the detail page, search, the REST API (list and detail),
the trends counts, TAXII objects and manifest, the public bulletins, the MISP feeds (all-readable and public),
in-app notifications and e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.common.testing import sign_in
from enlace.exchange.models import Alert
from enlace.exchange.scope import reader_ids
from enlace.exchange.stix import stix_id
from enlace.exchange.taxii.collections import collection_id
from enlace.exchange.testing import World, build_world, publish
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db

TAXII = f"/taxii2/enlace/collections/{collection_id('all')}/"
MEDIA = "application/taxii+json;version=2.1"
EVERYONE = {"recipient", "colleague", "network_peer", "other_network", "other_state"}
# (tlp, scope kind) → who, besides the author and the Secretariat, reads the alert.
EXPECTED: dict[tuple[str, str], set[str]] = {
    **{("clear", kind): EVERYONE for kind in ("network", "state", "institution", "named", "all")},
    ("green", "network"): {"recipient", "network_peer"},
    ("green", "state"): {"recipient", "colleague", "other_network"},
    ("green", "institution"): {"recipient", "colleague"},
    ("green", "named"): {"recipient"},
    ("green", "all"): EVERYONE,
    **{
        (tlp, scope): readers
        for tlp in ("amber", "amber+strict")
        for scope, readers in {
            "network": {"recipient", "colleague", "network_peer"},
            "state": {"recipient", "colleague", "other_network"},
            "institution": {"recipient", "colleague"},
            "named": {"recipient", "colleague"},
            "all": EVERYONE,
        }.items()
    },
    ("red", "named"): {"recipient"},
}


def _api(user: Any) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_every_channel_shows_an_alert_to_exactly_its_readers(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    world: World = build_world()
    users = world.users()
    pages = {name: sign_in(Client(), user) for name, user in users.items()}
    apis = {name: _api(user) for name, user in users.items()}
    anonymous = Client()
    wrong: list[str] = []
    counted = dict.fromkeys(users, 0)  # each reader's trends total so far: a new alert she reads adds one
    for (tlp, scope), expected in EXPECTED.items():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            alert = publish(world, tlp, scope)
        readers = expected | {"author", "officer"}
        link = f'href="/alerts/{alert.pk}/"'  # the search form echoes the query, so look for the link
        report = stix_id("report", alert.uuid)
        for name in users:
            should = name in readers
            seen = {
                "list": link in pages[name].get("/alerts/").content.decode(),
                "search": link in pages[name].get("/alerts/", {"q": alert.title}).content.decode(),
                "detail": pages[name].get(f"/alerts/{alert.pk}/").status_code == 200,
                "api list": any(a["id"] == alert.pk for a in apis[name].get("/api/v1/alerts/").json()["results"]),
                "api detail": apis[name].get(f"/api/v1/alerts/{alert.pk}/").status_code == 200,
                "trends": apis[name].get("/api/v1/alerts/trends/").json()["alerts"] > counted[name],
                "taxii objects": report in apis[name].get(f"{TAXII}objects/", HTTP_ACCEPT=MEDIA).content.decode(),
                "taxii manifest": report in apis[name].get(f"{TAXII}manifest/", HTTP_ACCEPT=MEDIA).content.decode(),
                "misp feed": str(alert.uuid) in apis[name].get("/api/v1/misp/all/manifest.json").json(),
                "misp event": apis[name].get(f"/api/v1/misp/all/{alert.uuid}.json").status_code == 200,
            }
            counted[name] += seen["trends"]
            for channel, visible in seen.items():
                if visible != should:
                    wrong.append(f"{tlp}/{scope} {channel}: {name} {'sees' if visible else 'misses'} it")
        told = set(Notification.objects.filter(key__startswith=f"alert:{alert.pk}:").values_list("user_id", flat=True))
        expected_told = {users[n].pk for n in readers - {"author"}}
        if told != expected_told:
            wrong.append(f"{tlp}/{scope} in-app: {sorted(told)} != {sorted(expected_told)}")
        mailed = {address for message in mail.outbox for address in message.to}
        expected_mailed = {users[n].email for n in readers - {"author"}}
        if mailed != expected_mailed:
            wrong.append(f"{tlp}/{scope} e-mail: {sorted(mailed)} != {sorted(expected_mailed)}")
        if tlp in {"amber", "amber+strict", "red"} and any(alert.body in m.body for m in mail.outbox):
            wrong.append(f"{tlp}/{scope} e-mail: the text went out in clear")
        policy = policy_for(Alert)
        by_policy = {u.pk for u in User.objects.filter(is_active=True) if policy.can(u, "view", alert)}
        if reader_ids(alert) != by_policy:
            wrong.append(f"{tlp}/{scope} reader_ids: {sorted(reader_ids(alert))} != policy {sorted(by_policy)}")
        public = anonymous.get(f"/alerts/public/{alert.pk}/").status_code == 200
        if public != (tlp == "clear"):
            wrong.append(f"{tlp}/{scope} public page: {'shown' if public else 'hidden'}")
        in_public_feed = str(alert.uuid) in anonymous.get("/api/v1/misp/public/manifest.json").json()
        if in_public_feed != (tlp == "clear"):
            wrong.append(f"{tlp}/{scope} public MISP feed: {'shown' if in_public_feed else 'hidden'}")
        Alert.objects.filter(pk=alert.pk).update(title=f"done {alert.pk}")  # keep later title searches apart
    assert not wrong, "\n".join(wrong)
