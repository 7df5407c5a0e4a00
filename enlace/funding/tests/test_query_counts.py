"""Query counts of the funding overview and lists are pinned: they must not grow with transactions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.funding.models import Fund
from enlace.funding.tests.conftest import give
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db

PAGES = [
    # totals from the values of every transaction, then the years that have any (one query each)
    ("/funding/", "admin", 9),
    ("/funding/?year=2026", "officer", 9),
    ("/funding/", "donor", 9),
    # the transactions table is paged: a count, then one page (with reversals joined), then which of the page's
    # rows the user may reverse
    ("/funding/programs/cybersecurity/", "admin", 11),
    ("/funding/programs/cybersecurity/", "donor", 10),  # a donor reverses nothing: no such query
    ("/funding/donations/", "coordinator", 4),
    ("/funding/donations/?withdrawn=1", "admin", 4),
    # the fund, its donors, its transactions' page, its allocations (with reversals), which ones may be reversed
    ("/funding/funds/{fund}/", "officer", 10),
    # the same totals over the API: no chart, no list of years, no funds
    ("/api/v1/funding/programs/", "admin", 8),
    ("/api/v1/funding/programs/?year=2026", "donor", 8),
    ("/api/v1/funding/programs/cybersecurity/", "admin", 9),
    ("/api/v1/funding/programs/cybersecurity/", "donor", 9),
]


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _grow(money: dict[str, Any], rows: int) -> None:
    from datetime import date
    from decimal import Decimal

    from enlace.funding import actions
    from enlace.geo.models import MemberState

    admin = money["admin"]
    fund = Fund.objects.filter(name="Grown").first() or actions.create_fund(actor=admin, name="Grown", currency="CAD")
    for _ in range(rows):
        give(money, 1, "10", "CAD", donor=money["canada"], program=Program.objects.get(code="cybersecurity"))
        wrong = give(
            money, 11, "10", "EUR", donor=money["canada"], activity=money["cyber_activity"], earmarking="tightly"
        )
        actions.reverse_transaction(actor=admin, original=wrong, reason="Entered twice")
        give(money, 11, "10", "CAD", fund=fund, activity=money["cyber_activity"], earmarking="tightly")
        allocation = actions.allocate(
            actor=admin,
            fund=fund,
            activity=money["cyber_activity"],
            value=Decimal("5"),
            currency="CAD",
            value_date=date(2026, 2, 1),
        )
        actions.reverse_allocation(actor=admin, original=allocation, reason="Wrong activity")
        actions.allocate(
            actor=admin,
            fund=fund,
            activity=money["cyber_activity"],
            value=Decimal("5"),
            currency="CAD",
            value_date=date(2026, 2, 1),
        )
        withdrawn = actions.record_donation(
            actor=admin,
            item="Duplicate",
            quantity=1,
            value=Decimal("1"),
            currency="USD",
            state=MemberState.objects.get(iso2="AR"),
            donated_on=date(2026, 1, 1),
        )
        actions.withdraw_donation(actor=admin, donation=withdrawn, reason="Recorded twice")
        actions.record_donation(
            actor=money["admin"],
            item="Radio",
            quantity=1,
            value=Decimal("1"),
            currency="USD",
            state=MemberState.objects.get(iso2="AR"),
            donated_on=date(2026, 1, 1),
            donor=money["canada"],
        )


@pytest.mark.parametrize(("path", "who", "expected"), PAGES)
def test_funding_pages_run_a_fixed_number_of_queries(
    path: str, who: str, expected: int, money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as(who)
    _grow(money, 1)
    path = path.format(fund=Fund.objects.get(name="Grown").pk)
    client.get(path)  # the first page after signing in also refreshes the session
    first = _count(client, path)
    _grow(money, 5)
    second = _count(client, path)
    assert (first, second) == (expected, expected)
