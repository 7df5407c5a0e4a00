"""Reachability exercises: send, acknowledge with a signed link, escalate the silent, report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.actions import _require
from enlace.directory.models import (
    ChannelKind,
    Designation,
    DesignationStatus,
    Exercise,
    ExerciseStatus,
    ExerciseTarget,
    Network,
)
from enlace.directory.reachability import ROLE_ORDER
from enlace.geo.languages import state_language
from enlace.geo.models import MemberState

SIGNER_SALT = "enlace.directory.exercise"
LINK_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Recipient:
    """One step of a state's escalation chain."""

    name: str
    email: str
    language: str
    designation: Designation | None


def escalation_chain(network: Network, state: MemberState) -> list[Recipient]:
    """Primary, alternates, deputies in period, 24/7 offices, then the state's national coordinators."""
    today = timezone.localdate()
    designations = [
        d
        for d in Designation.objects.filter(network=network, state=state, status=DesignationStatus.ACTIVE)
        .select_related("person__user", "institution")
        .prefetch_related("person__channels", "institution__channels")
        if (d.starts_on is None or d.starts_on <= today) and (d.ends_on is None or d.ends_on >= today)
    ]
    designations.sort(key=lambda d: (d.institution_id is not None, ROLE_ORDER.get(d.role, 9), d.pk))
    chain = []
    for designation in designations:
        owner: Any = designation.person or designation.institution
        emails = sorted((c for c in owner.channels.all() if c.kind == ChannelKind.EMAIL), key=lambda c: c.priority)
        if not emails:
            continue
        user = getattr(designation.person, "user", None)
        language = user.preferred_language if user else state_language(state.iso2)
        name = designation.person.full_name if designation.person else designation.institution.name  # type: ignore[union-attr]
        chain.append(Recipient(name, emails[0].value, language, designation))
    coordinators = User.objects.filter(
        role_assignments__role=Role.NATIONAL_COORDINATOR, role_assignments__state=state, is_active=True
    )
    chain += [Recipient(u.full_name, u.email, u.preferred_language, None) for u in coordinators]
    return chain


@transaction.atomic
def launch(
    *, actor: User, network: Network, states: Iterable[MemberState], escalate_after: int, message: str
) -> Exercise:
    """Start an exercise: one message to the first contact of each state; sending happens after commit."""
    exercise = Exercise(network=network, escalate_after=escalate_after, message=message, created_by=actor)
    _require(actor, "add", exercise)
    states = list(states)
    if not states:
        raise ValidationError({"states": _("Choose at least one member state.")})
    exercise.save()
    exercise.states.set(states)
    for state in states:
        chain = escalation_chain(network, state)
        if chain:
            first = chain[0]
            ExerciseTarget.objects.create(
                exercise=exercise,
                state=state,
                designation=first.designation,
                email=first.email,
                name=first.name,
                language=first.language,
            )
    record("exercise.launch", actor=actor, obj=exercise, changes={"states": [s.iso2 for s in states]})
    from enlace.directory.tasks import send_exercise_messages

    transaction.on_commit(lambda: send_exercise_messages.enqueue(exercise.pk))
    return exercise


def ack_token(target: ExerciseTarget) -> str:
    """The signed, expiring token of an acknowledgement link."""
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(str(target.pk))


def target_for_token(token: str) -> ExerciseTarget:
    """The target a link points to; a forged, altered or expired link raises signing.BadSignature."""
    pk = signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=LINK_MAX_AGE)
    return ExerciseTarget.objects.select_related("exercise__network", "state").get(pk=int(pk))


def send(target: ExerciseTarget) -> None:
    """Send one exercise message in the recipient's language."""
    link = settings.ENLACE_BASE_URL + reverse("directory:exercise_ack", args=[ack_token(target)])
    with translation.override(target.language):
        context = {"target": target, "exercise": target.exercise, "link": link}
        subject = render_to_string("directory/email/exercise_subject.txt", context).strip()
        body = render_to_string("directory/email/exercise.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [target.email])
    ExerciseTarget.objects.filter(pk=target.pk).update(sent_at=timezone.now())


@transaction.atomic
def acknowledge(target: ExerciseTarget) -> bool:
    """Record the acknowledgement; False when it was already acknowledged or the exercise is closed."""
    locked = ExerciseTarget.objects.select_for_update().select_related("exercise").get(pk=target.pk)
    if locked.acknowledged_at is not None or locked.exercise.status != ExerciseStatus.RUNNING:
        return False
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["acknowledged_at"])
    record(
        "exercise.acknowledge",
        actor=None,
        obj=locked.exercise,
        object_repr=locked.name,
        changes={"target": locked.pk, "state": locked.state.iso2, "level": locked.level},
    )
    return True


@transaction.atomic
def escalate(exercise: Exercise, now: datetime | None = None) -> list[ExerciseTarget]:
    """For each state still silent past the deadline, write to the next contact in its chain."""
    now = now or timezone.now()
    deadline = now - timedelta(minutes=exercise.escalate_after)
    created = []
    answered_states = set(exercise.targets.filter(acknowledged_at__isnull=False).values_list("state_id", flat=True))
    due = (
        exercise.targets.filter(acknowledged_at__isnull=True, escalated_at__isnull=True, sent_at__lte=deadline)
        .exclude(state_id__in=answered_states)
        .select_related("state")
    )
    for target in due:
        chain = escalation_chain(exercise.network, target.state)
        target.escalated_at = now
        target.save(update_fields=["escalated_at"])
        if target.level + 1 < len(chain):
            step = chain[target.level + 1]
            created.append(
                ExerciseTarget.objects.create(
                    exercise=exercise,
                    state=target.state,
                    designation=step.designation,
                    email=step.email,
                    name=step.name,
                    language=step.language,
                    level=target.level + 1,
                )
            )
    if created:
        record("exercise.escalate", actor=None, obj=exercise, changes={"targets": [t.pk for t in created]})
    return created


@dataclass(frozen=True)
class StateResult:
    """How one state answered: at which level, how fast, or not at all."""

    state: MemberState
    answered: bool
    level: int | None
    seconds: int | None
    escalations: int
    messages: int


def results(exercise: Exercise) -> list[StateResult]:
    """One line per state of the exercise (a state with no contact to write to counts as unreachable)."""
    targets = list(exercise.targets.select_related("state"))
    out = []
    for state in exercise.states.all():
        mine = [t for t in targets if t.state_id == state.pk]
        first = min((t for t in mine if t.acknowledged_at), key=lambda t: t.acknowledged_at, default=None)  # type: ignore[arg-type, return-value]
        started = min((t.sent_at for t in mine if t.sent_at), default=None)
        seconds = int((first.acknowledged_at - started).total_seconds()) if first and started else None  # type: ignore[operator]
        out.append(
            StateResult(
                state,
                first is not None,
                first.level if first else None,
                seconds,
                sum(1 for t in mine if t.escalated_at),
                len(mine),
            )
        )
    return out
