"""Query counts of the exchange pages are pinned: they must not grow with alerts, readers, answers or messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.common.testing import make_user, sign_in
from enlace.exchange import actions
from enlace.exchange.models import Alert
from enlace.exchange.testing import World, build_world, publish

pytestmark = pytest.mark.django_db

PAGES = [
    ("/alerts/", "author", 8),
    ("/alerts/?q=to&tlp=amber", "author", 8),
    ("/alerts/{alert}/", "author", 37),
    ("/alerts/{alert}/", "recipient", 28),
    ("/alerts/public/", None, 2),
]


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _grow(world: World, first: Alert, rows: int) -> None:
    for n in range(rows):
        publish(world, "amber", "network")
        publish(world, "clear", "all")
        reader = make_user("csirt_analyst", state="AR")
        reader.institution = world.i1
        reader.save(update_fields=["institution"])
        actions.acknowledge(actor=reader, alert=first, answer="received", note=f"note {n}")
        actions.add_comment(actor=reader, alert=first, body=f"message {n}")


@pytest.mark.parametrize(("template", "who", "expected"), PAGES)
def test_exchange_pages_use_a_fixed_number_of_queries(
    template: str, who: str | None, expected: int, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world = build_world()
    first = publish(world, "amber", "institution")
    path = template.format(alert=first.pk)
    client = sign_in(Client(), getattr(world, who)) if who else Client()
    _count(client, path)  # warm-up: the first request after sign-in also saves the session
    _grow(world, first, 2)
    few = _count(client, path)
    _grow(world, first, 8)
    many = _count(client, path)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


def test_a_taxii_page_uses_a_fixed_number_of_queries() -> None:
    """The objects of a page (reports, observables, identities) are read in bulk, not one query per object."""
    from enlace.accounts import actions as account_actions
    from enlace.exchange.indicator_actions import NewIndicator, add_indicators
    from enlace.exchange.taxii.collections import collection_id

    world = build_world()
    _token, secret = account_actions.create_api_token(
        world.recipient, actor=world.recipient, name="t", scope="read", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT="application/taxii+json;version=2.1")
    path = f"/taxii2/enlace/collections/{collection_id('all')}/objects/"

    def grow(alerts: int) -> None:
        for n in range(alerts):
            alert = publish(world, "green", "network", title=f"Campaign {n}")
            add_indicators(
                actor=world.author,
                alert=alert,
                items=[NewIndicator(f"198.51.100.{n}"), NewIndicator(f"CVE-2024-{1000 + n}")],
            )

    grow(1)
    _count(client, path)  # warm-up
    few = _count(client, path)
    grow(8)
    many = _count(client, path)
    assert few == many, f"TAXII page: {few} queries with few objects, {many} with many"
    assert many == 17, f"TAXII page: {many} queries"
