"""What the IATI export needs from funding, in IATI's own terms: transactions by TransactionType code and the
activity's yearly budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from enlace.funding.models import Requirement, Transaction
from enlace.workplan.models import Activity


@dataclass(frozen=True)
class IatiTransaction:
    """One <transaction>: type code, value date, value and currency, and the provider organisation. A reversal
    has its negative value and the original's value date."""

    type_code: int
    value_date: date
    value: Decimal
    currency: str
    provider_org: str


@dataclass(frozen=True)
class IatiBudget:
    """One <budget>: a calendar year's requirement, in US dollars."""

    period_start: date
    period_end: date
    value: Decimal
    currency: str = "USD"


def transactions_for_activity(activity: Activity) -> list[IatiTransaction]:
    """The activity's transactions, oldest first (pledges included: IATI type 13 says what they are)."""
    rows = Transaction.objects.filter(activity=activity).select_related("donor").order_by("value_date", "id")
    return [
        IatiTransaction(row.type, row.value_date, row.value, row.currency, row.donor.name if row.donor else "")
        for row in rows
    ]


def budget_for_activity(activity: Activity) -> list[IatiBudget]:
    """The activity's requirement per year, as IATI budgets."""
    rows = Requirement.objects.filter(activity=activity).order_by("year")
    return [IatiBudget(date(r.year, 1, 1), date(r.year, 12, 31), r.amount_usd) for r in rows]
