"""Conversion to US dollars with dated rates, and the counting rule of funding totals and gaps (docs/funding.md).

Counting rule (after OCHA FTS): pledges are shown but never counted. A contribution is identified by its
(donor, fund, program, activity); its funding is the larger of what was committed and what was received for
it, so a commitment that is later paid is counted once. Funding of a program is the sum over contributions
earmarked to it or to one of its activities; of an activity, over contributions earmarked to that activity.
Unearmarked money counts for no program. Gap = requirement - funding.

Corrections: a reversal is a negative transaction with its original's type, contribution key and value date
(`actions.reverse_transaction`), so it converts at the same rate and the sums net it out with nothing special
here: a reversed commitment counts nothing, a corrected one its replacement, a reversed pledge stays out.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.funding.models import ExchangeRate, TransactionType

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
COMMITMENT = TransactionType.INCOMING_COMMITMENT
RECEIVED = TransactionType.INCOMING_FUNDS
PLEDGE = TransactionType.INCOMING_PLEDGE
SPENT = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)


class MissingRate(ValidationError):
    """No exchange rate for a currency on or before a date: the amount cannot be converted."""

    def __init__(self, currency: str, on: date) -> None:
        self.currency, self.on = currency, on
        super().__init__(
            _("No exchange rate for %(currency)s on or before %(date)s: enter one on the exchange-rate page.")
            % {"currency": currency, "date": date_format(on, "SHORT_DATE_FORMAT")},
            code="missing_rate",
        )


class RateBook:
    """Every dated rate, loaded once; `to_usd` uses the latest rate on or before the value date."""

    def __init__(self, rates: Iterable[tuple[str, date, Decimal]]) -> None:
        self._dates: dict[str, list[date]] = defaultdict(list)
        self._rates: dict[str, list[Decimal]] = defaultdict(list)
        for currency, valid_from, rate in sorted(rates):
            self._dates[currency].append(valid_from)
            self._rates[currency].append(rate)

    @classmethod
    def load(cls) -> RateBook:
        """All the rates in the database (one query)."""
        return cls(ExchangeRate.objects.values_list("currency", "valid_from", "usd_per_unit"))

    def rate(self, currency: str, on: date) -> Decimal:
        """US dollars per unit of `currency` on `on`; MissingRate when none is valid yet."""
        if currency == "USD":
            return Decimal(1)
        i = bisect.bisect_right(self._dates.get(currency, []), on)
        if i == 0:
            raise MissingRate(currency, on)
        return self._rates[currency][i - 1]

    def to_usd(self, value: Decimal, currency: str, on: date) -> Decimal:
        """`value` in US dollars, rounded to the cent."""
        return (value * self.rate(currency, on)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Totals:
    """Money for one program or activity, in US dollars."""

    requirement: Decimal | None = None
    committed: Decimal = ZERO
    received: Decimal = ZERO
    funded: Decimal = ZERO
    pledged: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def gap(self) -> Decimal | None:
        """Requirement - funding; None without a requirement."""
        return None if self.requirement is None else self.requirement - self.funded


@dataclass
class Funding:
    """Totals by program id and by activity id, the unearmarked pool, and the transactions that cannot be
    converted (shown as an error, never counted as 0)."""

    programs: dict[int, Totals] = field(default_factory=lambda: defaultdict(Totals))
    activities: dict[int, Totals] = field(default_factory=lambda: defaultdict(Totals))
    unearmarked: Totals = field(default_factory=Totals)
    unconverted: list[tuple[Money, MissingRate]] = field(default_factory=list)


type Key = tuple[int | None, int | None, int | None, int | None]


class Money(Protocol):
    """What the counting rule reads of a transaction: a `Transaction`, or a row of its values."""

    type: int
    value: Decimal
    currency: str
    value_date: date
    donor_id: int | None
    fund_id: int | None
    program_id: int | None
    activity_id: int | None


@dataclass(slots=True)
class Row:
    """A transaction's values for the totals, without a model instance (pages over thousands of transactions)."""

    pk: int
    type: int
    value: Decimal
    currency: str
    value_date: date
    donor_id: int | None
    fund_id: int | None
    program_id: int | None
    activity_id: int | None


ROW_FIELDS = ("pk", "type", "value", "currency", "value_date", "donor_id", "fund_id", "program_id", "activity_id")


def _add(totals: Totals, kind: int, usd: Decimal) -> None:
    if kind == COMMITMENT:
        totals.committed += usd
    elif kind == RECEIVED:
        totals.received += usd
    elif kind == PLEDGE:
        totals.pledged += usd
    elif kind in SPENT:
        totals.spent += usd


def compute(
    transactions: Iterable[Money], rates: RateBook, requirements: Iterable[tuple[int | None, int | None, Decimal]]
) -> Funding:
    """Apply the counting rule to `transactions`; `requirements` are (program id, activity id, USD) rows."""
    result = Funding()
    contributions: dict[Key, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])  # [committed, received]
    for row in transactions:
        try:
            usd = rates.to_usd(row.value, row.currency, row.value_date)
        except MissingRate as exc:
            result.unconverted.append((row, exc))
            continue
        targets = []
        if row.program_id is not None:
            targets.append(result.programs[row.program_id])
        if row.activity_id is not None:
            targets.append(result.activities[row.activity_id])
        if not targets:
            targets.append(result.unearmarked)
        for totals in targets:
            _add(totals, row.type, usd)
        if row.type in (COMMITMENT, RECEIVED):
            contributions[(row.donor_id, row.fund_id, row.program_id, row.activity_id)][row.type == RECEIVED] += usd
    for (_donor, _fund, program_id, activity_id), (committed, received) in contributions.items():
        funded = max(committed, received)
        if program_id is not None:
            result.programs[program_id].funded += funded
        if activity_id is not None:
            result.activities[activity_id].funded += funded
        if program_id is None and activity_id is None:
            result.unearmarked.funded += funded
    for program_id, activity_id, amount in requirements:
        target = result.programs[program_id] if program_id is not None else result.activities[activity_id]  # type: ignore[index]
        target.requirement = (target.requirement or ZERO) + amount
    return result
