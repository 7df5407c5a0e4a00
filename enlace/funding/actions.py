"""Every write of the funding app: atomic, by an `actor`, checked against the policy, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.models import Institution
from enlace.funding.models import (
    Allocation,
    Donation,
    Donor,
    DonorUser,
    Earmarking,
    ExchangeRate,
    Fund,
    Requirement,
    Transaction,
)
from enlace.funding.money import CENT, RateBook
from enlace.funding.policies import SecretariatWritesPolicy
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity, Program

CURRENCIES = ("USD", "CAD", "EUR", "GBP", "JPY", "MXN", "BRL", "ARS", "CLP", "COP", "KRW", "CHF", "AUD", "SEK")


def _allow(model: type, actor: User, action: str, obj: object | None = None) -> None:
    if not policy_for(model).can(actor, action, obj):  # type: ignore[arg-type]
        raise PermissionDenied


def _program_allowed(model: type, actor: User, program: Program | None) -> None:
    policy = policy_for(model)
    if not isinstance(policy, SecretariatWritesPolicy) or not policy.program_allowed(
        actor, program.pk if program else None
    ):
        raise ValidationError({"program": _("You may not record money for this program.")})


def _currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCIES:
        raise ValidationError({"currency": _("Unknown currency: use an ISO 4217 code such as USD, CAD or EUR.")})
    return code


def _positive(value: Decimal, name: str = "value") -> Decimal:
    if value is None or value <= 0:
        raise ValidationError({name: _("The amount must be greater than zero.")})
    return value.quantize(CENT) if name == "value" else value


def _convertible(currency: str, on: date) -> None:
    """Refuse money that could not be converted: the Secretariat enters the rate first."""
    try:
        RateBook.load().rate(currency, on)
    except ValidationError as exc:
        raise ValidationError({"currency": exc.messages}) from None


def _earmark(earmarking: str, program: Program | None, activity: Activity | None) -> Program | None:
    """Check the target against the earmarking level; return the program the money counts for."""
    if activity is not None:
        if program is not None and program.pk != activity.program_id:
            raise ValidationError({"activity": _("The activity belongs to another program.")})
        program = activity.program
    if earmarking == Earmarking.UNEARMARKED and program is not None:
        raise ValidationError({"earmarking": _("Unearmarked money has no program or activity.")})
    if earmarking == Earmarking.SOFTLY and (program is None or activity is not None):
        raise ValidationError({"earmarking": _("Softly earmarked money goes to a program, not an activity.")})
    if earmarking == Earmarking.EARMARKED and program is None:
        raise ValidationError({"earmarking": _("Earmarked money needs a program or an activity.")})
    if earmarking == Earmarking.TIGHTLY and activity is None:
        raise ValidationError({"earmarking": _("Tightly earmarked money needs an activity.")})
    if earmarking not in Earmarking.values:
        raise ValidationError({"earmarking": _("Choose an earmarking level.")})
    return program


@transaction.atomic
def create_donor(*, actor: User, name: str, kind: str, country: str = "") -> Donor:
    """Add a donor (Secretariat)."""
    _allow(Donor, actor, "add")
    if Donor.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A donor with this name exists already.")})
    donor = Donor.objects.create(name=name.strip(), kind=kind, country=country.strip())
    record("funding.donor.add", actor=actor, obj=donor, changes={"name": donor.name, "kind": kind})
    return donor


@transaction.atomic
def link_donor_user(*, actor: User, donor: Donor, user: User) -> DonorUser:
    """Link a user holding the donor role to the donor she speaks for (Secretariat)."""
    _allow(DonorUser, actor, "add")
    if not user.has_role(Role.DONOR):
        raise ValidationError({"user": _("Only a user holding the donor role can be linked to a donor.")})
    link, created = DonorUser.objects.get_or_create(donor=donor, user=user, defaults={"linked_by": actor})
    if created:
        record("funding.donor.link_user", actor=actor, obj=donor, changes={"user": user.pk})
    return link


@transaction.atomic
def create_fund(
    *, actor: User, name: str, currency: str, donors: Iterable[Donor] = (), program: Program | None = None
) -> Fund:
    """Add a specific fund (Secretariat)."""
    _allow(Fund, actor, "add")
    if Fund.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A fund with this name exists already.")})
    fund = Fund.objects.create(name=name.strip(), currency=_currency(currency), program=program)
    fund.donors.set(list(donors))
    record(
        "funding.fund.add",
        actor=actor,
        obj=fund,
        changes={"name": fund.name, "currency": fund.currency, "donors": [d.pk for d in donors]},
    )
    return fund


@transaction.atomic
def set_rate(*, actor: User, currency: str, usd_per_unit: Decimal, valid_from: date) -> ExchangeRate:
    """Enter (or correct) the rate of a currency to the US dollar valid from a date (Secretariat)."""
    _allow(ExchangeRate, actor, "add")
    currency = _currency(currency)
    if currency == "USD":
        raise ValidationError({"currency": _("The US dollar is the reference currency: its rate is always 1.")})
    _positive(usd_per_unit, "usd_per_unit")
    rate, created = ExchangeRate.objects.update_or_create(
        currency=currency, valid_from=valid_from, defaults={"usd_per_unit": usd_per_unit, "entered_by": actor}
    )
    record(
        "funding.rate.add" if created else "funding.rate.change",
        actor=actor,
        obj=rate,
        changes={"currency": currency, "usd_per_unit": str(usd_per_unit), "valid_from": valid_from.isoformat()},
    )
    return rate


@transaction.atomic
def record_transaction(
    *,
    actor: User,
    type: int,
    value: Decimal,
    currency: str,
    value_date: date,
    earmarking: str,
    donor: Donor | None = None,
    fund: Fund | None = None,
    program: Program | None = None,
    activity: Activity | None = None,
    description: str = "",
) -> Transaction:
    """Record a pledge, commitment, contribution, disbursement or expenditure (officers for their programs)."""
    _allow(Transaction, actor, "add")
    program = _earmark(earmarking, program, activity)
    _program_allowed(Transaction, actor, program)
    currency = _currency(currency)
    value = _positive(value)
    _convertible(currency, value_date)
    if fund is not None and fund.program_id is not None:
        if program is None:
            raise ValidationError({"fund": _("This fund is earmarked to a program: its money cannot be unearmarked.")})
        if fund.program_id != program.pk:
            raise ValidationError({"fund": _("This fund is earmarked to another program.")})
    row = Transaction.objects.create(
        type=type,
        value=value,
        currency=currency,
        value_date=value_date,
        donor=donor,
        fund=fund,
        earmarking=earmarking,
        program=program,
        activity=activity,
        description=description,
        created_by=actor,
    )
    record("funding.transaction.add", actor=actor, obj=row, changes=_changes(row))
    return row


def _changes(row: Transaction) -> dict[str, Any]:
    return {
        "type": row.type,
        "value": str(row.value),
        "currency": row.currency,
        "value_date": row.value_date.isoformat(),
        "donor": row.donor_id,
        "fund": row.fund_id,
        "earmarking": row.earmarking,
        "program": row.program_id,
        "activity": row.activity_id,
    }


@transaction.atomic
def allocate(
    *, actor: User, fund: Fund, activity: Activity, value: Decimal, currency: str, value_date: date
) -> Allocation:
    """Allocate part of a fund to an activity (officers for their programs' activities)."""
    _allow(Allocation, actor, "add")
    _program_allowed(Allocation, actor, activity.program)
    currency = _currency(currency)
    value = _positive(value)
    _convertible(currency, value_date)
    if fund.program_id is not None and fund.program_id != activity.program_id:
        raise ValidationError({"fund": _("This fund is earmarked to another program.")})
    row = Allocation.objects.create(
        fund=fund, activity=activity, value=value, currency=currency, value_date=value_date, created_by=actor
    )
    record(
        "funding.allocation.add",
        actor=actor,
        obj=row,
        changes={"fund": fund.pk, "activity": activity.pk, "value": str(value), "currency": currency},
    )
    return row


@transaction.atomic
def set_requirement(
    *,
    actor: User,
    year: int,
    amount_usd: Decimal,
    program: Program | None = None,
    activity: Activity | None = None,
) -> Requirement:
    """Set what a program or an activity needs in a year, in US dollars (officers for their programs)."""
    _allow(Requirement, actor, "add")
    if (program is None) == (activity is None):
        raise ValidationError({"program": _("Choose either a program or an activity.")})
    _program_allowed(Requirement, actor, program or activity.program)  # type: ignore[union-attr]
    if amount_usd is None or amount_usd < 0:
        raise ValidationError({"amount_usd": _("The amount cannot be negative.")})
    try:
        with transaction.atomic():
            row, created = Requirement.objects.update_or_create(
                program=program, activity=activity, year=year, defaults={"amount_usd": amount_usd}
            )
    except IntegrityError:
        raise ValidationError({"year": _("This requirement cannot be recorded.")}) from None
    record(
        "funding.requirement.add" if created else "funding.requirement.change",
        actor=actor,
        obj=row,
        changes={"program": row.program_id, "activity": row.activity_id, "year": year, "amount_usd": str(amount_usd)},
    )
    return row


@transaction.atomic
def record_donation(
    *,
    actor: User,
    item: str,
    quantity: int,
    value: Decimal,
    currency: str,
    state: MemberState,
    donated_on: date,
    institution: Institution | None = None,
    donor: Donor | None = None,
    activity: Activity | None = None,
    fund: Fund | None = None,
) -> Donation:
    """Record an in-kind donation (Secretariat)."""
    _allow(Donation, actor, "add")
    value, currency = _donation_checks(quantity, value, currency, state, institution)
    row = Donation.objects.create(
        item=item.strip(),
        quantity=quantity,
        value=value,
        currency=currency,
        state=state,
        institution=institution,
        donated_on=donated_on,
        donor=donor,
        activity=activity,
        fund=fund,
        created_by=actor,
    )
    record(
        "funding.donation.add",
        actor=actor,
        obj=row,
        changes={"item": row.item, "quantity": quantity, "value": str(value), "currency": currency, "state": state.pk},
    )
    return row


def _donation_checks(
    quantity: int, value: Decimal, currency: str, state: MemberState, institution: Institution | None
) -> tuple[Decimal, str]:
    """A donation's quantity, value, currency and recipient checked; the value rounded, the currency upper."""
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    if value is None or value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if institution is not None and institution.state_id != state.pk:
        raise ValidationError({"institution": _("The institution is not in the recipient state.")})
    return value.quantize(CENT), _currency(currency)


DONATION_FIELDS = (
    "item",
    "quantity",
    "value",
    "currency",
    "state",
    "institution",
    "donated_on",
    "donor",
    "activity",
    "fund",
)


def _donation_snapshot(row: Donation) -> dict[str, Any]:
    return {
        "item": row.item,
        "quantity": row.quantity,
        "value": str(row.value),
        "currency": row.currency,
        "state": row.state_id,
        "institution": row.institution_id,
        "donated_on": row.donated_on.isoformat(),
        "donor": row.donor_id,
        "activity": row.activity_id,
        "fund": row.fund_id,
    }


def _open_donation(actor: User, donation: Donation) -> Donation:
    """The donation locked for a change by `actor`; a withdrawn one is refused."""
    _allow(Donation, actor, "change", donation)
    row = Donation.objects.select_for_update().get(pk=donation.pk)
    if row.withdrawn_at is not None:
        raise ValidationError(_("This donation was withdrawn: it can no longer be changed."))
    return row


@transaction.atomic
def change_donation(*, actor: User, donation: Donation, **changes: Any) -> Donation:
    """Correct an in-kind donation (any of its fields; Secretariat); the audit record keeps before and after."""
    unknown = set(changes) - set(DONATION_FIELDS)
    if unknown:
        raise ValueError(f"not a donation field: {sorted(unknown)}")
    row = _open_donation(actor, donation)
    before = _donation_snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value.strip() if name == "item" and isinstance(value, str) else value)
    if not row.item:
        raise ValidationError({"item": _("This field is required.")})
    row.value, row.currency = _donation_checks(row.quantity, row.value, row.currency, row.state, row.institution)
    after = _donation_snapshot(row)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        row.save(update_fields=changed)
        record(
            "funding.donation.change",
            actor=actor,
            obj=row,
            changes={"before": {n: before[n] for n in changed}, "after": {n: after[n] for n in changed}},
        )
    return row


