"""The CICTE programs, and the approved work plans imported into programs → objectives → proposed activities."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.common.localized import LocalizedNameMixin, localized


class Program(LocalizedNameMixin):
    """One of the CICTE programs (cybersecurity, border security, …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    summary_en = models.TextField("summary (English)", blank=True)
    summary_es = models.TextField("summary (Spanish)", blank=True)
    summary_fr = models.TextField("summary (French)", blank=True)
    summary_pt = models.TextField("summary (Portuguese)", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    @property
    def summary(self) -> str:
        """The summary in the active language."""
        return localized(self, "summary")


class PlanLanguage(models.TextChoices):
    """The languages a work plan can be imported in."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class WorkPlan(models.Model):
    """An approved CICTE work plan for one term, imported from its document; its text stays in its language."""

    term = models.CharField(_("term"), max_length=9, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=PlanLanguage.choices)
    preamble = models.TextField(_("preamble"), blank=True)
    introduction_heading = models.CharField(_("introduction heading"), max_length=300, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    programs_heading = models.CharField(_("programs heading"), max_length=300, blank=True)
    outreach_heading = models.CharField(_("outreach heading"), max_length=300, blank=True)
    outreach = models.TextField(_("outreach"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_format = models.CharField(_("source format"), max_length=8)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("imported by")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-term"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return f"CICTE work plan {self.term}"

    def previous(self) -> WorkPlan | None:
        """The plan of the term before this one, if imported."""
        return WorkPlan.objects.filter(term__lt=self.term).order_by("-term").first()


class PlanProgram(models.Model):
    """A program of a work plan, or one of its sub-programs (`parent` set), as the plan words it."""

    plan = models.ForeignKey(WorkPlan, models.CASCADE, related_name="plan_programs", verbose_name=_("work plan"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="subprograms", verbose_name=_("program")
    )
    program = models.ForeignKey(
        Program, models.PROTECT, null=True, blank=True, related_name="plan_programs", verbose_name=_("CICTE program")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.TextField(_("title"))
    source_line = models.PositiveIntegerField(_("line or paragraph in the source"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "parent_id", "position"]
        verbose_name = _("work-plan program")
        verbose_name_plural = _("work-plan programs")
        constraints = [
            models.UniqueConstraint(fields=["plan", "parent", "position"], name="workplan_planprogram_position"),
            models.UniqueConstraint(
                fields=["plan", "position"],
                condition=models.Q(parent__isnull=True),
                name="workplan_planprogram_top_position",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanObjective(models.Model):
    """One paragraph under "Objective:" of a program or sub-program."""

    plan_program = models.ForeignKey(
        PlanProgram, models.CASCADE, related_name="objectives", verbose_name=_("work-plan program")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    source_line = models.PositiveIntegerField(_("line or paragraph in the source"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["plan_program", "position"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan_program", "position"], name="workplan_planobjective_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ProposedActivity(models.Model):
    """One bullet under "Proposed activities:" of a program or sub-program: a mandate activities implement."""

    plan_program = models.ForeignKey(
        PlanProgram, models.CASCADE, related_name="activities", verbose_name=_("work-plan program")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    source_line = models.PositiveIntegerField(_("line or paragraph in the source"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["plan_program", "position"]
        verbose_name = _("proposed activity")
        verbose_name_plural = _("proposed activities")
        constraints = [
            models.UniqueConstraint(fields=["plan_program", "position"], name="workplan_proposedactivity_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActivityKind(models.TextChoices):
    """What kind of capacity-building activity."""

    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "course", _("Course or MOOC")
    SEMINAR = "seminar", _("Seminar or forum")
    ASSESSMENT_MISSION = "assessment_mission", _("Assessment mission")
    PEER_REVIEW = "peer_review", _("Peer review")
    EXERCISE = "exercise", _("Exercise")
    DONATION = "donation", _("Donation")
    PUBLICATION = "publication", _("Publication")
    MEETING = "meeting", _("Meeting")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")


class Modality(models.TextChoices):
    """How participants take part."""

    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    IN_PERSON = "in_person", _("In person")


class ActivityStatus(models.IntegerChoices):
    """IATI 2.03 ActivityStatus codes."""

    PIPELINE = 1, _("Pipeline/identification")
    IMPLEMENTATION = 2, _("Implementation")
    FINALISATION = 3, _("Finalisation")
    CLOSED = 4, _("Closed")
    CANCELLED = 5, _("Cancelled")
    SUSPENDED = 6, _("Suspended")


class GenderSignificance(models.IntegerChoices):
    """IATI PolicySignificance codes for the gender-equality policy marker."""

    NOT_TARGETED = 0, _("Not targeted")
    SIGNIFICANT = 1, _("Significant objective")
    PRINCIPAL = 2, _("Principal objective")


class Activity(models.Model):
    """A capacity-building activity the Secretariat plans or delivers, and the proposed activities it implements."""

    title = models.CharField(_("title"), max_length=300)
    program = models.ForeignKey(Program, models.PROTECT, related_name="activities", verbose_name=_("program"))
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    venue = models.CharField(_("venue or platform"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    gender_significance = models.PositiveSmallIntegerField(
        _("gender equality"),
        choices=GenderSignificance.choices,
        default=GenderSignificance.SIGNIFICANT,
        help_text=_("How far gender equality is an objective (the IATI gender policy marker)."),
    )
    states = models.ManyToManyField(
        "geo.MemberState", blank=True, related_name="workplan_activities", verbose_name=_("member states")
    )
    status = models.PositiveSmallIntegerField(
        _("status"), choices=ActivityStatus.choices, default=ActivityStatus.PIPELINE
    )
    implements = models.ManyToManyField(
        ProposedActivity,
        blank=True,
        related_name="implementations",
        verbose_name=_("proposed activities it implements"),
    )
    responsible_officer = models.ForeignKey(
        "accounts.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    public = models.BooleanField(
        _("show on the public programs page once delivered"),
        default=False,
        help_text=_("Title, type, modality, dates and member states only; never participants or officers."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The end date is not before the start date."""
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class OrganisationRole(models.IntegerChoices):
    """IATI 2.03 OrganisationRole codes."""

    FUNDING = 1, _("Funding")
    ACCOUNTABLE = 2, _("Accountable")
    EXTENDING = 3, _("Extending")
    IMPLEMENTING = 4, _("Implementing")


class OrganisationType(models.IntegerChoices):
    """IATI 2.03 OrganisationType codes."""

    GOVERNMENT = 10, _("Government")
    LOCAL_GOVERNMENT = 11, _("Local government")
    OTHER_PUBLIC = 15, _("Other public sector")
    INTERNATIONAL_NGO = 21, _("International NGO")
    NATIONAL_NGO = 22, _("National NGO")
    REGIONAL_NGO = 23, _("Regional NGO")
    PARTNER_COUNTRY_NGO = 24, _("Partner-country-based NGO")
    PUBLIC_PRIVATE = 30, _("Public-private partnership")
    MULTILATERAL = 40, _("Multilateral")
    FOUNDATION = 60, _("Foundation")
    PRIVATE_SECTOR = 70, _("Private sector")
    PRIVATE_PROVIDER_COUNTRY = 71, _("Private sector in provider country")
    PRIVATE_RECIPIENT_COUNTRY = 72, _("Private sector in aid recipient country")
    PRIVATE_THIRD_COUNTRY = 73, _("Private sector in third country")
    ACADEMIC = 80, _("Academic, training and research")
    OTHER = 90, _("Other")


class ActivityPartner(models.Model):
    """An organisation taking part in an activity, in an IATI role (funding, accountable, extending, implementing)."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="partners", verbose_name=_("activity"))
    name = models.CharField(_("organisation"), max_length=300)
    institution = models.ForeignKey(
        "directory.Institution",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution in the directory"),
    )
    ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("Such as XM-DAC-41114 (leave empty if it has none)."),
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=OrganisationRole.choices)
    org_type = models.PositiveSmallIntegerField(
        _("organisation type"), choices=OrganisationType.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["activity", "role", "name", "pk"]
        verbose_name = _("activity partner")
        verbose_name_plural = _("activity partners")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class BudgetType(models.IntegerChoices):
    """IATI 2.03 BudgetType codes."""

    ORIGINAL = 1, _("Original")
    REVISED = 2, _("Revised")


class ActivityBudget(models.Model):
    """The budget of an activity for one period (at most a year, as IATI asks), original or revised."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="budgets", verbose_name=_("activity"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Write the currency as its three-letter ISO 4217 code."))],
    )
    kind = models.PositiveSmallIntegerField(_("type"), choices=BudgetType.choices, default=BudgetType.ORIGINAL)

    class Meta:
        ordering = ["activity", "period_start", "kind", "pk"]
        verbose_name = _("activity budget")
        verbose_name_plural = _("activity budgets")

    def __str__(self) -> str:
        return f"{self.value} {self.currency} ({self.period_start} to {self.period_end})"

    def clean(self) -> None:
        """The period ends after it starts and lasts at most a year."""
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError({"period_end": _("The period ends before it starts.")})
            if (self.period_end - self.period_start).days > 366:
                raise ValidationError({"period_end": _("A budget period lasts at most a year.")})


# The participants' models live in their own module to keep this one small; Django finds them here.
from enlace.workplan.participants import (  # noqa: E402  # after Activity, which they point at
    Certificate,
    GenderTarget,
    Participant,
    Participation,
)

__all__ = [
    "Activity",
    "ActivityBudget",
    "ActivityPartner",
    "Certificate",
    "GenderTarget",
    "Participant",
    "Participation",
    "PlanObjective",
    "PlanProgram",
    "Program",
    "ProposedActivity",
    "WorkPlan",
]
