"""Every write to participants: importing an attendance list (all rows or none, idempotent), issuing certificates
and setting a program's gender target; each audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.models import Person
from enlace.workplan.attendance import STATE_LANGUAGES, AttendanceError, Row, read_sheet
from enlace.workplan.models import Activity, Program
from enlace.workplan.participants import (
    Certificate,
    CertificateKind,
    GenderTarget,
    Participant,
    Participation,
    ParticipationStatus,
    Sex,
)


class ImportRefused(Exception):
    """The list has problems: nothing was written."""


@dataclass(frozen=True)
class AttendanceResult:
    """What an import did."""

    created: int
    updated: int
    unchanged: int


def _require_change(actor: User | None, activity: Activity) -> None:
    if actor is not None and not policy_for(Activity).can(actor, "change", activity):
        raise PermissionDenied


def _find(row: Row) -> Participant | None:
    if row.email:
        found = Participant.objects.filter(email__iexact=row.email).order_by("pk").first()
        if found:
            return found
    return (
        Participant.objects.filter(full_name__iexact=row.name, state=row.state, email__in=["", row.email])
        .order_by("pk")
        .first()
    )


def _save_participant(row: Row) -> Participant:
    participant = _find(row) or Participant(full_name=row.name)
    participant.full_name = row.name
    if row.email:
        participant.email = row.email
    if row.sex != Sex.NOT_KNOWN or participant.pk is None:  # recorded once: an empty cell keeps what is known
        participant.sex = row.sex
    if row.state is not None:
        participant.state = row.state
    if row.institution:
        participant.institution = row.institution
    if row.institution_kind:
        participant.institution_kind = row.institution_kind
    if row.language:
        participant.language = row.language
    elif participant.pk is None and participant.state is not None:
        participant.language = STATE_LANGUAGES.get(participant.state.iso2, "es")
    if participant.person_id is None and row.email:
        participant.person = Person.objects.filter(user__email__iexact=row.email).first()
    participant.save()
    return participant


def _advance(participation: Participation, status: str, today: date) -> bool:
    """Set the status, and the date of that step if it has none; True if anything changed."""
    changed = participation.status != status
    participation.status = status
    if getattr(participation, f"{status}_on") is None:
        setattr(participation, f"{status}_on", today)
        changed = True
    return changed


@transaction.atomic
def import_attendance(*, actor: User | None, activity: Activity, data: bytes, filename: str = "") -> AttendanceResult:
    """Import an attendance list into the activity: every row or none; the same list again changes nothing."""
    _require_change(actor, activity)
    try:
        sheet = read_sheet(data, filename)
    except AttendanceError as exc:
        raise ImportRefused(exc.message) from exc
    if not sheet.ok:
        raise ImportRefused(sheet.problems[0].message if sheet.problems else "")
    today = timezone.localdate()
    created = updated = unchanged = 0
    for row in sheet.rows:
        participant = _save_participant(row)
        participation, new = Participation.objects.get_or_create(activity=activity, participant=participant)
        if new:
            created += 1
        status = row.status
        if participation.status == ParticipationStatus.CERTIFIED and status != ParticipationStatus.CERTIFIED:
            status = ParticipationStatus.CERTIFIED  # a certificate issued stays issued
        if status == ParticipationStatus.CERTIFIED and not hasattr(participation, "certificate"):
            status = ParticipationStatus.COMPLETED  # certified only by issuing a certificate
        if _advance(participation, status, today) or new:
            participation.save()
            updated += 0 if new else 1
        else:
            unchanged += 1
    record(
        "participation.import",
        actor=actor,
        obj=activity,
        changes={"file": filename[:200], "rows": len(sheet.rows), "created": created, "updated": updated},
    )
    return AttendanceResult(created, updated, unchanged)


@transaction.atomic
def issue_certificates(*, actor: User | None, activity: Activity) -> list[Certificate]:
    """Issue a certificate to every participant who attended (attendance) or completed (completion) the activity;
    those already certified keep theirs. Each participation becomes certified."""
    _require_change(actor, activity)
    today = timezone.localdate()
    issued = []
    pending = (
        Participation.objects.filter(activity=activity, status__in=("attended", "completed"))
        .select_for_update()
        .select_related("participant")
    )
    for participation in pending:
        if Certificate.objects.filter(participation=participation).exists():
            continue
        kind = CertificateKind.COMPLETION if participation.status == "completed" else CertificateKind.ATTENDANCE
        if kind == CertificateKind.COMPLETION and participation.completed_on is None:
            participation.completed_on = today
        if participation.attended_on is None:
            participation.attended_on = today
        issued.append(
            Certificate.objects.create(participation=participation, kind=kind, issued_on=today, issued_by=actor)
        )
        participation.status = ParticipationStatus.CERTIFIED
        participation.certified_on = today
        participation.save()
    record(
        "certificate.issue",
        actor=actor,
        obj=activity,
        changes={"issued": len(issued), "participations": [c.participation_id for c in issued]},
    )
    return issued


def can_set_gender_target(user: User, program: Program) -> bool:
    """An administrator sets any program's target, an officer her own programs'."""
    if not policy_for(GenderTarget).can(user, "change"):
        return False
    return user.is_secretariat_admin or program.pk in user.program_ids_for(Role.SECRETARIAT_OFFICER)


@transaction.atomic
def set_gender_target(*, actor: User | None, program: Program, share_percent: int, from_year: int) -> GenderTarget:
    """Set the program's target share of women from a year on (replacing that year's target)."""
    probe = GenderTarget(program=program, share_percent=share_percent, from_year=from_year)
    if actor is not None and not can_set_gender_target(actor, program):
        raise PermissionDenied
    probe.full_clean(validate_unique=False, validate_constraints=False)
    target, _created = GenderTarget.objects.update_or_create(
        program=program, from_year=from_year, defaults={"share_percent": share_percent}
    )
    record(
        "gendertarget.set",
        actor=actor,
        obj=target,
        changes={"program": program.code, "from_year": from_year, "share_percent": share_percent},
    )
    return target
