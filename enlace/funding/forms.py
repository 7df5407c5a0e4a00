"""Forms of the funding pages; each one's cleaned data is the keyword arguments of its action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.directory.models import Institution
from enlace.funding.actions import CURRENCIES
from enlace.funding.models import Donor, DonorKind, Earmarking, Fund, TransactionType
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity, Program

DATE = forms.DateInput(attrs={"type": "date"})
CURRENCY_CHOICES = [(c, c) for c in CURRENCIES]
MONEY = {"max_digits": 18, "decimal_places": 2}


def _currency(label: Any = None) -> forms.ChoiceField:
    return forms.ChoiceField(label=label or _("Currency (ISO 4217)"), choices=CURRENCY_CHOICES)


class DonorForm(forms.Form):
    """A new donor."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DonorKind.choices)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)


class LinkUserForm(forms.Form):
    """Link a donor-role user to a donor."""

    user = forms.ModelChoiceField(label=_("User holding the donor role"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role_assignments__role=Role.DONOR, is_active=True
        ).order_by("email")


class FundForm(forms.Form):
    """A new specific fund."""

    name = forms.CharField(label=_("Name"), max_length=200)
    currency = _currency()
    donors = forms.ModelMultipleChoiceField(label=_("Donors"), queryset=Donor.objects.all(), required=False)
    program = forms.ModelChoiceField(
        label=_("Program earmark (optional)"), queryset=Program.objects.all(), required=False
    )


class RateForm(forms.Form):
    """A rate to the US dollar valid from a date."""

    currency = forms.ChoiceField(label=_("Currency (ISO 4217)"), choices=CURRENCY_CHOICES[1:])
    usd_per_unit = forms.DecimalField(label=_("US dollars per unit"), max_digits=18, decimal_places=8, min_value=0)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)


class TransactionForm(forms.Form):
    """A transaction of any IATI type."""

    type = forms.TypedChoiceField(label=_("Type"), choices=TransactionType.choices, coerce=int)
    value = forms.DecimalField(label=_("Value"), **MONEY)  # type: ignore[arg-type]
    currency = _currency()
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.all(), required=False)
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.all(), required=False)
    earmarking = forms.ChoiceField(label=_("Earmarking"), choices=Earmarking.choices)
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.select_related("program"), required=False
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class AllocationForm(forms.Form):
    """Part of a fund put to work on an activity."""

    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.all())
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.select_related("program"))
    value = forms.DecimalField(label=_("Value"), **MONEY)  # type: ignore[arg-type]
    currency = _currency()
    value_date = forms.DateField(label=_("Date"), widget=DATE)


class RequirementForm(forms.Form):
    """What a program or an activity needs in a year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), **MONEY)  # type: ignore[arg-type]
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.select_related("program"), required=False
    )


class DonationForm(forms.Form):
    """An in-kind donation."""

    item = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    value = forms.DecimalField(label=_("Value"), **MONEY)  # type: ignore[arg-type]
    currency = _currency()
    state = forms.ModelChoiceField(label=_("Recipient state"), queryset=MemberState.objects.all())
    institution = forms.ModelChoiceField(
        label=_("Recipient institution"), queryset=Institution.objects.all(), required=False
    )
    donated_on = forms.DateField(label=_("Date"), widget=DATE)
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.all(), required=False)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.select_related("program"), required=False
    )
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.all(), required=False)


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


class ReversalForm(forms.Form):
    """Why an entry is reversed, and the day the reversal is entered (today unless given)."""

    reason = forms.CharField(label=_("Reason for the reversal"), max_length=500)
    date = forms.DateField(
        label=_("Reversal entered on"),
        widget=DATE,
        required=False,
        initial=_today,
        help_text=_("The totals convert the reversal at the original's value date, so both net to zero."),
    )


class CorrectionForm(ReversalForm, TransactionForm):
    """Reverse a transaction and record the right one: the reason, then the right values."""

    field_order = ["reason", "date"]


class WithdrawalForm(forms.Form):
    """Why an in-kind donation is withdrawn."""

    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=500)
