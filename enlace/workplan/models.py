"""The CICTE programs, and the approved work plans imported into programs → objectives → proposed activities."""

from __future__ import annotations

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


class Activity(models.Model):
    """A capacity-building activity the Secretariat plans or delivers, and the proposed activities it implements."""

    title = models.CharField(_("title"), max_length=300)
    program = models.ForeignKey(Program, models.PROTECT, related_name="activities", verbose_name=_("program"))
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    venue = models.CharField(_("venue or platform"), max_length=300, blank=True)
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
        from django.core.exceptions import ValidationError

        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


# The participants' models live in their own module to keep this one small; Django finds them here.
from enlace.workplan.participants import (  # noqa: E402  # after Activity, which they point at
    Certificate,
    GenderTarget,
    Participant,
    Participation,
)

__all__ = [
    "Activity",
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