@transaction.atomic
def withdraw_donation(*, actor: User, donation: Donation, reason: str) -> Donation:
    """Withdraw an in-kind donation recorded by mistake (Secretariat): kept, marked, out of the lists."""
    row = _open_donation(actor, donation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    row.withdrawn_at, row.withdrawn_reason, row.withdrawn_by = timezone.now(), reason, actor
    row.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
    record(
        "funding.donation.withdraw",
        actor=actor,
        obj=row,
        changes={
            "before": {"withdrawn_at": None},
            "after": {"withdrawn_at": row.withdrawn_at.isoformat(), "withdrawn_reason": reason},
        },
        reason=reason,
    )
    return row


def _reversal_checks(
    model: type[Transaction] | type[Allocation], original: Transaction | Allocation, reason: str, on: date | None
) -> tuple[str, date]:
    """Refuse a reversal of a reversal, a second reversal, no reason or a date outside [original, today]."""
    if original.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed."))
    earlier = model.objects.filter(reverses_id=original.pk).first()
    if earlier is not None:
        raise ValidationError(
            _("This entry was already reversed on %(date)s: enter a new one instead.")
            % {"date": date_format(earlier.entered_on or earlier.value_date, "SHORT_DATE_FORMAT")}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the reversal.")})
    today = timezone.localdate()
    on = on or today
    if on < original.value_date:
        raise ValidationError({"date": _("A reversal cannot be dated before the entry it reverses.")})
    if on > today:
        raise ValidationError({"date": _("A reversal cannot be dated in the future.")})
    return reason, on


def _refuse_twice(exc: IntegrityError) -> ValidationError:
    """Two reversals of one entry at once: the unique `reverses` lets only the first through."""
    return ValidationError(_("This entry was already reversed: enter a new one instead."))


@transaction.atomic
def reverse_transaction(*, actor: User, original: Transaction, reason: str, on: date | None = None) -> Transaction:
    """Reverse a transaction recorded by mistake (whoever may record it): a new entry of the opposite value,
    same type, donor, fund, earmark and currency, converted at the original's value date so that both net to
    exactly zero; `on` (default today) is the day the reversal is entered."""
    _allow(Transaction, actor, "reverse", original)
    original = Transaction.objects.select_for_update().get(pk=original.pk)
    reason, on = _reversal_checks(Transaction, original, reason, on)
    try:
        with transaction.atomic():
            row = Transaction.objects.create(
                type=original.type,
                value=-original.value,
                currency=original.currency,
                value_date=original.value_date,
                donor_id=original.donor_id,
                fund_id=original.fund_id,
                earmarking=original.earmarking,
                program_id=original.program_id,
                activity_id=original.activity_id,
                description=original.description,
                reverses=original,
                reason=reason,
                entered_on=on,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise _refuse_twice(exc) from None
    changes = {**_changes(row), "reverses": original.pk, "entered_on": on.isoformat(), "reason": reason}
    record("funding.transaction.reverse", actor=actor, obj=row, changes=changes, reason=reason)
    return row


@transaction.atomic
def correct_transaction(
    *, actor: User, original: Transaction, reason: str, on: date | None = None, **values: Any
) -> tuple[Transaction, Transaction]:
    """Reverse `original` and record the right transaction (`values`, as for `record_transaction`) in one
    step: both or neither. Returns (reversal, replacement)."""
    reversal = reverse_transaction(actor=actor, original=original, reason=reason, on=on)
    replacement = record_transaction(actor=actor, **values)
    record(
        "funding.transaction.correct",
        actor=actor,
        obj=replacement,
        changes={"original": original.pk, "reversal": reversal.pk, "replacement": replacement.pk},
        reason=reversal.reason,
    )
    return reversal, replacement


@transaction.atomic
def reverse_allocation(*, actor: User, original: Allocation, reason: str, on: date | None = None) -> Allocation:
    """Reverse an allocation made by mistake: the same pattern as a transaction's reversal."""
    _allow(Allocation, actor, "reverse", original)
    original = Allocation.objects.select_for_update().get(pk=original.pk)
    reason, on = _reversal_checks(Allocation, original, reason, on)
    try:
        with transaction.atomic():
            row = Allocation.objects.create(
                fund_id=original.fund_id,
                activity_id=original.activity_id,
                value=-original.value,
                currency=original.currency,
                value_date=original.value_date,
                reverses=original,
                reason=reason,
                entered_on=on,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise _refuse_twice(exc) from None
    changes = {"reverses": original.pk, "value": str(row.value), "entered_on": on.isoformat(), "reason": reason}
    record("funding.allocation.reverse", actor=actor, obj=row, changes=changes, reason=reason)
    return row
