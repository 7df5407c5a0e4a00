"""Funding arithmetic through the pages and the API: pledges never count, a commitment later received counts
once, earmarks are respected, gaps per program and activity, conversion with dated rates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from enlace.funding.models import Transaction
from enlace.funding.money import MissingRate, RateBook
from enlace.funding.tests.conftest import give
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db
COMMIT, RECEIVED, PLEDGE, SPENT = 11, 1, 13, 4


def _gaps(client: Client, path: str = "/api/v1/funding/gaps/programs/") -> dict[Any, dict[str, Any]]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {row["activity"] or row["program"]: row for row in response.json()}


def _cyber() -> Program:
    return Program.objects.get(code="cybersecurity")


def test_pledges_are_shown_but_never_counted(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    give(money, PLEDGE, "5000", donor=money["canada"], program=_cyber())
    give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    client = client_as("admin")
    row = _gaps(client)["cybersecurity"]
    assert (row["pledged"], row["committed"], row["funded"]) == ("5000.00", "1000.00", "1000.00")
    page = client.get("/funding/").content.decode()
    assert '<td class="pledged">5,000.00</td>' in page
    assert '<td class="funded">1,000.00</td>' in page


@pytest.mark.parametrize(
    ("committed", "received", "funded"),
    [("1000", "1000", "1000.00"), ("1000", "400", "1000.00"), ("1000", "1200", "1200.00"), (None, "300", "300.00")],
)
def test_a_commitment_later_received_is_counted_once(
    committed: str | None, received: str, funded: str, money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    if committed:
        give(money, COMMIT, committed, donor=money["canada"], program=_cyber(), value_date=date(2026, 1, 5))
    give(money, RECEIVED, received, donor=money["canada"], program=_cyber(), value_date=date(2026, 3, 5))
    assert _gaps(client_as("officer"))["cybersecurity"]["funded"] == funded


def test_distinct_contributions_add_up(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    give(money, RECEIVED, "500", donor=money["spain"], program=_cyber())
    give(money, COMMIT, "200", donor=money["canada"], activity=money["cyber_activity"], earmarking="tightly")
    assert _gaps(client_as("admin"))["cybersecurity"]["funded"] == "1700.00"


def test_an_earmark_to_one_program_never_counts_for_another(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    give(money, RECEIVED, "1000", donor=money["canada"], program=_cyber())
    give(money, RECEIVED, "700", donor=money["spain"], earmarking="unearmarked")
    rows = _gaps(client_as("admin"))
    assert rows["cybersecurity"]["funded"] == "1000.00"
    assert rows["border-security"]["funded"] == "0.00"
    assert sum(Decimal(r["funded"]) for r in rows.values()) == Decimal("1000.00")  # unearmarked: no program


def test_gap_per_program_and_per_activity(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    client = client_as("admin")
    activity = money["cyber_activity"]
    for data in (
        {"year": 2026, "amount_usd": "5000", "program": _cyber().pk},
        {"year": 2026, "amount_usd": "2000", "activity": activity.pk},
    ):
        assert client.post("/funding/requirements/new/", data).status_code == 302
    give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    give(money, RECEIVED, "600", donor=money["spain"], activity=activity, earmarking="tightly")
    give(money, PLEDGE, "9000", donor=money["spain"], activity=activity, earmarking="tightly")
    program = _gaps(client)["cybersecurity"]
    assert (program["requirement"], program["funded"], program["gap"]) == ("5000.00", "1600.00", "3400.00")
    row = _gaps(client, "/api/v1/funding/gaps/activities/?program=cybersecurity")[activity.pk]
    assert (row["requirement"], row["funded"], row["gap"], row["pledged"]) == (
        "2000.00",
        "600.00",
        "1400.00",
        "9000.00",
    )
    page = client.get("/funding/programs/cybersecurity/").content.decode()
    assert '<dd id="program-gap">3,400.00</dd>' in page


def test_year_filter_takes_the_years_requirement_and_money(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("admin")
    client.post("/funding/requirements/new/", {"year": 2025, "amount_usd": "100", "program": _cyber().pk})
    give(money, RECEIVED, "40", donor=money["canada"], program=_cyber(), value_date=date(2025, 6, 1))
    give(money, RECEIVED, "70", donor=money["spain"], program=_cyber(), value_date=date(2026, 6, 1))
    page = client.get("/funding/?year=2025").content.decode()
    assert '<td class="funded">40.00</td>' in page
    assert '<td class="gap">60.00</td>' in page


def test_conversion_uses_the_latest_rate_on_or_before_the_value_date(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    give(money, RECEIVED, "1000", "CAD", donor=money["canada"], program=_cyber(), value_date=date(2025, 12, 31))
    give(money, RECEIVED, "1000", "CAD", donor=money["spain"], program=_cyber(), value_date=date(2026, 1, 1))
    assert _gaps(client_as("admin"))["cybersecurity"]["received"] == "1450.00"  # 750 + 700
    book = RateBook([("EUR", date(2025, 1, 1), Decimal("1.1")), ("EUR", date(2025, 6, 1), Decimal("1.2"))])
    assert book.to_usd(Decimal("10"), "EUR", date(2025, 5, 31)) == Decimal("11.00")
    assert book.to_usd(Decimal("10"), "EUR", date(2025, 6, 1)) == Decimal("12.00")
    with pytest.raises(MissingRate):
        book.to_usd(Decimal("10"), "EUR", date(2024, 12, 31))


def test_a_transaction_without_a_rate_is_refused_with_the_reason(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("admin")
    data = {
        "type": COMMIT,
        "value": "100",
        "currency": "CAD",
        "value_date": "2024-06-01",
        "earmarking": "softly",
        "program": _cyber().pk,
    }
    response = client.post("/funding/transactions/new/", data)
    assert response.status_code == 400
    assert "No exchange rate for CAD" in response.content.decode()
    body = {"type": COMMIT, "value": "100", "currency": "GBP", "value_date": "2026-01-01", "earmarking": "unearmarked"}
    api = client.post("/api/v1/funding/transactions/", body, content_type="application/json")
    assert api.status_code == 400
    assert "No exchange rate for GBP" in api.content.decode()
    assert not Transaction.objects.exists()


def test_an_unconvertible_row_is_shown_as_an_error_never_as_zero(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    Transaction.objects.create(
        type=RECEIVED, value=Decimal("10"), currency="GBP", value_date=date(2026, 1, 1),
        earmarking="softly", program=_cyber(), created_by=money["admin"],
    )  # fmt: skip
    client = client_as("admin")
    page = client.get("/funding/").content.decode()
    assert "cannot be converted" in page
    assert "No exchange rate for GBP" in page
    assert client.get("/api/v1/funding/gaps/programs/").status_code == 400


@pytest.mark.parametrize(
    ("earmarking", "target", "message"),
    [
        ("tightly", "program", "needs an activity"),
        ("unearmarked", "program", "has no program"),
        ("earmarked", None, "needs a program"),
        ("softly", "activity", "not an activity"),
    ],
)
def test_the_earmark_must_match_its_target(
    earmarking: str, target: str | None, message: str, money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    data: dict[str, Any] = {"type": RECEIVED, "value": "5", "currency": "USD", "value_date": "2026-01-01"}
    data["earmarking"] = earmarking
    if target == "program":
        data["program"] = _cyber().pk
    elif target == "activity":
        data["activity"] = money["cyber_activity"].pk
    response = client_as("admin").post("/funding/transactions/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Transaction.objects.exists()


def test_a_program_fund_takes_money_for_its_program_only(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    from enlace.funding import actions

    fund = actions.create_fund(actor=money["admin"], name="Cyber fund", currency="USD", program=_cyber())
    client = client_as("admin")
    base = {"type": RECEIVED, "value": "5", "currency": "USD", "value_date": "2026-01-01", "fund": fund.pk}
    other = {**base, "earmarking": "softly", "program": Program.objects.get(code="border-security").pk}
    assert "earmarked to another program" in client.post("/funding/transactions/new/", other).content.decode()
    loose = client.post("/funding/transactions/new/", {**base, "earmarking": "unearmarked"})
    assert loose.status_code == 400
    assert not Transaction.objects.exists()
    assert (
        client.post("/funding/transactions/new/", {**base, "earmarking": "softly", "program": _cyber().pk}).status_code
        == 302
    )


# Corrections (docs/funding.md): a reversal is a negative entry of the same type, donor, fund, earmark and value
# date as the transaction it reverses, so the counting rule nets it out on its own.


def _cell(page: str, name: str, program: str = "cybersecurity") -> str:
    """One cell of a program's row of the overview."""
    found = re.search(rf'data-program="{program}">.*?<td class="{name}">([^<]*)</td>', page, re.S)
    assert found, page
    return found.group(1)


