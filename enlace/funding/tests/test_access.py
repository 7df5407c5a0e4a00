"""Who sees and records what: a donor user only her own donor's money and what it funded, a coordinator only
her states' donations, an officer records only for her programs; reads of donor pages and every write are
audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.funding import actions
from enlace.funding.iati import budget_for_activity, transactions_for_activity
from enlace.funding.models import Donation, DonorUser, Transaction
from enlace.funding.tests.conftest import give
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db


def _program(code: str) -> Program:
    return Program.objects.get(code=code)


def test_a_donor_sees_only_what_its_own_money_funded(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    mine = give(money, 1, "1000", donor=money["canada"], activity=money["cyber_activity"], earmarking="tightly")
    give(money, 11, "300", donor=money["canada"], program=_program("cybersecurity"))
    theirs = give(money, 1, "9999", donor=money["spain"], program=_program("cybersecurity"))
    give(money, 1, "777", donor=money["spain"], program=_program("border-security"))
    client = client_as("donor")
    listed = {row["id"] for row in client.get("/api/v1/funding/transactions/").json()["results"]}
    assert listed == {mine.pk, mine.pk + 1}
    assert client.get(f"/api/v1/funding/transactions/{theirs.pk}/").status_code == 404
    rows = {row["program"]: row for row in client.get("/api/v1/funding/gaps/programs/").json()}
    assert set(rows) == {"cybersecurity"}  # only what it funded
    assert (rows["cybersecurity"]["funded"], rows["cybersecurity"]["requirement"]) == ("1300.00", None)
    page = client.get("/funding/").content.decode()
    assert "1,300.00" in page
    assert "9,999" not in page
    assert "Border" not in page
    assert client.get("/funding/programs/border-security/").status_code == 404
    assert client.get(f"/funding/donors/{money['spain'].pk}/").status_code == 404
    assert client.get(f"/funding/donors/{money['canada'].pk}/").status_code == 200
    assert client.get("/funding/rates/").status_code == 404
    assert client.get("/funding/transactions/new/").status_code == 404


def test_a_donor_role_without_a_link_sees_nothing(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    give(money, 1, "1000", donor=money["canada"], program=_program("cybersecurity"))
    DonorUser.objects.all().delete()
    client = client_as("donor")
    assert client.get("/funding/").status_code == 404
    assert client.get("/api/v1/funding/transactions/").status_code == 404


def test_a_coordinator_sees_only_her_states_donations(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    admin = money["admin"]
    for iso2 in ("AR", "UY"):
        actions.record_donation(
            actor=admin,
            item=f"Radios for {iso2}",
            quantity=2,
            value=Decimal("100"),
            currency="USD",
            state=MemberState.objects.get(iso2=iso2),
            donated_on=date(2026, 1, 1),
        )
    client = client_as("coordinator")  # Argentina
    page = client.get("/funding/donations/").content.decode()
    assert "Radios for AR" in page
    assert "Radios for UY" not in page
    uruguay = Donation.objects.get(state__iso2="UY")
    assert client.get(f"/api/v1/funding/donations/{uruguay.pk}/").status_code == 404
    assert client.get("/funding/").status_code == 404
    assert client.get("/funding/donations/new/").status_code == 404


def test_an_officer_records_money_only_for_her_programs(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer")  # cybersecurity
    base = {"type": 11, "value": "10", "currency": "USD", "value_date": "2026-01-01", "earmarking": "softly"}
    refused = client.post("/funding/transactions/new/", {**base, "program": _program("border-security").pk})
    assert refused.status_code == 400
    assert "may not record money for this program" in refused.content.decode()
    unearmarked = client.post("/funding/transactions/new/", {**base, "earmarking": "unearmarked"})
    assert unearmarked.status_code == 400
    assert not Transaction.objects.exists()
    allowed = client.post("/funding/transactions/new/", {**base, "program": _program("cybersecurity").pk})
    assert allowed.status_code == 302
    entry = AuditRecord.objects.get(action="funding.transaction.add")
    assert entry.changes["value"] == "10.00"
    assert entry.object_id == str(Transaction.objects.get().pk)


def test_reading_a_donor_page_is_audited(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    client = client_as("donor")
    assert client.get(f"/funding/donors/{money['canada'].pk}/").status_code == 200
    entry = AuditRecord.objects.filter(action="funding.donor.view").get()
    assert entry.object_id == str(money["canada"].pk)
    assert client.get(f"/api/v1/funding/donors/{money['canada'].pk}/").status_code == 200
    assert AuditRecord.objects.filter(action="funding.donor.view").count() == 2


def test_only_a_donor_role_user_can_be_linked(
    money: dict[str, Any], client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as("admin")
    url = f"/funding/donors/{money['spain'].pk}/users/"
    assert client.post(url, {"user": persona("expert").pk}).status_code == 400
    assert client.post(url, {"user": persona("donor").pk}).status_code == 302
    assert DonorUser.objects.filter(donor=money["spain"], user=persona("donor")).exists()
    assert AuditRecord.objects.filter(action="funding.donor.link_user", object_id=str(money["spain"].pk)).exists()


def test_the_secretariat_enters_rates_donors_funds_and_donations(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer")
    assert (
        client.post(
            "/funding/rates/", {"currency": "GBP", "usd_per_unit": "1.27", "valid_from": "2026-01-01"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/funding/rates/", {"currency": "GBP", "usd_per_unit": "-1", "valid_from": "2026-01-01"}
        ).status_code
        == 400
    )
    assert "1.27000000" in client.get("/funding/rates/").content.decode()
    assert client.post("/funding/donors/new/", {"name": "Germany", "kind": "agency"}).status_code == 302
    assert client.post("/funding/donors/new/", {"name": "germany", "kind": "agency"}).status_code == 400
    fund = {"name": "Pooled fund", "currency": "EUR", "donors": [money["spain"].pk]}
    assert client.post("/funding/funds/new/", fund).status_code == 302
    donation = {
        "item": "Scanners",
        "quantity": "2",
        "value": "500",
        "currency": "USD",
        "state": MemberState.objects.get(iso2="JM").pk,
        "donated_on": "2026-02-01",
    }
    assert client.post("/funding/donations/new/", donation).status_code == 302
    actions_done = set(AuditRecord.objects.filter(action__startswith="funding.").values_list("action", flat=True))
    assert {"funding.rate.add", "funding.donor.add", "funding.fund.add", "funding.donation.add"} <= actions_done


def test_api_creates_a_transaction_and_refuses_unknown_fields(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("admin")
    body = {
        "type": 11,
        "value": "250.00",
        "currency": "EUR",
        "value_date": "2026-02-01",
        "earmarking": "softly",
        "program": "cybersecurity",
        "donor": money["spain"].pk,
    }
    made = client.post("/api/v1/funding/transactions/", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["program"] == "cybersecurity"
    extra = client.post("/api/v1/funding/transactions/", {**body, "bogus": 1}, content_type="application/json")
    assert extra.status_code == 400
    assert Transaction.objects.count() == 1


def test_iati_helpers_list_transactions_and_budget(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    activity = money["cyber_activity"]
    give(money, 13, "50", donor=money["canada"], activity=activity, earmarking="tightly", value_date=date(2026, 1, 1))
    give(money, 1, "40", "CAD", donor=money["canada"], activity=activity, earmarking="tightly")
    actions.set_requirement(actor=money["admin"], year=2026, amount_usd=Decimal("900"), activity=activity)
    rows = transactions_for_activity(activity)
    assert [(r.type_code, r.value, r.currency, r.provider_org) for r in rows] == [
        (13, Decimal("50.00"), "USD", "Canada"),
        (1, Decimal("40.00"), "CAD", "Canada"),
    ]
    (budget,) = budget_for_activity(activity)
    assert (budget.period_start, budget.period_end, budget.value) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        Decimal("900.00"),
    )


def test_an_officer_allocates_and_sets_requirements_only_for_her_programs(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    fund = actions.create_fund(actor=money["admin"], name="Pool", currency="USD", donors=[money["canada"]])
    client = client_as("officer")  # cybersecurity
    allocation = {"fund": fund.pk, "value": "100", "currency": "USD", "value_date": "2026-01-01"}
    other = client.post("/funding/allocations/new/", {**allocation, "activity": money["border_activity"].pk})
    assert other.status_code == 400
    mine = client.post("/funding/allocations/new/", {**allocation, "activity": money["cyber_activity"].pk})
    assert mine.status_code == 302
    assert "CSIRT workshop" in client.get(f"/funding/funds/{fund.pk}/").content.decode()
    requirement = {"year": 2026, "amount_usd": "10"}
    border = _program("border-security").pk
    assert client.post("/funding/requirements/new/", {**requirement, "program": border}).status_code == 400
    both = {**requirement, "program": _program("cybersecurity").pk, "activity": money["cyber_activity"].pk}
    assert client.post("/funding/requirements/new/", both).status_code == 400
    assert (
        client.post("/funding/requirements/new/", {**requirement, "activity": money["cyber_activity"].pk}).status_code
        == 302
    )
    assert set(
        AuditRecord.objects.filter(action__in=["funding.allocation.add", "funding.requirement.add"]).values_list(
            "action", flat=True
        )
    ) == {
        "funding.allocation.add",
        "funding.requirement.add",
    }


def test_api_rates_refuse_unknown_fields_and_usd(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    client = client_as("officer")
    good = {"currency": "MXN", "usd_per_unit": "0.055", "valid_from": "2026-01-01"}
    assert client.post("/api/v1/funding/rates/", good, content_type="application/json").status_code == 201
    assert client.post("/api/v1/funding/rates/", {**good, "x": 1}, content_type="application/json").status_code == 400
    usd = {**good, "currency": "USD"}
    assert client.post("/api/v1/funding/rates/", usd, content_type="application/json").status_code == 400


def test_the_transactions_of_a_program_are_paged_and_every_one_counts(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    for day in range(1, 56):  # 55 transactions: one page of 50, then 5
        give(money, 1, "10", program=_program("cybersecurity"), value_date=date(2026, 1, 1) + timedelta(days=day))
    admin = client_as("admin")
    first = admin.get("/funding/programs/cybersecurity/")
    assert first.context["totals"].received == Decimal("550.00")  # totals count every transaction, not the page
    assert len(first.context["transactions"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = admin.get("/funding/programs/cybersecurity/", {"page": 2})
    assert len(second.context["transactions"]) == 5
    assert admin.get("/funding/programs/cybersecurity/", {"page": "x"}).status_code == 200  # a bad page: the first
