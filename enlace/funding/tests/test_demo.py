"""The funding demo: four donors, rates, two years of money in three currencies, a visible gap, and the demo
donor user sees only Canada's money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from enlace.accounts import demo as accounts_demo
from enlace.accounts.models import User
from enlace.funding import demo
from enlace.funding.models import Donor, Transaction
from enlace.workplan import demo as workplan_demo

pytestmark = pytest.mark.django_db


def test_demo_funding_converts_shows_a_gap_and_keeps_the_donor_to_its_own_money() -> None:
    accounts_demo.load()
    workplan_demo.load()
    demo.load()
    demo.load()  # a second run changes nothing
    assert set(Donor.objects.values_list("name", flat=True)) == {"Canada", "United States", "Spain", "Germany"}
    assert set(Transaction.objects.values_list("currency", flat=True)) == {"USD", "CAD", "EUR"}
    assert {t.value_date.year for t in Transaction.objects.all()} == {2025, 2026}
    client = Client()
    client.force_login(User.objects.get(email="officer@enlace.demo"))
    rows = {row["program"]: row for row in client.get("/api/v1/funding/gaps/programs/").json()}
    assert Decimal(rows["cybersecurity"]["gap"]) > 0
    assert Decimal(rows["border-security"]["funded"]) == Decimal("500000.00")  # committed and received: once
    donor = Client()
    donor.force_login(User.objects.get(email="donor@enlace.demo"))
    donors = {row["program"] for row in donor.get("/api/v1/funding/gaps/programs/").json()}
    assert donors == {"cybersecurity"}
    assert {t["donor"] for t in donor.get("/api/v1/funding/transactions/").json()["results"]} == {
        Donor.objects.get(name="Canada").pk
    }