def _reverse(client: Client, row: Transaction, reason: str = "Entered by mistake", **extra: Any) -> Any:
    body = {"reason": reason, **extra}
    return client.post(f"/api/v1/funding/transactions/{row.pk}/reverse/", body, content_type="application/json")


def test_a_reversed_commitment_counts_nothing(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    wrong = give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    client = client_as("admin")
    assert _reverse(client, wrong).status_code == 201
    row = _gaps(client)["cybersecurity"]
    assert (row["committed"], row["received"], row["funded"]) == ("0.00", "0.00", "0.00")


def test_a_corrected_commitment_counts_the_corrected_value(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    wrong = give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    give(money, RECEIVED, "300", donor=money["canada"], program=_cyber(), value_date=date(2026, 3, 1))
    client = client_as("admin")
    body = {
        "reason": "The agreement says 800",
        "type": COMMIT,
        "value": "800",
        "currency": "USD",
        "value_date": "2026-02-01",
        "earmarking": "softly",
        "donor": money["canada"].pk,
        "program": "cybersecurity",
    }
    response = client.post(f"/api/v1/funding/transactions/{wrong.pk}/correct/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    row = _gaps(client)["cybersecurity"]
    assert (row["committed"], row["received"], row["funded"]) == ("800.00", "300.00", "800.00")


def test_a_reversed_receipt_leaves_the_commitment_standing(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    wrong = give(money, RECEIVED, "1200", donor=money["canada"], program=_cyber(), value_date=date(2026, 3, 1))
    client = client_as("admin")
    assert _gaps(client)["cybersecurity"]["funded"] == "1200.00"
    assert _reverse(client, wrong).status_code == 201
    row = _gaps(client)["cybersecurity"]
    assert (row["received"], row["funded"]) == ("0.00", "1000.00")


def test_a_pledge_reversal_is_excluded_like_pledges(money: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    pledge = give(money, PLEDGE, "5000", donor=money["canada"], program=_cyber())
    give(money, COMMIT, "1000", donor=money["canada"], program=_cyber())
    client = client_as("admin")
    assert _reverse(client, pledge).status_code == 201
    row = _gaps(client)["cybersecurity"]
    assert (row["pledged"], row["committed"], row["funded"]) == ("0.00", "1000.00", "1000.00")
    assert _cell(client.get("/funding/").content.decode(), "pledged") == "0.00"


def test_a_reversal_converts_at_the_originals_value_date_and_nets_to_exactly_zero(
    money: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    # 1000 CAD on 2025-12-31 at 0.75; reversed in 2026, when the rate is 0.70: still -750 USD, not -700.
    wrong = give(money, RECEIVED, "1000", "CAD", donor=money["canada"], program=_cyber(), value_date=date(2025, 12, 31))
    give(money, RECEIVED, "333.33", "EUR", donor=money["spain"], program=_cyber(), value_date=date(2026, 1, 1))
    client = client_as("admin")
    before = _gaps(client)["cybersecurity"]["received"]
    assert before == "1116.66"  # 750 + 366.663 → 366.66
    response = _reverse(client, wrong, date="2026-03-15")
    assert response.status_code == 201, response.content
    assert (response.json()["value"], response.json()["value_date"]) == ("-1000.00", "2025-12-31")
    assert response.json()["entered_on"] == "2026-03-15"
    assert _gaps(client)["cybersecurity"]["received"] == "366.66"  # exactly the EUR receipt: the CAD nets to 0
    book = RateBook.load()
    reversal = Transaction.objects.get(reverses=wrong)
    usd = [book.to_usd(row.value, row.currency, row.value_date) for row in (wrong, reversal)]
    assert usd == [Decimal("750.00"), Decimal("-750.00")]
    # the year of the original nets too: the reversal is counted in the value date's year
    assert _cell(client.get("/funding/?year=2025").content.decode(), "received") == "0.00"


def test_only_a_reversal_may_be_negative_in_the_database(money: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(
            type=RECEIVED, value=Decimal("-10"), currency="USD", value_date=date(2026, 1, 1),
            earmarking="unearmarked", created_by=money["admin"],
        )  # fmt: skip
    original = give(money, RECEIVED, "10", earmarking="unearmarked")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(
            type=RECEIVED, value=Decimal("10"), currency="USD", value_date=date(2026, 1, 1),
            earmarking="unearmarked", created_by=money["admin"], reverses=original,
        )  # fmt: skip
