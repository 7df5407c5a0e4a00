"""Corrections through the pages and the API: a reversal nets the totals to what they were without the
transaction, is refused twice, and only whoever may record the transaction may reverse it; a correction is
atomic; in-kind donations are changed (audited before and after) or withdrawn, not deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.funding import actions
from enlace.funding.models import Allocation, Donation, Transaction
from enlace.funding.tests.conftest import give
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db
COMMIT, RECEIVED = 11, 1


def _cyber() -> Program:
    return Program.objects.get(code="cybersecurity")


def _gaps(client: Client) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/funding/gaps/programs/")
    assert response.status_code == 200, response.content
    return {row["program"]: row for row in response.json()}


def _written() -> tuple[int, int, int]:
    """Transactions, allocations and funding writes in the audit trail (sign-ins and reads are audited too)."""
    writes = AuditRecord.objects.filter(action__startswith="funding.").exclude(action="funding.donor.view")
    return Transaction.objects.count(), Allocation.objects.count(), writes.count()


def _post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_a_reversal_nets_totals_and_gap_to_what_they_were_without_the_transaction(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer")
    assert officer.post("/funding/requirements/new/", {"year": 2026, "amount_usd": "5000", "program": _cyber().pk})
    give(money, COMMIT, "1500", donor=money["spain"], program=_cyber())
    give(money, RECEIVED, "200", donor=money["canada"], program=_cyber(), value_date=date(2026, 4, 1))
    without = _gaps(officer)["cybersecurity"]
    wrong = give(money, COMMIT, "900", "EUR", donor=money["canada"], program=_cyber(), value_date=date(2026, 3, 1))
    assert _gaps(officer)["cybersecurity"]["funded"] != without["funded"]
    page = officer.get("/funding/programs/cybersecurity/").content.decode()
    assert f'action="/funding/transactions/{wrong.pk}/reverse/"' in page  # her program: she may reverse it

    response = officer.post(
        f"/funding/transactions/{wrong.pk}/reverse/",
        {"reason": "Duplicate of the Spanish commitment", "date": "2026-04-02", "next": "/funding/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/funding/"
    assert _gaps(officer)["cybersecurity"] == without
    reversal = Transaction.objects.get(reverses=wrong)
    assert (reversal.value, reversal.currency, reversal.type) == (Decimal("-900.00"), "EUR", COMMIT)
    assert (reversal.donor, reversal.program, reversal.earmarking) == (money["canada"], _cyber(), "earmarked")
    assert (reversal.value_date, reversal.entered_on) == (date(2026, 3, 1), date(2026, 4, 2))
    audit = AuditRecord.objects.get(action="funding.transaction.reverse")
    assert audit.changes["reverses"] == wrong.pk
    assert audit.changes["reason"] == "Duplicate of the Spanish commitment"
    page = officer.get("/funding/programs/cybersecurity/").content.decode()
    assert f'<tr id="transaction-{wrong.pk}" class="reversed">' in page
    assert "<del>900.00 EUR</del>" in page
    assert "Duplicate of the Spanish commitment" in page
    assert f'<tr id="transaction-{reversal.pk}" class="reversal">' in page
    assert f"/funding/transactions/{wrong.pk}/reverse/" not in page  # no second Reverse button


def test_a_second_reversal_and_the_reversal_of_a_reversal_are_refused_and_nothing_is_written(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    wrong = give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    client = client_as("admin")
    first = _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/reverse/", {"reason": "Typo"})
    assert first.status_code == 201, first.content
    written = _written()
    again = _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/reverse/", {"reason": "Typo"})
    assert again.status_code == 400
    assert "already reversed" in again.json()["detail"][0]
    back = _post_json(client, f"/api/v1/funding/transactions/{first.json()['id']}/reverse/", {"reason": "Undo"})
    assert back.status_code == 400
    assert "cannot itself be reversed" in back.json()["detail"][0]
    page = client.post(f"/funding/transactions/{wrong.pk}/reverse/", {"reason": "Typo"})
    assert page.status_code == 400
    assert "already reversed" in page.content.decode()
    correct = {"reason": "x", "type": COMMIT, "value": "5", "currency": "USD", "value_date": "2026-01-01"}
    correct |= {"earmarking": "softly", "program": "cybersecurity"}
    assert _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/correct/", correct).status_code == 400
    assert _written() == written


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "Typo", "date": "2026-01-31"}, "date"),  # before the transaction's value date
        ({"reason": "Typo", "date": "2999-01-01"}, "date"),  # in the future
        ({"reason": "Typo", "date": "yesterday"}, "date"),
    ],
)
def test_a_reversal_needs_a_reason_and_a_sensible_date(
    body: dict[str, str], field: str, money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    wrong = give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    written = _written()
    response = _post_json(client_as("admin"), f"/api/v1/funding/transactions/{wrong.pk}/reverse/", body)
    assert response.status_code == 400
    assert field in response.json()
    assert _written() == written


def test_a_donor_user_and_an_officer_of_another_program_cannot_reverse(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    own = give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    border = give(money, COMMIT, "700", donor=money["spain"], program=Program.objects.get(code="border-security"))
    unearmarked = give(money, RECEIVED, "50", donor=money["spain"], earmarking="unearmarked")
    written = _written()
    donor = client_as("donor")
    assert donor.get(f"/api/v1/funding/transactions/{own.pk}/").status_code == 200  # she reads it…
    assert _post_json(donor, f"/api/v1/funding/transactions/{own.pk}/reverse/", {"reason": "No"}).status_code == 404
    assert _post_json(donor, f"/api/v1/funding/transactions/{own.pk}/correct/", {"reason": "No"}).status_code == 404
    assert donor.post(f"/funding/transactions/{own.pk}/reverse/", {"reason": "No"}).status_code == 404
    assert donor.get(f"/funding/transactions/{own.pk}/correct/").status_code == 404
    page = donor.get("/funding/programs/cybersecurity/").content.decode()
    assert "/reverse/" not in page
    assert "/correct/" not in page
    officer = client_as("officer")  # cybersecurity only; unearmarked money is the administrators'
    for row in (border, unearmarked):
        assert officer.get(f"/api/v1/funding/transactions/{row.pk}/").status_code == 200
        reply = _post_json(officer, f"/api/v1/funding/transactions/{row.pk}/reverse/", {"reason": "No"})
        assert reply.status_code == 404
        assert officer.post(f"/funding/transactions/{row.pk}/reverse/", {"reason": "No"}).status_code == 404
    assert _written() == written


def test_a_correction_reverses_and_records_the_right_transaction_in_one_step(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    wrong = give(money, RECEIVED, "1000", donor=money["canada"], program=_cyber(), description="Q1 transfer")
    officer = client_as("officer")
    form = officer.get(f"/funding/transactions/{wrong.pk}/correct/").content.decode()
    assert 'name="value" value="1000.00"' in form  # the form starts from the original's values
    assert 'value="Q1 transfer"' in form
    data = {
        "reason": "The bank statement says 100",
        "type": RECEIVED,
        "value": "100",
        "currency": "USD",
        "value_date": "2026-02-01",
        "earmarking": "softly",
        "donor": money["canada"].pk,
        "program": _cyber().pk,
        "description": "Q1 transfer",
    }
    assert officer.post(f"/funding/transactions/{wrong.pk}/correct/", data).status_code == 302
    assert _gaps(officer)["cybersecurity"]["received"] == "100.00"
    replacement = Transaction.objects.get(reverses__isnull=True, value=Decimal("100"))
    correction = AuditRecord.objects.get(action="funding.transaction.correct")
    assert correction.changes["original"] == wrong.pk
    assert correction.changes["replacement"] == replacement.pk


def test_a_correction_with_bad_new_values_writes_nothing(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    wrong = give(money, RECEIVED, "1000", donor=money["canada"], program=_cyber())
    written = _written()
    client = client_as("officer")
    body = {"reason": "Wrong program", "type": RECEIVED, "value": "1000", "currency": "USD"}
    body |= {"value_date": "2026-02-01", "earmarking": "softly", "program": "border-security"}  # not hers
    response = _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/correct/", body)
    assert response.status_code == 400
    assert "program" in response.json()
    body |= {"program": "cybersecurity", "value": "-5"}
    assert _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/correct/", body).status_code == 400
    page = client.post(f"/funding/transactions/{wrong.pk}/correct/", {**body, "program": _cyber().pk})
    assert page.status_code == 400
    assert _written() == written  # neither the reversal nor the new transaction
    body |= {"value": "10"}
    made = _post_json(client, f"/api/v1/funding/transactions/{wrong.pk}/correct/", body)
    assert made.status_code == 201, made.content
    assert made.json()["reversal"]["reverses"] == wrong.pk
    assert made.json()["reversal"]["value"] == "-1000.00"
    assert made.json()["replacement"]["value"] == "10.00"
    assert (
        client.get(f"/api/v1/funding/transactions/{wrong.pk}/").json()["reversed_by"] == made.json()["reversal"]["id"]
    )


def test_an_allocation_is_reversed_once_from_the_funds_page(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    admin = money["admin"]
    fund = actions.create_fund(actor=admin, name="Cyber pot", currency="CAD", donors=[money["canada"]])
    wrong = actions.allocate(
        actor=admin, fund=fund, activity=money["cyber_activity"], value=Decimal("400"), currency="CAD",
        value_date=date(2026, 2, 1),
    )  # fmt: skip
    officer = client_as("officer")
    page = officer.get(f"/funding/funds/{fund.pk}/").content.decode()
    assert f'action="/funding/allocations/{wrong.pk}/reverse/"' in page
    assert client_as("donor").post(f"/funding/allocations/{wrong.pk}/reverse/", {"reason": "x"}).status_code == 404
    response = officer.post(f"/funding/allocations/{wrong.pk}/reverse/", {"reason": "Wrong activity"})
    assert response.status_code == 302
    reversal = Allocation.objects.get(reverses=wrong)
    assert (reversal.value, reversal.activity, reversal.entered_on) == (
        Decimal("-400.00"),
        money["cyber_activity"],
        timezone.localdate(),
    )
    written = _written()
    again = officer.post(f"/funding/allocations/{wrong.pk}/reverse/", {"reason": "Wrong activity"})
    assert again.status_code == 400
    assert _written() == written
    page = officer.get(f"/funding/funds/{fund.pk}/").content.decode()
    assert f'<li id="allocation-{wrong.pk}" class="reversed">' in page
    assert "Wrong activity" in page


def _donation(money: dict[str, Any], **fields: Any) -> Donation:
    values: dict[str, Any] = {
        "item": "Laptops",
        "quantity": 3,
        "value": Decimal("3000"),
        "currency": "USD",
        "state": MemberState.objects.get(iso2="AR"),
        "donated_on": date(2026, 2, 2),
        "donor": money["canada"],
    }
    return actions.record_donation(actor=money["admin"], **{**values, **fields})


def test_a_donation_is_corrected_through_its_form_and_the_api_audited_before_and_after(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    donation = _donation(money)
    officer = client_as("officer")
    form = officer.get(f"/funding/donations/{donation.pk}/edit/").content.decode()
    assert 'value="Laptops"' in form
    data = {"item": "Laptops", "quantity": 4, "value": "3000", "currency": "USD", "donated_on": "2026-02-02"}
    data |= {"state": MemberState.objects.get(iso2="AR").pk, "donor": money["canada"].pk}
    assert officer.post(f"/funding/donations/{donation.pk}/edit/", data).status_code == 302
    donation.refresh_from_db()
    assert donation.quantity == 4
    change = AuditRecord.objects.get(action="funding.donation.change")
    assert change.changes == {"before": {"quantity": 3}, "after": {"quantity": 4}}
    path = f"/api/v1/funding/donations/{donation.pk}/"
    response = officer.patch(path, {"value": "2500.5", "currency": "eur"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["currency"]) == ("2500.50", "EUR")
    latest = AuditRecord.objects.filter(action="funding.donation.change").order_by("-pk").first()
    assert latest is not None
    assert latest.changes["before"] == {"value": "3000.00", "currency": "USD"}
    bad = officer.patch(path, {"state": "UY"}, content_type="application/json")  # no institution to disagree with
    assert bad.status_code == 200
    refused = officer.patch(path, {"quantity": 0}, content_type="application/json")
    assert refused.status_code == 400
    coordinator = client_as("coordinator")  # reads the donations to Argentina, changes none
    for who in (coordinator, client_as("donor")):
        assert who.patch(path, {"quantity": 9}, content_type="application/json").status_code == 404
        assert who.get(f"/funding/donations/{donation.pk}/edit/").status_code == 404
    donation.refresh_from_db()
    assert donation.quantity == 4


def test_a_withdrawn_donation_leaves_the_lists_but_stays_on_record(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    donation = _donation(money, item="Radios counted twice")
    _donation(money, item="Servers")
    admin = client_as("admin")
    path = f"/api/v1/funding/donations/{donation.pk}/withdraw/"
    assert _post_json(admin, path, {}).status_code == 400
    response = _post_json(admin, path, {"reason": "Entered twice"})
    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_reason"] == "Entered twice"
    audit = AuditRecord.objects.get(action="funding.donation.withdraw")
    assert audit.changes["before"] == {"withdrawn_at": None}
    assert audit.changes["after"]["withdrawn_reason"] == "Entered twice"
    assert _post_json(admin, path, {"reason": "Again"}).status_code == 400
    patch = admin.patch(f"/api/v1/funding/donations/{donation.pk}/", {"quantity": 2}, content_type="application/json")
    assert patch.status_code == 400
    clients = {"admin": admin, "coordinator": client_as("coordinator"), "donor": client_as("donor")}
    for who, client in clients.items():
        listed = {row["item"] for row in client.get("/api/v1/funding/donations/").json()["results"]}
        assert listed == {"Servers"}, who
        assert _post_json(client, path, {"reason": "No"}).status_code == (400 if who == "admin" else 404)
        everything = client.get("/api/v1/funding/donations/?withdrawn=true").json()["results"]
        assert {row["item"] for row in everything} == {"Servers", "Radios counted twice"}, who
        assert "Radios counted twice" not in client.get("/funding/donations/").content.decode()
        shown = client.get("/funding/donations/?withdrawn=1").content.decode()
        assert "Radios counted twice" in shown
        assert "Withdrawn on" in shown
    assert "Radios counted twice" not in admin.get(f"/funding/donors/{money['canada'].pk}/").content.decode()
    officer = client_as("officer")
    page = officer.post(f"/funding/donations/{donation.pk}/withdraw/", {"reason": "Again"})
    assert page.status_code == 400
    assert officer.get(f"/funding/donations/{donation.pk}/edit/").status_code == 404
