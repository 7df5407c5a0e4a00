"""API shapes of donors, funds, rates, transactions, donations and gaps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from enlace.common.api.serializers import StrictSerializerMixin
from enlace.directory.models import Institution
from enlace.funding.actions import DONATION_FIELDS
from enlace.funding.models import (
    Donation,
    Donor,
    DonorKind,
    Earmarking,
    ExchangeRate,
    Fund,
    Transaction,
    TransactionType,
)
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity, Program

MONEY = {"max_digits": 18, "decimal_places": 2}


def _program(**kwargs: Any) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all(), **kwargs)


class DonorSerializer(serializers.ModelSerializer[Donor]):
    """A donor."""

    class Meta:
        model = Donor
        fields = ["id", "name", "kind", "country"]
        read_only_fields = fields


class DonorWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new donor."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=DonorKind.choices)
    country = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class FundSerializer(serializers.ModelSerializer[Fund]):
    """A fund with its donors and program earmark."""

    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Fund
        fields = ["id", "name", "currency", "donors", "program"]
        read_only_fields = fields


class FundWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new fund."""

    name = serializers.CharField(max_length=200)
    currency = serializers.CharField(max_length=3)
    donors = serializers.PrimaryKeyRelatedField(many=True, queryset=Donor.objects.all(), required=False, default=list)
    program = _program(required=False, allow_null=True, default=None)


class RateSerializer(serializers.ModelSerializer[ExchangeRate]):
    """A rate to the US dollar valid from a date."""

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "usd_per_unit", "valid_from"]
        read_only_fields = ["id"]


class RateWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new rate: US dollars per unit of `currency` from `valid_from`."""

    currency = serializers.CharField(max_length=3)
    usd_per_unit = serializers.DecimalField(max_digits=18, decimal_places=8)
    valid_from = serializers.DateField()


class TransactionSerializer(serializers.ModelSerializer[Transaction]):
    """A transaction with its IATI type code."""

    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Transaction
        fields = [
            "id",
            "type",
            "value",
            "currency",
            "value_date",
            "donor",
            "fund",
            "earmarking",
            "program",
            "activity",
            "description",
            "reverses",
            "reversed_by",
            "reason",
            "entered_on",
        ]
        read_only_fields = fields

    reversed_by: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        source="reversal", read_only=True, help_text="the id of this transaction's reversal, if reversed"
    )


class TransactionWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new transaction; `type` is the IATI TransactionType code."""

    type = serializers.ChoiceField(choices=TransactionType.choices)
    value = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    currency = serializers.CharField(max_length=3)
    value_date = serializers.DateField()
    earmarking = serializers.ChoiceField(choices=Earmarking.choices)
    donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all(), required=False, allow_null=True)
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all(), required=False, allow_null=True)
    program = _program(required=False, allow_null=True)
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), required=False, allow_null=True)
    description = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class ReversalWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Why the entry is reversed, and the day the reversal is entered (today if left out). The reversal keeps
    the original's value date, so both convert at the same rate and net to zero."""

    reason = serializers.CharField(max_length=500)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class CorrectionWriteSerializer(TransactionWriteSerializer):
    """Reverse the transaction (`reason`, `date`) and record the right one (the other fields, as for a new
    transaction), both or neither."""

    reason = serializers.CharField(max_length=500)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class CorrectionSerializer(serializers.Serializer[Any]):
    """The reversal of the wrong transaction and the right one recorded in its place."""

    reversal = TransactionSerializer()
    replacement = TransactionSerializer()


class DonationSerializer(serializers.ModelSerializer[Donation]):
    """An in-kind donation."""

    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Donation
        fields = ["id", *DONATION_FIELDS, "withdrawn_at", "withdrawn_reason"]
        read_only_fields = fields


class DonationWithdrawSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Why the in-kind donation is withdrawn."""

    reason = serializers.CharField(max_length=500)


class DonationWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new in-kind donation; `state` is the recipient state's ISO code."""

    item = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1)
    value = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    currency = serializers.CharField(max_length=3)
    state = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all())
    donated_on = serializers.DateField()
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all(), required=False, allow_null=True)
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all(), required=False, allow_null=True)
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all(), required=False, allow_null=True)


class GapSerializer(serializers.Serializer[Any]):
    """Funding of a program or an activity in US dollars; requirement and gap are null where not set or not
    visible to the caller."""

    program = serializers.CharField()
    activity = serializers.IntegerField(allow_null=True)
    requirement = serializers.DecimalField(allow_null=True, **MONEY)  # type: ignore[arg-type]
    committed = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    received = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    funded = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    gap = serializers.DecimalField(allow_null=True, **MONEY)  # type: ignore[arg-type]
    pledged = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    spent = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]


class TotalsSerializer(serializers.Serializer[Any]):
    """Money of a program, an activity or the unearmarked pool in US dollars, counted by the funding rule (pledges
    apart, never in `funded`); requirement and gap are null where not set or not visible to the caller."""

    requirement = serializers.DecimalField(allow_null=True, **MONEY)  # type: ignore[arg-type]
    committed = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    received = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    funded = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    gap = serializers.DecimalField(allow_null=True, **MONEY)  # type: ignore[arg-type]
    pledged = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    spent = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]


class ProgramTotalsSerializer(TotalsSerializer):
    """A program's totals."""

    program = serializers.CharField(help_text="program code")
    name = serializers.CharField()


class ActivityTotalsSerializer(TotalsSerializer):
    """An activity's totals."""

    activity = serializers.IntegerField()
    title = serializers.CharField()


class UnconvertedSerializer(serializers.Serializer[Any]):
    """A transaction left out of the totals: no exchange rate for its currency on or before its value date."""

    transaction = serializers.IntegerField()
    currency = serializers.CharField()
    value = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    value_date = serializers.DateField()
    message = serializers.CharField()


class FundingOverviewSerializer(serializers.Serializer[Any]):
    """The funding overview: every program (a donor user: those with her money), the unearmarked pool, and the
    transactions that could not be converted."""

    currency = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    programs = ProgramTotalsSerializer(many=True)
    unearmarked = TotalsSerializer()
    unconverted = UnconvertedSerializer(many=True)


class ProgramFundingSerializer(serializers.Serializer[Any]):
    """One program's funding, activity by activity."""

    currency = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    program = serializers.CharField(help_text="program code")
    name = serializers.CharField()
    totals = TotalsSerializer(allow_null=True)
    activities = ActivityTotalsSerializer(many=True)
    unconverted = UnconvertedSerializer(many=True)
