"""Alerts marked with TLP 2.0, their sharing scope, acknowledgements, openings and discussion."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet


class Tlp(models.TextChoices):
    """Traffic Light Protocol 2.0, from the widest to the narrowest audience."""

    CLEAR = "clear", _("TLP:CLEAR")
    GREEN = "green", _("TLP:GREEN")
    AMBER = "amber", _("TLP:AMBER")
    AMBER_STRICT = "amber+strict", _("TLP:AMBER+STRICT")
    RED = "red", _("TLP:RED")


# How narrow each marking is: a higher rank is more restrictive; lowering the rank "downgrades" the marking.
TLP_RANK = {Tlp.CLEAR: 0, Tlp.GREEN: 1, Tlp.AMBER: 2, Tlp.AMBER_STRICT: 3, Tlp.RED: 4}
# Never e-mailed in clear: the mail only says an alert awaits, unless it can be PGP-encrypted.
TLP_NEVER_IN_CLEAR = frozenset({Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED})


class AlertKind(models.TextChoices):
    """What sort of message an alert is."""

    ALERT = "alert", _("Alert")
    ADVISORY = "advisory", _("Advisory")
    BULLETIN = "bulletin", _("Bulletin")
    RFI = "rfi", _("Request for information")
    NOTICE_OF_ACTION = "notice_of_action", _("Notice of action")


class Severity(models.TextChoices):
    """How serious the originator judges the matter."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Sector(models.TextChoices):
    """Critical-infrastructure sectors an alert concerns."""

    GOVERNMENT = "government", _("Government")
    ENERGY = "energy", _("Energy")
    FINANCE = "finance", _("Finance and banking")
    HEALTH = "health", _("Health")
    TELECOM = "telecom", _("Telecommunications")
    TRANSPORT = "transport", _("Transport")
    AVIATION = "aviation", _("Aviation")
    MARITIME = "maritime", _("Maritime and ports")
    WATER = "water", _("Water")
    EDUCATION = "education", _("Education")
    DEFENCE = "defence", _("Defence and security")
    ELECTIONS = "elections", _("Elections")
    MAJOR_EVENTS = "major_events", _("Major events")


class AlertStatus(models.TextChoices):
    """Draft alerts are seen by their author and the Secretariat only."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Alert(models.Model):
    """An alert, advisory or bulletin, marked with TLP and shared with a scope."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text (Markdown)"))
    kind = models.CharField(_("type"), max_length=20, choices=AlertKind.choices, default=AlertKind.ALERT)
    tlp = models.CharField(_("TLP"), max_length=16, choices=Tlp.choices, default=Tlp.AMBER)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    affected_states = models.ManyToManyField(
        "geo.MemberState", verbose_name=_("affected states"), blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.DRAFT)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    ack_deadline = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    originator = models.ForeignKey(
        "directory.Institution", verbose_name=_("originator"), on_delete=models.PROTECT, related_name="alerts"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="alerts")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The sharing scope: any combination; TLP decides how far inside it the alert may go.
    all_members = models.BooleanField(_("all members"), default=False)
    networks = models.ManyToManyField("directory.Network", verbose_name=_("networks"), blank=True, related_name="+")
    states = models.ManyToManyField("geo.MemberState", verbose_name=_("member states"), blank=True, related_name="+")
    institutions = models.ManyToManyField(
        "directory.Institution", verbose_name=_("institutions"), blank=True, related_name="+"
    )
    recipients = models.ManyToManyField(
        "accounts.User", verbose_name=_("named recipients"), blank=True, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "tlp"]), models.Index(fields=["-published_at"])]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.title

    @property
    def sector_labels(self) -> str:
        """The sectors in the active language, comma-separated."""
        from enlace.common.choices import choice_label

        return ", ".join(choice_label(Sector, code) for code in self.sectors)


class Answer(models.TextChoices):
    """A recipient's acknowledgement."""

    RECEIVED = "received", _("Received")
    ACTING = "acting", _("Acting on it")
    NOT_AFFECTED = "not_affected", _("Not affected")


class Acknowledgement(models.Model):
    """A recipient's answer to an alert; one per user, updated when she changes it."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("directory.Institution", on_delete=models.PROTECT, null=True, related_name="+")
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at"]
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="one_acknowledgement_per_user")]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.answer}"


class AlertOpening(models.Model):
    """The first time a user opened an alert ("who has seen it")."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="openings")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("directory.Institution", on_delete=models.PROTECT, null=True, related_name="+")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at"]
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="one_opening_per_user")]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.alert_id}"


