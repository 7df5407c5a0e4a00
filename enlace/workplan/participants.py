"""Participants of activities: the person (sex recorded once, ISO/IEC 5218), each participation's funnel, the
certificates issued for them, and each program's target share of women."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet


class Sex(models.IntegerChoices):
    """ISO/IEC 5218 codes for the representation of human sexes."""

    NOT_KNOWN = 0, _("Not known")
    MALE = 1, _("Male")
    FEMALE = 2, _("Female")
    NOT_APPLICABLE = 9, _("Not applicable")


class ParticipantInstitutionKind(models.TextChoices):
    """Where a participant works: the directory's kinds are about member-state offices, trainings reach wider."""

    GOVERNMENT = "government", _("Government agency")
    CSIRT = "csirt", _("CSIRT")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class CertificateLanguage(models.TextChoices):
    """The languages a certificate is printed in."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")


class Participant(models.Model):
    """A person who took part in activities: recorded once, whatever the number of activities."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices, default=Sex.NOT_KNOWN)
    state = models.ForeignKey(
        "geo.MemberState",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("member state"),
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    institution_kind = models.CharField(
        _("institution type"), max_length=16, choices=ParticipantInstitutionKind.choices, blank=True
    )
    language = models.CharField(
        _("preferred language"), max_length=2, choices=CertificateLanguage.choices, default=CertificateLanguage.SPANISH
    )
    person = models.ForeignKey(
        "directory.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations_as_participant",
        verbose_name=_("person in the directory"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.full_name


class ParticipationStatus(models.TextChoices):
    """The funnel of a participation, in order."""

    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    CERTIFIED = "certified", _("Certified")


REACHED = ("attended", "completed", "certified")  # took part: counted in the disaggregations


class Participation(models.Model):
    """One participant in one activity, and the date she reached each step of the funnel."""

    activity = models.ForeignKey(
        "workplan.Activity", models.CASCADE, related_name="participations", verbose_name=_("activity")
    )
    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="participations", verbose_name=_("participant")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ParticipationStatus.choices, default=ParticipationStatus.INVITED
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    attended_on = models.DateField(_("attended on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "participant__full_name", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="workplan_participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.activity}"


class CertificateKind(models.TextChoices):
    """What a certificate attests."""

    ATTENDANCE = "attendance", _("Certificate of attendance")
    COMPLETION = "completion", _("Certificate of completion")


def new_certificate_code() -> str:
    """An unguessable identifier for the public verification link."""
    return secrets.token_urlsafe(18)


class Certificate(models.Model):
    """A certificate issued for a participation; anyone with its code may check that it is genuine."""

    participation = models.OneToOneField(
        Participation, models.CASCADE, related_name="certificate", verbose_name=_("participation")
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_certificate_code)
    kind = models.CharField(_("kind"), max_length=12, choices=CertificateKind.choices)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.participation}"


class GenderTarget(models.Model):
    """A program's target share of women among participants, from a year on (until a later target)."""

    program = models.ForeignKey(
        "workplan.Program", models.CASCADE, related_name="gender_targets", verbose_name=_("program")
    )
    share_percent = models.PositiveSmallIntegerField(
        _("target share of women (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    from_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["program", "from_year"]
        verbose_name = _("gender target")
        verbose_name_plural = _("gender targets")
        constraints = [
            models.UniqueConstraint(fields=["program", "from_year"], name="workplan_gendertarget_year"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.share_percent}% from {self.from_year}"
