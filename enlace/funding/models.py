"""Donors, funds, transactions typed by the IATI TransactionType codelist, dated exchange rates, funding
requirements and in-kind donations (docs/funding.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet


class DonorKind(models.TextChoices):
    """What sort of donor it is."""

    STATE = "state", _("State")
    AGENCY = "agency", _("Government agency")
    MULTILATERAL = "multilateral", _("Multilateral organisation")
    PRIVATE = "private", _("Private donor")


class Donor(models.Model):
    """A donor: a state, an agency, a multilateral organisation or a private donor."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DonorKind.choices)
    country = models.CharField(_("country"), max_length=100, blank=True)
    users = models.ManyToManyField(
        "accounts.User",
        through="DonorUser",
        through_fields=("donor", "user"),
        verbose_name=_("linked users"),
        related_name="donors",
        blank=True,
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class DonorUser(models.Model):
    """A user holding the donor role, linked by the Secretariat to the donor she speaks for."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="links")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="donor_links")
    linked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["donor_id", "user_id"]
        verbose_name = _("donor user")
        verbose_name_plural = _("donor users")
        constraints = [models.UniqueConstraint(fields=["donor", "user"], name="funding_donor_user_unique")]

    def __str__(self) -> str:
        return f"{self.donor_id}:{self.user_id}"


class Fund(models.Model):
    """A specific fund: money from one or more donors, in one currency, possibly earmarked to a program."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    donors = models.ManyToManyField(Donor, verbose_name=_("donors"), blank=True, related_name="funds")
    currency = models.CharField(_("currency"), max_length=3)
    program = models.ForeignKey(
        "workplan.Program",
        verbose_name=_("program earmark"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name


class ExchangeRate(models.Model):
    """How many US dollars one unit of `currency` is worth from `valid_from` until the next rate."""

    currency = models.CharField(_("currency"), max_length=3)
    usd_per_unit = models.DecimalField(_("US dollars per unit"), max_digits=18, decimal_places=8)
    valid_from = models.DateField(_("valid from"))
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="funding_rate_unique_day"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="funding_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.usd_per_unit} ({self.valid_from})"


class TransactionType(models.IntegerChoices):
    """IATI TransactionType codes (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/)."""

    INCOMING_FUNDS = 1, _("Incoming funds (contribution received)")
    OUTGOING_COMMITMENT = 2, _("Outgoing commitment")
    DISBURSEMENT = 3, _("Disbursement")
    EXPENDITURE = 4, _("Expenditure")
    INCOMING_COMMITMENT = 11, _("Incoming commitment")
    INCOMING_PLEDGE = 13, _("Incoming pledge")


class Earmarking(models.TextChoices):
    """How tightly a donor binds its money (the Grand Bargain's four levels)."""

    UNEARMARKED = "unearmarked", _("Unearmarked")
    SOFTLY = "softly", _("Softly earmarked (to a program)")
    EARMARKED = "earmarked", _("Earmarked (to a program or an activity)")
    TIGHTLY = "tightly", _("Tightly earmarked (to an activity)")


class Transaction(models.Model):
    """One financial transaction: its IATI type, value and currency, date, donor, fund and earmark."""

    type = models.PositiveSmallIntegerField(_("type"), choices=TransactionType.choices, db_index=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.PROTECT, null=True, blank=True, related_name="transactions"
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, null=True, blank=True, related_name="transactions"
    )
    earmarking = models.CharField(_("earmarking"), max_length=12, choices=Earmarking.choices)
    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "workplan.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-value_date", "-id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        constraints = [
            # A reversal (docs/funding.md, "Corrections") is negative and names what it reverses; all else is positive.
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, value__gt=0) | Q(reverses__isnull=False, value__lt=0),
                name="funding_transaction_positive_or_reversal",
            ),
            models.CheckConstraint(
                condition=Q(activity__isnull=True) | Q(program__isnull=False), name="funding_activity_has_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.value} {self.currency} ({self.value_date})"

    @property
    def reversed_by(self) -> Any:
        """The reversal of this entry, or None (read it with select_related("reversal") to spare a query)."""
        try:
            return self.reversal
        except ObjectDoesNotExist:
            return None


class Allocation(models.Model):
    """The Secretariat puts part of a fund to work on one activity."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="allocations")
    activity = models.ForeignKey(
        "workplan.Activity", verbose_name=_("activity"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("date"))
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-value_date", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, value__gt=0) | Q(reverses__isnull=False, value__lt=0),
                name="funding_allocation_positive_or_reversal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} → {self.activity_id}: {self.value} {self.currency}"

    @property
    def reversed_by(self) -> Any:
        """The reversal of this entry, or None (read it with select_related("reversal") to spare a query)."""
        try:
            return self.reversal
        except ObjectDoesNotExist:
            return None


class Requirement(models.Model):
    """What a program or an activity needs in a year, in US dollars."""

    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "workplan.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=True) ^ Q(activity__isnull=True), name="funding_requirement_one_target"
            ),
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="funding_requirement_not_negative"),
            models.UniqueConstraint(fields=["program", "year"], name="funding_requirement_program_year"),
            models.UniqueConstraint(fields=["activity", "year"], name="funding_requirement_activity_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_usd} USD"


class Donation(models.Model):
    """An in-kind donation: goods given to an institution of a member state, valued in a currency."""

    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("recipient state"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("recipient institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    donated_on = models.DateField(_("date"))
    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.PROTECT, null=True, blank=True, related_name="donations"
    )
    activity = models.ForeignKey(
        "workplan.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, null=True, blank=True, related_name="donations"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    withdrawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-donated_on", "-id"]
        verbose_name = _("in-kind donation")
        verbose_name_plural = _("in-kind donations")
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="funding_donation_not_negative")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.item}"