class Comment(models.Model):
    """A message in an alert's discussion, seen by whoever sees the alert."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.alert_id}"


class Indicator(models.Model):
    """An observable (address, domain, hash…), stored once in its normal form however many alerts carry it."""

    type = models.CharField(_("type"), max_length=16)
    value = models.CharField(_("value"), max_length=2000)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    # Why it may be a false positive (MISP warninglists, special address space); filled after it is added.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["type", "value"]
        constraints = [models.UniqueConstraint(fields=["type", "value"], name="one_indicator_per_value")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.type}: {self.value}"

    @property
    def type_label(self) -> str:
        """The type in the active language."""
        from enlace.common.choices import choice_label
        from enlace.exchange.indicators import IndicatorType

        return choice_label(IndicatorType, self.type)


class AlertIndicator(models.Model):
    """An indicator as one alert carries it: actionable or context only, with a comment."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="alert_links")
    actionable = models.BooleanField(_("actionable (to IDS)"), default=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__type", "indicator__value"]
        constraints = [models.UniqueConstraint(fields=["alert", "indicator"], name="indicator_once_per_alert")]
        verbose_name = _("alert indicator")
        verbose_name_plural = _("alert indicators")

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.indicator_id}"


class SightingKind(models.TextChoices):
    """MISP's sighting types."""

    SEEN = "seen", _("Seen")
    FALSE_POSITIVE = "false_positive", _("False positive")
    EXPIRED = "expired", _("Expired")


class Sighting(models.Model):
    """A reader reports an indicator of an alert seen, a false positive, or expired."""

    link = models.ForeignKey(AlertIndicator, on_delete=models.CASCADE, related_name="sightings")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("directory.Institution", on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(_("sighting"), max_length=16, choices=SightingKind.choices)
    seen_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")

    def __str__(self) -> str:
        return f"{self.kind} {self.link_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never used as a path."""
    return f"alert-attachments/{instance.alert.uuid}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file shared with an alert: stored outside the web root, always served as a download."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    malware_sample = models.BooleanField(_("malware sample (zip, password “infected”)"), default=False)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class MailMode(models.TextChoices):
    """How a reader wants alert e-mail (in-app notices always arrive)."""

    IMMEDIATE = "immediate", _("One e-mail per alert, at once")
    DIGEST = "digest", _("One e-mail a day with the new alerts")
    NONE = "none", _("No e-mail, in-app only")


class AlertPreference(models.Model):
    """A reader's choice of alert e-mail: mode, lowest severity, and networks (none chosen: all)."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="alert_preference")
    mode = models.CharField(_("e-mail"), max_length=12, choices=MailMode.choices, default=MailMode.IMMEDIATE)
    min_severity = models.CharField(_("lowest severity"), max_length=10, choices=Severity.choices, default="low")
    networks = models.ManyToManyField(
        "directory.Network", verbose_name=_("only alerts shared with these networks"), blank=True, related_name="+"
    )
    critical_always = models.BooleanField(_("critical alerts at once whatever the mode"), default=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert e-mail preference")
        verbose_name_plural = _("alert e-mail preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


class PendingDigest(models.Model):
    """An alert waiting for a reader's next daily digest."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "alert"], name="one_digest_entry_per_alert")]
        verbose_name = _("digest entry")
        verbose_name_plural = _("digest entries")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.alert_id}"


class AlertTranslation(models.Model):
    """The alert's title and text in another language; readers see the one in their language when there is one."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text (Markdown)"))
    translated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["alert", "language"], name="one_translation_per_language")]
        verbose_name = _("alert translation")
        verbose_name_plural = _("alert translations")

    def __str__(self) -> str:
        return f"{self.alert_id} ({self.language})"


class TaxiiStatus(models.Model):
    """The outcome of one TAXII POST of objects (the status resource its client may fetch again)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    collection = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    total_count = models.PositiveIntegerField(default=0)
    successes = models.JSONField(default=list)
    failures = models.JSONField(default=list)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("TAXII status")
        verbose_name_plural = _("TAXII statuses")

    def __str__(self) -> str:
        return str(self.id)
