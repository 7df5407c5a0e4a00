"""Test helpers: an activity, rates and a small funded world."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from enlace.accounts.models import User
from enlace.funding import actions
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Program


def make_activity(actor: User, program: str = "cybersecurity", title: str = "Workshop", state: str = "AR") -> Activity:
    """An activity of `program` involving `state`."""
    return create_activity(
        actor=actor,
        title=title,
        program=Program.objects.get(code=program),
        kind="workshop",
        modality="in_person",
        starts_on=date(2026, 3, 1),
        states=[MemberState.objects.get(iso2=state)],
        implements=[],
    )


def make_funded_world(admin: User, donor_user: User, activity: Activity) -> dict[str, Any]:
    """A donor linked to `donor_user`, a CAD fund, a CAD rate, a commitment to `activity`, an allocation of the
    fund to it, a donation to AR."""
    donor = actions.create_donor(actor=admin, name="Canada", kind="state", country="Canada")
    actions.link_donor_user(actor=admin, donor=donor, user=donor_user)
    fund = actions.create_fund(actor=admin, name="Canada fund", currency="CAD", donors=[donor])
    rate = actions.set_rate(actor=admin, currency="CAD", usd_per_unit=Decimal("0.75"), valid_from=date(2026, 1, 1))
    transaction = actions.record_transaction(
        actor=admin,
        type=11,
        value=Decimal("1000"),
        currency="CAD",
        value_date=date(2026, 2, 1),
        earmarking="tightly",
        donor=donor,
        fund=fund,
        activity=activity,
    )
    allocation = actions.allocate(
        actor=admin, fund=fund, activity=activity, value=Decimal("400"), currency="CAD", value_date=date(2026, 2, 1)
    )
    donation = actions.record_donation(
        actor=admin,
        item="Laptops",
        quantity=3,
        value=Decimal("3000"),
        currency="USD",
        state=MemberState.objects.get(iso2="AR"),
        donated_on=date(2026, 2, 2),
        donor=donor,
    )
    return {
        "donor": donor,
        "fund": fund,
        "rate": rate,
        "transaction": transaction,
        "allocation": allocation,
        "donation": donation,
    }
