"""The funding pages' figures over the API, with a personal token: the overview per program and one program
activity by activity — the same totals as the pages (one function computes both), a donor user her own money only,
transactions without a rate named, never counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from enlace.accounts.actions import create_api_token
from enlace.accounts.models import User
from enlace.funding import actions
from enlace.funding.models import Transaction
from enlace.funding.tests.conftest import give
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db


def _bearer(user: User) -> Client:
    _token, secret = create_api_token(user, actor=user, name="test", scope="read", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _program(code: str) -> Program:
    return Program.objects.get(code=code)


@pytest.fixture
def ledger(money: dict[str, Any]) -> dict[str, Any]:
    """Canada (the donor persona's) funds the cybersecurity workshop; Spain the cybersecurity and border programs;
    requirements for 2026; last year's money apart."""
    cyber, border = _program("cybersecurity"), _program("border-security")
    give(money, 11, "1000", "CAD", donor=money["canada"], activity=money["cyber_activity"], program=cyber)
    give(money, 1, "1000", "CAD", donor=money["canada"], activity=money["cyber_activity"], program=cyber)
    give(money, 13, "500", donor=money["canada"], program=cyber)  # a pledge: shown, never counted
    give(money, 1, "9999", donor=money["spain"], program=cyber)
    give(money, 1, "777", "EUR", donor=money["spain"], program=border)
    give(money, 4, "50", program=cyber)  # expenditure
    give(money, 1, "100", donor=money["spain"], program=cyber, value_date=date(2025, 6, 1))
    give(money, 1, "40", donor=money["canada"], earmarking="unearmarked")
    admin = money["admin"]
    actions.set_requirement(actor=admin, year=2026, amount_usd=Decimal("20000"), program=cyber)
    actions.set_requirement(actor=admin, year=2026, amount_usd=Decimal("1500"), activity=money["cyber_activity"])
    return money


def test_the_overview_is_the_pages_overview(
    ledger: dict[str, Any], persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    response = _bearer(persona("officer")).get("/api/v1/funding/programs/", {"year": "2026"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["currency"], body["year"], body["unconverted"]) == ("USD", 2026, [])
    rows = {row["program"]: row for row in body["programs"]}
    assert set(rows) == set(Program.objects.values_list("code", flat=True))  # the Secretariat sees every program
    cyber = rows["cybersecurity"]
    # CAD at 0.70 in 2026: committed and received 700 count once; Spain 9,999; the pledge apart
    assert cyber == {
        "program": "cybersecurity",
        "name": "Cybersecurity",
        "requirement": "20000.00",
        "committed": "700.00",
        "received": "10699.00",
        "funded": "10699.00",
        "gap": "9301.00",
        "pledged": "500.00",
        "spent": "50.00",
    }
    assert rows["border-security"]["received"] == "854.70"  # 777 EUR at 1.10
    assert rows["border-security"]["requirement"] is None
    assert body["unearmarked"]["received"] == "40.00"
    page = client_as("officer").get("/funding/", {"year": "2026"}).context
    totals = dict((p.code, t) for p, t in page["rows"])
    assert totals["cybersecurity"].funded == Decimal(cyber["funded"])
    assert totals["cybersecurity"].gap == Decimal(cyber["gap"])
    every_year = _bearer(persona("officer")).get("/api/v1/funding/programs/").json()
    assert {r["program"]: r for r in every_year["programs"]}["cybersecurity"]["received"] == "10799.00"


def test_a_program_activity_by_activity(ledger: dict[str, Any], persona: Callable[[str], User]) -> None:
    body = _bearer(persona("admin")).get("/api/v1/funding/programs/cybersecurity/", {"year": "2026"}).json()
    assert (body["program"], body["totals"]["funded"], body["totals"]["gap"]) == (
        "cybersecurity",
        "10699.00",
        "9301.00",
    )
    (activity,) = body["activities"]
    assert activity["activity"] == ledger["cyber_activity"].pk
    assert (activity["requirement"], activity["funded"], activity["gap"]) == ("1500.00", "700.00", "800.00")


def test_a_donor_sees_only_her_own_money_and_no_requirement(
    ledger: dict[str, Any], persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    api = _bearer(persona("donor"))
    body = api.get("/api/v1/funding/programs/").json()
    assert [row["program"] for row in body["programs"]] == ["cybersecurity"]
    (cyber,) = body["programs"]
    assert (cyber["funded"], cyber["pledged"], cyber["requirement"], cyber["gap"]) == ("700.00", "500.00", None, None)
    assert body["unearmarked"]["received"] == "40.00"
    assert "9999" not in str(body)
    detail = api.get("/api/v1/funding/programs/cybersecurity/").json()
    assert [a["activity"] for a in detail["activities"]] == [ledger["cyber_activity"].pk]
    assert detail["totals"]["requirement"] is None
    pages = client_as("donor")  # one sign-in: a TOTP code is accepted once
    assert pages.get("/funding/programs/cybersecurity/").context["totals"].funded == Decimal("700.00")
    # a program she gave nothing to is missing, as on the page
    assert api.get("/api/v1/funding/programs/border-security/").status_code == 404
    assert pages.get("/funding/programs/border-security/").status_code == 404
    assert api.get("/api/v1/funding/programs/no-such-program/").status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "focal_point", "expert", "csirt_analyst"])
def test_outside_the_secretariat_and_donors_the_totals_are_a_404(
    ledger: dict[str, Any], persona: Callable[[str], User], who: str
) -> None:
    api = _bearer(persona(who))
    assert api.get("/api/v1/funding/programs/").status_code == 404
    assert api.get("/api/v1/funding/programs/cybersecurity/").status_code == 404


def test_a_transaction_without_a_rate_is_named_and_left_out(
    ledger: dict[str, Any], persona: Callable[[str], User]
) -> None:
    odd = Transaction.objects.create(
        type=1, value=Decimal("10"), currency="GBP", value_date=date(2026, 1, 1),
        earmarking="softly", program=_program("cybersecurity"), created_by=ledger["admin"],
    )  # fmt: skip
    api = _bearer(persona("officer"))
    for path in ("/api/v1/funding/programs/", "/api/v1/funding/programs/cybersecurity/"):
        body = api.get(path, {"year": "2026"}, HTTP_ACCEPT_LANGUAGE="en").json()
        (row,) = body["unconverted"]
        assert (row["transaction"], row["currency"], row["value"], row["value_date"]) == (
            odd.pk,
            "GBP",
            "10.00",
            "2026-01-01",
        )
        assert row["message"].startswith("No exchange rate for GBP")
    body = api.get("/api/v1/funding/programs/", {"year": "2026"}).json()
    assert {r["program"]: r for r in body["programs"]}["cybersecurity"]["received"] == "10699.00"


@pytest.mark.parametrize("year", ["twenty", "20266", "0"])
def test_a_bad_year_is_a_400(ledger: dict[str, Any], persona: Callable[[str], User], year: str) -> None:
    response = _bearer(persona("officer")).get("/api/v1/funding/programs/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()
