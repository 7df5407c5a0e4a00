"""The networks directory: networks, institutions, people, their channels and their designations."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.common.choices import choice_label
from enlace.common.localized import LocalizedNameMixin, localized


class InstitutionKind(models.TextChoices):
    """What kind of body an institution is."""

    GOVERNMENT = "government", _("Government agency")
    CSIRT = "csirt", _("CSIRT")
    MISSION = "mission", _("Permanent Mission to the OAS")
    SECRETARIAT = "secretariat", _("CICTE Secretariat")
    PARTNER = "partner", _("Partner organisation")
    DONOR = "donor", _("Donor")


class Visibility(models.TextChoices):
    """Who may see a channel, beyond the Secretariat (which sees everything)."""

    NETWORK = "network", _("Members of the network")
    STATE = "state", _("Own state only")
    SECRETARIAT = "secretariat", _("Secretariat only")


class Institution(models.Model):
    """An office of a member state, the CICTE Secretariat, a partner or a donor; it may be a 24/7 contact."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=InstitutionKind.choices)
    state = models.ForeignKey(
        "geo.MemberState",
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
    )
    always_on_duty = models.BooleanField(_("staffed 24/7"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [models.UniqueConstraint(fields=["name", "state"], name="institution_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Network(LocalizedNameMixin):
    """A network of focal points designated by the member states (e.g. the 1540 points of contact)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description_en = models.TextField("description (English)", blank=True)
    description_es = models.TextField("description (Spanish)", blank=True)
    description_fr = models.TextField("description (French)", blank=True)
    description_pt = models.TextField("description (Portuguese)", blank=True)
    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, null=True, blank=True
    )
    reattestation_days = models.PositiveSmallIntegerField(_("re-attestation period (days)"), default=90)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    @property
    def description(self) -> str:
        """The description in the active language."""
        return localized(self, "description")


class Participation(models.Model):
    """A member state's voluntary participation in a network, with its dates."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participations")
    state = models.ForeignKey("geo.MemberState", on_delete=models.PROTECT, related_name="participations")
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["network_id", "state__name_en"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["network", "state", "joined_on"], name="participation_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="participation_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.network}"


def fold(text: str) -> str:
    """Lower-case `text` without its accents (é → e, ñ → n), as the people search compares names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Person(models.Model):
    """One person, however many networks she serves in: change her once, every network sees it."""

    full_name = models.CharField(_("full name"), max_length=200)
    # The name folded (lower case, no accents) by `save`, for accent-insensitive search on every database.
    search_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="people"
    )
    user = models.OneToOneField(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    # {"0": [["08:00", "17:00"]], …}: weekday (Monday = 0) → local on-call intervals.
    on_call_hours = models.JSONField(_("on-call hours"), default=dict, blank=True)
    last_attested_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping the folded name in step with the full name."""
        self.search_name = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def state(self) -> object:
        """The member state of her institution."""
        return self.institution.state


class ChannelKind(models.TextChoices):
    """How to reach someone."""

    PHONE = "phone", _("Phone")
    HOTLINE = "hotline", _("24/7 hotline")
    MOBILE = "mobile", _("Mobile")
    EMAIL = "email", _("E-mail")
    MESSENGER = "messenger", _("Secure messenger")
    PGP = "pgp", _("PGP key")


PHONE_KINDS = frozenset({ChannelKind.PHONE, ChannelKind.HOTLINE, ChannelKind.MOBILE})


class Channel(models.Model):
    """A typed way to reach a person or an institution, with its priority and who may see it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="channels")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="channels"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    value = models.CharField(_("value"), max_length=254)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices, default="network")
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64, blank=True)
    key_expires_on = models.DateField(_("key expires"), null=True, blank=True)
    key_material = models.TextField(_("public key"), blank=True)
    # A hard bounce (the mail server refused the address); cleared when the value changes or is confirmed.
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "kind"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, institution__isnull=True)
                | Q(person__isnull=True, institution__isnull=False),
                name="channel_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def kind_label(self) -> str:
        """The kind's label in the active language (translated once per language, not per row)."""
        from enlace.common.choices import choice_label

        return choice_label(ChannelKind, self.kind)

    @property
    def link(self) -> str:
        """A mailto: or tel: address for e-mail and phone channels, '' for the others."""
        if self.kind == ChannelKind.EMAIL:
            return f"mailto:{self.value}"
        return f"tel:{self.value}" if self.kind in PHONE_KINDS else ""


class DesignationRole(models.TextChoices):
    """Where a designee stands in the order of whom to call."""

    PRIMARY = "primary", _("Primary")
    ALTERNATE = "alternate", _("Alternate")
    DEPUTY = "deputy", _("Deputy (time-boxed)")


class DesignationStatus(models.TextChoices):
    """The designation chain: nominated by the state, validated by the Secretariat, then active."""

    PROPOSED = "proposed", _("Proposed")
    VALIDATED = "validated", _("Validated")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REMOVED = "removed", _("Removed")


class Designation(models.Model):
    """A person or an institution designated by a member state in a network, in a role, with a status."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="designations")
    state = models.ForeignKey("geo.MemberState", on_delete=models.PROTECT, related_name="designations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="designations")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="designations"
    )
    role = models.CharField(_("role"), max_length=16, choices=DesignationRole.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DesignationStatus.choices, default=DesignationStatus.PROPOSED
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    note_verbale_number = models.CharField(_("note verbale number"), max_length=64, blank=True)
    note_verbale_date = models.DateField(_("note verbale date"), null=True, blank=True)
    nominated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    validated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["network_id", "state_id", "role", "id"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, institution__isnull=True)
                | Q(person__isnull=True, institution__isnull=False),
                name="designation_person_or_institution",
            ),
            models.CheckConstraint(
                condition=~Q(role="deputy") | Q(starts_on__isnull=False, ends_on__isnull=False),
                name="designation_deputy_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="designation_ends_after_start",
            ),
            # At most one active primary per network and state.
            models.UniqueConstraint(
                fields=["network", "state"],
                condition=Q(role="primary", status="active"),
                name="designation_one_active_primary",
            ),
        ]

    def __str__(self) -> str:
        who = self.person or self.institution
        return f"{who} — {self.network} ({self.state}, {self.get_role_display()})"

    @property
    def designee(self) -> Person | Institution:
        """The person or institution designated."""
        return self.person or self.institution  # type: ignore[return-value]

    @property
    def role_label(self) -> str:
        """The role in the active language (cached per language: list pages show many)."""
        return choice_label(DesignationRole, self.role)

    @property
    def status_label(self) -> str:
        """The status in the active language (cached per language)."""
        return choice_label(DesignationStatus, self.status)


class ExerciseStatus(models.TextChoices):
    """Where a reachability exercise stands."""

    SCHEDULED = "scheduled", _("Scheduled")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ExerciseChannelCode(models.TextChoices):
    """How exercise messages travel; gateways register more in `ENLACE_EXERCISE_CHANNELS`."""

    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("In-app notification")


def default_exercise_channels() -> list[str]:
    """E-mail and in-app, the two channels every installation has."""
    return [ExerciseChannelCode.EMAIL, ExerciseChannelCode.IN_APP]


class Exercise(models.Model):
    """A reachability exercise: a test message to a network's focal points, each asked to acknowledge it."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="exercises")
    states = models.ManyToManyField("geo.MemberState", verbose_name=_("member states"), related_name="+")
    message = models.TextField(_("message"), blank=True)
    escalate_after = models.PositiveIntegerField(_("escalate after (minutes)"), default=60)
    status = models.CharField(_("status"), max_length=16, choices=ExerciseStatus.choices, default="running")
    channels = models.JSONField(_("channels"), default=default_exercise_channels)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("reachability exercise")
        verbose_name_plural = _("reachability exercises")

    def __str__(self) -> str:
        return f"{self.network} — {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def channel_labels(self) -> str:
        """The exercise's channels in the active language, comma-separated."""
        from enlace.directory.delivery import channel_label

        return ", ".join(channel_label(code) for code in self.channels)


class ExerciseTarget(models.Model):
    """One message of an exercise: to whom, when, and when (if ever) it was acknowledged."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="targets")
    state = models.ForeignKey("geo.MemberState", on_delete=models.PROTECT, related_name="+")
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    email = models.EmailField(_("sent to"), blank=True)
    user = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="en")
    level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Every channel failed (refused address, no account): the state escalates at once.
    failed_at = models.DateTimeField(_("undeliverable"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["state_id", "level", "id"]
        verbose_name = _("exercise message")
        verbose_name_plural = _("exercise messages")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def answer_seconds(self) -> int | None:
        """Seconds from sending to acknowledgement."""
        if self.sent_at and self.acknowledged_at:
            return int((self.acknowledged_at - self.sent_at).total_seconds())
        return None


class ExerciseDelivery(models.Model):
    """One attempt to deliver an exercise message over one channel, and what came of it."""

    target = models.ForeignKey(ExerciseTarget, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=40)
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)
    delivered = models.BooleanField(_("delivered"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["target_id", "attempted_at", "id"]
        verbose_name = _("exercise delivery")
        verbose_name_plural = _("exercise deliveries")

    def __str__(self) -> str:
        return f"{self.channel}: {'ok' if self.delivered else self.error}"

    @property
    def channel_label(self) -> str:
        """The channel's name in the active language (its code when the channel is no longer installed)."""
        from enlace.directory.delivery import channel_label

        return channel_label(self.channel)


class Skill(LocalizedNameMixin):
    """A skill of the expert roster's controlled vocabulary, per program."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    program = models.ForeignKey("workplan.Program", on_delete=models.PROTECT, related_name="skills")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["program__position", "name_en"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class ExpertStatus(models.TextChoices):
    """Whether an entry is on the roster; a removed one keeps its history and may be reinstated.

    An expert who applies herself waits as `applied` until the Secretariat accepts (active) or declines (removed).
    """

    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("On the roster")
    REMOVED = "removed", _("Removed")


class Expert(models.Model):
    """A certified trainer or expert on the regional roster: one person of the directory."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="expert")
    status = models.CharField(_("status"), max_length=16, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    summary = models.TextField(_("summary"), blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="experts", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.person)


class AvailabilityKind(models.TextChoices):
    """How far an expert can take on missions during a window."""

    AVAILABLE = "available", _("Available")
    PARTIAL = "partial", _("Partially available")
    UNAVAILABLE = "unavailable", _("Unavailable")


class AvailabilityWindow(models.Model):
    """One period of an expert's availability; an expert's windows never overlap (`roster.save_window`)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="windows")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    kind = models.CharField(
        _("availability"), max_length=16, choices=AvailabilityKind.choices, default=AvailabilityKind.AVAILABLE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="availability_window_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on} - {self.ends_on or '…'}"


CERTIFICATION_WARNING_DAYS = 60  # how long before a certification lapses the roster warns


class Certification(models.Model):
    """A certification an expert holds, with its expiry."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("certification"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    obtained_on = models.DateField(_("obtained"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    # The lapse warning: when it was sent, and for which expiry (a renewal with a new expiry warns again).
    lapse_warned_at = models.DateTimeField(_("lapse warning sent"), null=True, blank=True)
    lapse_warned_for = models.DateField(_("lapse warning for expiry"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class Mission(models.Model):
    """A mission or training an expert delivered."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="missions")
    title = models.CharField(_("title"), max_length=200)
    state = models.ForeignKey("geo.MemberState", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ApplicationStatus(models.TextChoices):
    """The CSIRTAmericas membership flow."""

    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed by the national coordinator")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MembershipApplication(models.Model):
    """A team's application to join a network: applied, endorsed by its state, decided by the Secretariat."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="applications")
    state = models.ForeignKey("geo.MemberState", on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField(_("team"), max_length=200)
    team_email = models.EmailField(_("team e-mail"))
    applicant = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    endorsed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_note = models.TextField(_("decision note"), blank=True)
    introductory_meeting_on = models.DateField(_("introductory meeting"), null=True, blank=True)
    document = models.FileField(_("official letter (PDF)"), upload_to="applications/%Y/")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self) -> str:
        return f"{self.team_name} ({self.state})"
