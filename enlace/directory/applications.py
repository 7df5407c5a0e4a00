"""Membership applications (the CSIRTAmericas flow): apply, endorse, decide within 20 working days.

Each step tells, by e-mail after commit, whoever acts next: the state's national coordinators that an
application awaits their endorsement, the Secretariat that it awaits a decision, the applicant the decision.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.directory.actions import _require, nominate, validate
from enlace.directory.mail import coordinators_of, link, secretariat_staff, send_in_language
from enlace.directory.models import (
    ApplicationStatus,
    Channel,
    ChannelKind,
    DesignationRole,
    Institution,
    InstitutionKind,
    MembershipApplication,
    Network,
    Person,
)
from enlace.directory.reachability import is_holiday
from enlace.geo.models import MemberState

DECISION_WORKING_DAYS = 20
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def decision_due(application: MembershipApplication) -> date:
    """The 20th working day after submission (weekends and the Secretariat's host-country holidays skipped)."""
    day = timezone.localtime(application.submitted_at).date()
    remaining = DECISION_WORKING_DAYS
    while remaining:
        day += timedelta(days=1)
        if day.weekday() < 5 and not is_holiday("US", datetime(day.year, day.month, day.day, tzinfo=UTC)):
            remaining -= 1
    return day


def _check_pdf(document: UploadedFile) -> None:
    if document.size is None or document.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The document is larger than 10 MB.")})
    head = document.read(5)
    document.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"document": _("Upload the official letter as a PDF file.")})


@transaction.atomic
def apply(
    *, actor: User, network: Network, state: MemberState, team_name: str, team_email: str, document: UploadedFile
) -> MembershipApplication:
    """A team head applies for her team to join a network, with the official letter."""
    application = MembershipApplication(
        network=network, state=state, team_name=team_name, team_email=team_email, applicant=actor
    )
    _require(actor, "add", application)
    _check_pdf(document)
    application.document.save(f"{state.iso2}-{team_name[:40]}.pdf", document, save=False)
    application.full_clean()
    application.save()
    record("application.submit", actor=actor, obj=application, changes={"state": state.iso2, "network": network.code})
    _notify_after_commit(application, ApplicationStatus.SUBMITTED)
    return application


@transaction.atomic
def endorse(application: MembershipApplication, *, actor: User) -> MembershipApplication:
    """The state's national coordinator endorses the application."""
    _require(actor, "endorse", application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted application can be endorsed.")})
    application.status = ApplicationStatus.ENDORSED
    application.endorsed_by = actor
    application.save(update_fields=["status", "endorsed_by"])
    record("application.endorse", actor=actor, obj=application, changes={"state": application.state.iso2})
    _notify_after_commit(application, ApplicationStatus.ENDORSED)
    return application


@transaction.atomic
def decide(
    application: MembershipApplication, *, actor: User, accept: bool, note: str, meeting_on: date | None = None
) -> MembershipApplication:
    """The Secretariat decides; an accepted team becomes a CSIRT institution, its head a validated alternate."""
    _require(actor, "decide", application)
    if application.status != ApplicationStatus.ENDORSED:
        raise ValidationError({"status": _("Only an endorsed application can be decided.")})
    if not accept and not note.strip():
        raise ValidationError({"decision_note": _("Say why the application is declined.")})
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_note = note
    application.introductory_meeting_on = meeting_on if accept else None
    application.save()
    if accept:
        team, _created = Institution.objects.get_or_create(
            name=application.team_name,
            state=application.state,
            defaults={"kind": InstitutionKind.CSIRT, "time_zone": application.state.capital_tz},
        )
        Channel.objects.get_or_create(institution=team, kind=ChannelKind.EMAIL, value=application.team_email)
        head = application.applicant
        person = Person.objects.filter(user=head).first() or Person.objects.create(
            full_name=head.full_name,
            institution=team,
            user=head,
            time_zone=application.state.capital_tz,
            last_attested_at=timezone.now(),
        )
        designation = nominate(
            actor=None,
            network=application.network,
            state=application.state,
            role=DesignationRole.ALTERNATE,
            person=person,
        )
        validate(designation, actor=None)
    on_time = timezone.localdate() <= decision_due(application)
    record(
        "application.decide",
        actor=actor,
        obj=application,
        reason=note,
        changes={"state": application.state.iso2, "accepted": accept, "on_time": on_time},
    )
    _notify_after_commit(application, application.status)
    return application


def _notify_after_commit(application: MembershipApplication, step: str) -> None:
    from enlace.directory.tasks import notify_application

    transaction.on_commit(lambda: notify_application.enqueue(application.pk, step))


def notify(application: MembershipApplication, step: str) -> list[str]:
    """E-mail, each in her language, whoever the step concerns; return the addresses written to.

    A notice whose step the application has already left (a slow worker) is not sent.
    """
    if application.status != step:
        return []
    if step == ApplicationStatus.SUBMITTED:
        recipients = list(coordinators_of(application.state_id))
        template = "application_submitted"
        if not recipients:  # no coordinator in Enlace: the Secretariat may endorse in her place
            recipients, template = list(secretariat_staff(application.network.program_id)), "application_unendorsed"
    elif step == ApplicationStatus.ENDORSED:
        recipients, template = list(secretariat_staff(application.network.program_id)), "application_endorsed"
    else:
        recipients, template = [application.applicant], "application_decided"
    context = {
        "application": application,
        "due": decision_due(application),
        "link": link("directory:application_detail", application.pk),
    }
    sent_to = [
        user.email
        for user in recipients
        if send_in_language(template, to=[user.email], language=user.preferred_language, context=context)
    ]
    refused = [user.email for user in recipients if user.email not in sent_to]
    record("application.notify", actor=None, obj=application, changes={"step": step, "to": sent_to, "refused": refused})
    return sent_to
