"""Assistance requests from member states, and assessment missions / peer reviews with their findings and
recommendations."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet


class RequestStatus(models.TextChoices):
    """Where an assistance request stands."""

    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSESSED = "assessed", _("Assessed")
    PLANNED = "planned", _("Planned")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The Secretariat's moves: each status and where it may go next.
NEXT: dict[str, tuple[str, ...]] = {
    RequestStatus.SUBMITTED: (RequestStatus.ACKNOWLEDGED, RequestStatus.DECLINED),
    RequestStatus.ACKNOWLEDGED: (RequestStatus.ASSESSED, RequestStatus.DECLINED),
    RequestStatus.ASSESSED: (RequestStatus.PLANNED, RequestStatus.DECLINED),
    RequestStatus.PLANNED: (RequestStatus.IN_DELIVERY, RequestStatus.DECLINED),
    RequestStatus.IN_DELIVERY: (RequestStatus.DELIVERED,),
    RequestStatus.DELIVERED: (RequestStatus.CLOSED,),
}


class AssistanceRequest(models.Model):
    """A member state's request for assistance under a program, filed by its national coordinator."""

    state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED, db_index=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    officer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    experts = models.ManyToManyField(
        "directory.Expert", verbose_name=_("experts"), blank=True, related_name="assistance_requests"
    )
    # Free text or a link until the work plan's activities exist (see docs/assistance.md).
    activity_reference = models.CharField(_("answering activities (reference)"), max_length=500, blank=True)
    filed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")

    def __str__(self) -> str:
        return self.subject


class RequestEvent(models.Model):
    """One status change of a request: who, when, from what to what, and why."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=RequestStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=RequestStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def document_path(instance: RequestDocument, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never used as a path."""
    return f"assistance-documents/{instance.request_id}/{uuid.uuid4().hex}"


class RequestDocument(models.Model):
    """A document attached to a request: stored outside the web root, always served as a download."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")

    def __str__(self) -> str:
        return self.name


class MissionKind(models.TextChoices):
    """What sort of mission."""

    ASSESSMENT = "assessment", _("Assessment mission")
    PEER_REVIEW = "peer_review", _("Peer review")


class Mission(models.Model):
    """An assessment mission or peer review in one member state."""

    kind = models.CharField(_("type"), max_length=16, choices=MissionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    experts = models.ManyToManyField("directory.Expert", verbose_name=_("experts"), blank=True, related_name="+")
    request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("assistance request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missions",
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="mission_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    """A vulnerability a mission found: sensitive, read by the state concerned and the Secretariat only."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.title


class Priority(models.TextChoices):
    """How urgent a recommendation is."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RecommendationStatus(models.TextChoices):
    """Where a recommendation stands."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")


DONE = (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_IMPLEMENTED)


class Recommendation(models.Model):
    """What a mission recommends, owned by a state (and optionally one of its institutions), followed up."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    owner_state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("owner (state)"), on_delete=models.PROTECT, related_name="+"
    )
    owner_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("owner (institution)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        db_index=True,
    )
    # Free text or a link until the work plan's activities exist (see docs/assistance.md).
    activity_reference = models.CharField(_("follow-up activities (reference)"), max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def overdue(self) -> bool:
        """Past its due date and neither implemented nor given up."""
        return self.status not in DONE and self.due_date < timezone.localdate()


class RecommendationNote(models.Model):
    """A follow-up note on a recommendation, with the status it set."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="notes")
    status = models.CharField(_("status"), max_length=16, choices=RecommendationStatus.choices)
    note = models.TextField(_("note"))
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return self.note[:80]
