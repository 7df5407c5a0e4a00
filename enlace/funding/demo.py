"""Demo funding: four donors (Canada's linked to the demo donor user), three funds, rates for CAD and EUR,
two years of pledges, commitments, contributions and expenditures, requirements with a visible gap, and a
few in-kind donations.

Written straight to the tables (no audit, no checks): the demo database starts as if the work had happened.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from enlace.accounts.models import User
from enlace.funding.models import (
    Allocation,
    Donation,
    Donor,
    DonorKind,
    DonorUser,
    Earmarking,
    ExchangeRate,
    Fund,
    Requirement,
    Transaction,
    TransactionType,
)
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity, Program

T = TransactionType
RATES = (
    ("CAD", date(2025, 1, 1), "0.74"),
    ("CAD", date(2025, 7, 1), "0.73"),
    ("CAD", date(2026, 1, 1), "0.72"),
    ("EUR", date(2025, 1, 1), "1.08"),
    ("EUR", date(2026, 1, 1), "1.10"),
)
REQUIREMENTS = (
    ("cybersecurity", 2025, "900000"),
    ("cybersecurity", 2026, "1000000"),
    ("border-security", 2025, "600000"),
    ("border-security", 2026, "650000"),
    ("terrorism-financing", 2026, "300000"),
    ("mass-gatherings", 2026, "250000"),
)
# (donor, fund, type, value, currency, date, earmarking, program code, activity program code or "")
TRANSACTIONS = (
    ("Canada", "Canada CTCBP", T.INCOMING_PLEDGE, "1500000", "CAD", date(2025, 2, 1), "softly", "cybersecurity", ""),
    (
        "Canada",
        "Canada CTCBP",
        T.INCOMING_COMMITMENT,
        "1000000",
        "CAD",
        date(2025, 3, 1),
        "softly",
        "cybersecurity",
        "",
    ),
    ("Canada", "Canada CTCBP", T.INCOMING_FUNDS, "600000", "CAD", date(2025, 4, 15), "softly", "cybersecurity", ""),
    ("Canada", "Canada CTCBP", T.INCOMING_FUNDS, "400000", "CAD", date(2026, 2, 10), "softly", "cybersecurity", ""),
    (
        "Canada",
        "Canada CTCBP",
        T.INCOMING_COMMITMENT,
        "200000",
        "CAD",
        date(2026, 3, 1),
        "tightly",
        "",
        "cybersecurity",
    ),
    (
        "United States",
        "",
        T.INCOMING_COMMITMENT,
        "500000",
        "USD",
        date(2025, 1, 20),
        "earmarked",
        "border-security",
        "",
    ),
    ("United States", "", T.INCOMING_FUNDS, "500000", "USD", date(2025, 6, 1), "earmarked", "border-security", ""),
    ("United States", "", T.INCOMING_PLEDGE, "300000", "USD", date(2026, 1, 15), "earmarked", "border-security", ""),
    (
        "Spain",
        "EU-LAC Security Fund",
        T.INCOMING_COMMITMENT,
        "150000",
        "EUR",
        date(2025, 9, 1),
        "earmarked",
        "terrorism-financing",
        "",
    ),
    (
        "Spain",
        "EU-LAC Security Fund",
        T.INCOMING_FUNDS,
        "100000",
        "EUR",
        date(2026, 1, 10),
        "earmarked",
        "terrorism-financing",
        "",
    ),
    ("Germany", "EU-LAC Security Fund", T.INCOMING_FUNDS, "200000", "EUR", date(2025, 5, 5), "unearmarked", "", ""),
    ("Germany", "EU-LAC Security Fund", T.INCOMING_PLEDGE, "250000", "EUR", date(2026, 4, 1), "unearmarked", "", ""),
    ("", "Canada CTCBP", T.EXPENDITURE, "250000", "USD", date(2025, 11, 30), "softly", "cybersecurity", ""),
    ("", "", T.EXPENDITURE, "180000", "USD", date(2025, 12, 15), "earmarked", "border-security", ""),
)


@transaction.atomic
def load() -> None:
    """Load the demo funding once."""
    if Donor.objects.exists():
        return
    officer = User.objects.filter(email="officer@enlace.demo").first() or User.objects.order_by("pk").first()
    if officer is None:
        return
    donors = {
        name: Donor.objects.create(name=name, kind=kind, country=country)
        for name, kind, country in (
            ("Canada", DonorKind.STATE, "Canada"),
            ("United States", DonorKind.STATE, "United States"),
            ("Spain", DonorKind.STATE, "Spain"),
            ("Germany", DonorKind.AGENCY, "Germany"),
        )
    }
    donor_user = User.objects.filter(email="donor@enlace.demo").first()
    if donor_user is not None:
        DonorUser.objects.create(donor=donors["Canada"], user=donor_user, linked_by=officer)
    cyber = Program.objects.get(code="cybersecurity")
    funds = {
        "Canada CTCBP": Fund.objects.create(name="Canada CTCBP", currency="CAD", program=cyber),
        "EU-LAC Security Fund": Fund.objects.create(name="EU-LAC Security Fund", currency="EUR"),
    }
    funds["Canada CTCBP"].donors.set([donors["Canada"]])
    funds["EU-LAC Security Fund"].donors.set([donors["Spain"], donors["Germany"]])
    for currency, valid_from, rate in RATES:
        ExchangeRate.objects.create(
            currency=currency, valid_from=valid_from, usd_per_unit=Decimal(rate), entered_by=officer
        )
    for code, year, amount in REQUIREMENTS:
        Requirement.objects.create(program=Program.objects.get(code=code), year=year, amount_usd=Decimal(amount))
    cyber_activity = Activity.objects.filter(program=cyber).order_by("pk").first()
    if cyber_activity is not None:
        Requirement.objects.create(activity=cyber_activity, year=2026, amount_usd=Decimal("250000"))
    for donor, fund, kind, value, currency, on, earmarking, program, activity_program in TRANSACTIONS:
        activity = cyber_activity if activity_program else None
        if activity_program and activity is None:
            continue
        Transaction.objects.create(
            type=kind,
            value=Decimal(value),
            currency=currency,
            value_date=on,
            donor=donors.get(donor),
            fund=funds.get(fund),
            earmarking=Earmarking(earmarking),
            program=activity.program if activity else (Program.objects.get(code=program) if program else None),
            activity=activity,
            created_by=officer,
        )
    # A correction (docs/funding.md, "Corrections"): Spain's January contribution entered twice, then reversed.
    twice = {
        "type": T.INCOMING_FUNDS,
        "currency": "EUR",
        "value_date": date(2026, 1, 10),
        "donor": donors["Spain"],
        "fund": funds["EU-LAC Security Fund"],
        "earmarking": Earmarking.EARMARKED,
        "program": Program.objects.get(code="terrorism-financing"),
        "created_by": officer,
    }
    duplicate = Transaction.objects.create(value=Decimal("100000"), **twice)
    Transaction.objects.create(
        value=Decimal("-100000"),
        reverses=duplicate,
        reason="Entered twice: the bank statement shows one transfer",
        entered_on=date(2026, 1, 12),
        **twice,
    )
    if cyber_activity is not None:
        Allocation.objects.create(
            fund=funds["Canada CTCBP"],
            activity=cyber_activity,
            value=Decimal("150000"),
            currency="CAD",
            value_date=date(2026, 3, 15),
            created_by=officer,
        )
    for item, quantity, value, iso2, on, donor in (
        ("Document-inspection kits", 12, "36000", "HT", date(2025, 8, 1), "United States"),
        ("Forensic workstations", 4, "22000", "AR", date(2026, 2, 20), "Canada"),
        ("Handheld radiation detectors", 6, "54000", "JM", date(2026, 5, 5), "Spain"),
    ):
        Donation.objects.create(
            item=item,
            quantity=quantity,
            value=Decimal(value),
            currency="USD" if donor != "Canada" else "CAD",
            state=MemberState.objects.get(iso2=iso2),
            donated_on=on,
            donor=donors[donor],
            created_by=officer,
        )
