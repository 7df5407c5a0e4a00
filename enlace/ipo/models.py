"""Major events (past and future) in the Americas, and the lessons learned from them."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.common.choices import choice_label
from enlace.common.localized import LocalizedNameMixin
from enlace.library.models import LANGUAGES


class Access(models.TextChoices):
    """Who may read a record; events use public, members and Secretariat, lessons all four."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")
    STATE = "state", _("Own state")
    SECRETARIAT = "secretariat", _("Secretariat only")


EVENT_ACCESS = [(c.value, c.label) for c in (Access.PUBLIC, Access.MEMBERS, Access.SECRETARIAT)]


class EventKind(models.TextChoices):
    """What sort of major event."""

    SPORTS = "sports", _("Sports")
    SUMMIT = "summit", _("Summit")
    CULTURAL = "cultural", _("Cultural")
    RELIGIOUS = "religious", _("Religious")
    TOURISM = "tourism", _("Tourism season")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    """Derived from the dates: planned, ongoing or past."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    PAST = "past", _("Past")


class MajorEvent(LocalizedNameMixin):
    """A major event hosted by a member state: a proposal until the Secretariat validates it."""

    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices, default=EventKind.OTHER)
    host_state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("host state"), on_delete=models.PROTECT, related_name="+"
    )
    cities = models.CharField(_("cities"), max_length=300, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    access = models.CharField(_("access"), max_length=12, choices=EVENT_ACCESS, default=Access.MEMBERS)
    validated = models.BooleanField(_("validated"), default=False)
    # Until the library app is merged: plain references (titles, identifiers or URLs), one per line.
    document_refs = models.TextField(_("related document references"), blank=True)
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["starts_on", "ends_on"]), models.Index(fields=["access", "validated"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="ipo_event_dates")
        ]
        verbose_name = _("major event")
        verbose_name_plural = _("major events")

    def status_on(self, day: datetime.date) -> str:
        """Planned, ongoing or past on `day`."""
        if day < self.starts_on:
            return EventStatus.PLANNED
        return EventStatus.ONGOING if day <= self.ends_on else EventStatus.PAST

    @property
    def status(self) -> str:
        """Planned, ongoing or past today."""
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        """The status in the active language."""
        return choice_label(EventStatus, self.status)


class Stage(models.TextChoices):
    """The NATO-style chain: observation → validated → lesson identified → remedial action → lesson learned."""

    OBSERVATION = "observation", _("Observation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    IDENTIFIED = "identified", _("Lesson identified")
    ACTION = "action", _("Remedial action")
    LEARNED = "learned", _("Lesson learned")


class ActionStatus(models.TextChoices):
    """How far the remedial action has gone."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Lesson(models.Model):
    """An observation about an event or activity, carried by the Secretariat up to a lesson learned."""

    title = models.CharField(_("title"), max_length=250)
    observation = models.TextField(_("observation"))
    event = models.ForeignKey(
        MajorEvent, verbose_name=_("event"), on_delete=models.PROTECT, null=True, blank=True, related_name="lessons"
    )
    activity = models.CharField(_("activity"), max_length=250, blank=True)
    program = models.ForeignKey(
        "workplan.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.ForeignKey(
        "geo.MemberState",
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.MEMBERS)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.OBSERVATION)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    responsible_body = models.CharField(_("responsible body"), max_length=250, blank=True)
    action_description = models.TextField(_("remedial action"), blank=True)
    action_owner = models.CharField(_("action owner"), max_length=250, blank=True)
    action_due = models.DateField(_("due date"), null=True, blank=True)
    action_status = models.CharField(_("action status"), max_length=12, choices=ActionStatus.choices, blank=True)
    document_refs = models.TextField(_("related document references"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    # Accent-folded title and text for the search index (ipo/search.py; PostgreSQL adds a tsvector column).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["stage", "access"])]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    @property
    def stage_label(self) -> str:
        """The stage in the active language."""
        return choice_label(Stage, self.stage)


class LinkRelation(models.TextChoices):
    """How a library document relates to an event or a lesson."""

    PLANNING = "planning", _("Security planning document")
    AFTER_ACTION = "after_action", _("After-action report")
    REFERENCE = "reference", _("Reference")


class DocumentLink(models.Model):
    """A library work linked to a major event or to a lesson (exactly one), with the kind of relation; the
    many-to-many between events / lessons and the library. Each side shows it only to readers of the other."""

    work = models.ForeignKey(
        "library.Work", verbose_name=_("document"), on_delete=models.CASCADE, related_name="ipo_links"
    )
    event = models.ForeignKey(
        MajorEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="document_links")
    relation = models.CharField(_("relation"), max_length=14, choices=LinkRelation.choices)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["relation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=False, lesson__isnull=True)
                | models.Q(event__isnull=True, lesson__isnull=False),
                name="ipo_link_one_target",
            ),
            models.UniqueConstraint(fields=["work", "event"], name="ipo_link_once_per_event"),
            models.UniqueConstraint(fields=["work", "lesson"], name="ipo_link_once_per_lesson"),
        ]
        verbose_name = _("document link")
        verbose_name_plural = _("document links")

    def __str__(self) -> str:
        return f"{self.work_id} → {self.event_id or self.lesson_id} ({self.relation})"

    @property
    def relation_label(self) -> str:
        """The relation in the active language."""
        return choice_label(LinkRelation, self.relation)
