"""Reachability exercises: send, acknowledge with a signed link, escalate the silent, report."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.actions import _require
from enlace.directory.delivery import DeliveryError, installed, notification_key
from enlace.directory.models import (
    ChannelKind,
    Designation,
    DesignationStatus,
    Exercise,
    ExerciseDelivery,
    ExerciseStatus,
    ExerciseTarget,
    Network,
    default_exercise_channels,
)
from enlace.directory.reachability import ROLE_ORDER
from enlace.geo.languages import state_language
from enlace.geo.models import MemberState
from enlace.notifications.actions import close as close_notification

SIGNER_SALT = "enlace.directory.exercise"
LINK_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Recipient:
    """One step of a state's escalation chain: an address, an account, or both."""

    name: str
    email: str
    user: User | None
    language: str
    designation: Designation | None


def _reachable(email: str, user: User | None, channels: Iterable[str]) -> bool:
    """Whether some channel of the exercise can reach this step: in-app needs an account, the rest an address."""
    channels = set(channels)
    by_account = "in_app" in channels and user is not None
    by_address = bool(email) and bool(channels - {"in_app"})
    return by_account or by_address


def escalation_chain(network: Network, state: MemberState, channels: Iterable[str] = ("email",)) -> list[Recipient]:
    """Primary, alternates, deputies in period, 24/7 offices, then the state's national coordinators.

    A step is kept when one of the exercise's channels can reach it (an e-mail address, an account).
    Bounced e-mail addresses are passed over in favour of the next address of the same person.
    """
    channels = list(channels)
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
        emails = sorted(
            (c for c in owner.channels.all() if c.kind == ChannelKind.EMAIL),
            key=lambda c: (c.bounced_at is not None, c.priority),
        )
        email = emails[0].value if emails else ""
        user = getattr(designation.person, "user", None)
        if user is not None and not user.is_active:
            user = None
        if not _reachable(email, user, channels):
            continue
        language = user.preferred_language if user else state_language(state.iso2)
        name = designation.person.full_name if designation.person else designation.institution.name  # type: ignore[union-attr]
        chain.append(Recipient(name, email, user, language, designation))
    coordinators = User.objects.filter(
        role_assignments__role=Role.NATIONAL_COORDINATOR, role_assignments__state=state, is_active=True
    )
    chain += [Recipient(u.full_name, u.email, u, u.preferred_language, None) for u in coordinators]
    return chain


def _target(exercise: Exercise, state: MemberState, step: Recipient, level: int) -> ExerciseTarget:
    return ExerciseTarget.objects.create(
        exercise=exercise,
        state=state,
        designation=step.designation,
        email=step.email,
        user=step.user,
        name=step.name,
        language=step.language,
        level=level,
    )


@transaction.atomic
def launch(
    *,
    actor: User,
    network: Network,
    states: Iterable[MemberState],
    escalate_after: int,
    message: str,
    channels: Iterable[str] | None = None,
    start_at: datetime | None = None,
) -> Exercise:
    """Create an exercise; it starts now, or at `start_at` when that is in the future."""
    channels = list(channels) if channels is not None else list(default_exercise_channels())
    unknown = sorted(set(channels) - set(installed()))
    if not channels or unknown:
        raise ValidationError({"channels": _("Choose one or more of the installed channels.")})
    scheduled = start_at is not None and start_at > timezone.now()
    exercise = Exercise(
        network=network,
        escalate_after=escalate_after,
        message=message,
        created_by=actor,
        channels=channels,
        status=ExerciseStatus.SCHEDULED if scheduled else ExerciseStatus.RUNNING,
        scheduled_for=start_at if scheduled else None,
    )
    _require(actor, "add", exercise)
    states = list(states)
    if not states:
        raise ValidationError({"states": _("Choose at least one member state.")})
    exercise.save()
    exercise.states.set(states)
    record(
        "exercise.schedule" if scheduled else "exercise.launch",
        actor=actor,
        obj=exercise,
        changes={"states": [s.iso2 for s in states], "channels": channels, "start_at": start_at},
    )
    from enlace.directory.tasks import send_exercise_messages, start_exercise

    if scheduled:
        if default_task_backend.supports_defer:
            transaction.on_commit(lambda: start_exercise.using(run_after=start_at).enqueue(exercise.pk))
        return exercise
    _first_messages(exercise)
    transaction.on_commit(lambda: send_exercise_messages.enqueue(exercise.pk))
    return exercise


def _first_messages(exercise: Exercise) -> None:
    for state in exercise.states.all():
        chain = escalation_chain(exercise.network, state, exercise.channels)
        if chain:
            _target(exercise, state, chain[0], 0)


@transaction.atomic
def start(exercise_id: int, now: datetime | None = None) -> bool:
    """Start a scheduled exercise whose time has come; False when it is not (or no longer) due."""
    now = now or timezone.now()
    exercise = Exercise.objects.select_for_update().filter(pk=exercise_id).first()
    if exercise is None or exercise.status != ExerciseStatus.SCHEDULED:
        return False
    if exercise.scheduled_for and exercise.scheduled_for > now:
        return False
    exercise.status = ExerciseStatus.RUNNING
    exercise.started_at = now
    exercise.save(update_fields=["status", "started_at"])
    _first_messages(exercise)
    record("exercise.start", actor=None, obj=exercise)
    from enlace.directory.tasks import send_exercise_messages

    transaction.on_commit(lambda: send_exercise_messages.enqueue(exercise.pk))
    return True


@transaction.atomic
def cancel(*, actor: User, exercise: Exercise) -> None:
    """Cancel a scheduled exercise before it starts."""
    _require(actor, "change", exercise)
    locked = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if locked.status != ExerciseStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled exercise can be cancelled."))
    locked.status = ExerciseStatus.CANCELLED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    record("exercise.cancel", actor=actor, obj=locked)


@transaction.atomic
def close(*, actor: User | None, exercise: Exercise, reason: str = "") -> bool:
    """Close a running exercise: links stop working and silent states count as unreachable."""
    if actor is not None:
        _require(actor, "change", exercise)
    locked = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if locked.status != ExerciseStatus.RUNNING:
        return False
    locked.status = ExerciseStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    record("exercise.close", actor=actor, obj=locked, reason=reason)
    return True


def ack_token(target: ExerciseTarget) -> str:
    """The signed, expiring token of an acknowledgement link."""
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(str(target.pk))


def target_for_token(token: str) -> ExerciseTarget:
    """The target a link points to; a forged, altered or expired link raises signing.BadSignature."""
    pk = signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=LINK_MAX_AGE)
    return ExerciseTarget.objects.select_related("exercise__network", "state").get(pk=int(pk))


def send(target: ExerciseTarget) -> bool:
    """Send one exercise message over each of the exercise's channels that can reach the recipient.

    Each attempt is kept; when none gets through, the message is marked undeliverable so the state
    escalates at once instead of waiting for the deadline.
    """
    token = ack_token(target)
    channels = installed()
    delivered = False
    with translation.override(target.language):
        for code in target.exercise.channels:
            channel = channels.get(code)
            if channel is None or not channel.can_reach(target):
                continue
            try:
                channel.deliver(target, token)
            except DeliveryError as exc:
                ExerciseDelivery.objects.create(target=target, channel=code, error=str(exc)[:300])
            else:
                ExerciseDelivery.objects.create(target=target, channel=code, delivered=True)
                delivered = True
    now = timezone.now()
    if delivered:
        ExerciseTarget.objects.filter(pk=target.pk).update(sent_at=now)
    else:
        ExerciseTarget.objects.filter(pk=target.pk).update(sent_at=now, failed_at=now)
    return delivered


@transaction.atomic
def acknowledge(target: ExerciseTarget) -> bool:
    """Record the acknowledgement; False when it was already acknowledged or the exercise is closed.

    When every state has answered, the exercise closes itself.
    """
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
    close_notification(notification_key(locked))
    exercise = locked.exercise
    answered = set(exercise.targets.filter(acknowledged_at__isnull=False).values_list("state_id", flat=True))
    if answered >= set(exercise.states.values_list("pk", flat=True)):
        close(actor=None, exercise=exercise, reason="every state answered")
    return True


@transaction.atomic
def escalate(exercise: Exercise, now: datetime | None = None) -> list[ExerciseTarget]:
    """For each state still silent past the deadline (or whose message could not be delivered), write to
    the next contact in its chain."""
    now = now or timezone.now()
    deadline = now - timedelta(minutes=exercise.escalate_after)
    created = []
    answered_states = set(exercise.targets.filter(acknowledged_at__isnull=False).values_list("state_id", flat=True))
    due = (
        exercise.targets.filter(acknowledged_at__isnull=True, escalated_at__isnull=True)
        .filter(Q(sent_at__lte=deadline) | Q(failed_at__isnull=False))
        .exclude(state_id__in=answered_states)
        .select_related("state")
    )
    for target in due:
        chain = escalation_chain(exercise.network, target.state, exercise.channels)
        target.escalated_at = now
        target.save(update_fields=["escalated_at"])
        if target.level + 1 < len(chain):
            created.append(_target(exercise, target.state, chain[target.level + 1], target.level + 1))
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
    unreachable: bool  # no answer and nobody left to write to (or the exercise is over)


def results(exercise: Exercise) -> list[StateResult]:
    """One line per state of the exercise (a state with no contact to write to counts as unreachable)."""
    targets = list(exercise.targets.all()) if _prefetched(exercise) else list(exercise.targets.select_related("state"))
    over = exercise.status in {ExerciseStatus.CLOSED, ExerciseStatus.CANCELLED}
    out = []
    for state in exercise.states.all():
        mine = [t for t in targets if t.state_id == state.pk]
        first = min((t for t in mine if t.acknowledged_at), key=lambda t: t.acknowledged_at, default=None)  # type: ignore[arg-type, return-value]
        started = min((t.sent_at for t in mine if t.sent_at), default=None)
        seconds = int((first.acknowledged_at - started).total_seconds()) if first and started else None  # type: ignore[operator]
        pending = any(t.acknowledged_at is None and t.escalated_at is None and t.failed_at is None for t in mine)
        scheduled = exercise.status == ExerciseStatus.SCHEDULED
        out.append(
            StateResult(
                state,
                first is not None,
                first.level if first else None,
                seconds,
                sum(1 for t in mine if t.escalated_at),
                len(mine),
                first is None and not scheduled and (over or not pending),
            )
        )
    return out


def _prefetched(exercise: Exercise) -> bool:
    return "targets" in getattr(exercise, "_prefetched_objects_cache", {})


@dataclass(frozen=True)
class ExerciseSummary:
    """One exercise in the report over time."""

    exercise: Exercise
    states: int
    answered: int
    unreachable: int
    escalations: int
    median_seconds: int | None

    @property
    def answer_rate(self) -> int:
        """Share of states that answered, in percent."""
        return round(100 * self.answered / self.states) if self.states else 0


@dataclass(frozen=True)
class StateTrend:
    """One state across a network's exercises."""

    state: MemberState
    asked: int
    answered: int
    median_seconds: int | None
    answers: tuple[bool | None, ...]  # per exercise, oldest first; None where the state was not asked

    @property
    def answer_rate(self) -> int:
        """Share of exercises the state answered, in percent."""
        return round(100 * self.answered / self.asked) if self.asked else 0


def trends(exercises: Iterable[Exercise]) -> tuple[list[ExerciseSummary], list[StateTrend]]:
    """Exercises oldest first with their figures, and each state's record across them.

    Expects `exercises` with `states` and `targets__state` prefetched.
    """
    ordered = sorted(exercises, key=lambda e: e.started_at)
    summaries = []
    per_state: dict[int, list[tuple[int, StateResult]]] = {}
    states: dict[int, MemberState] = {}
    for index, exercise in enumerate(ordered):
        rows = results(exercise)
        for row in rows:
            per_state.setdefault(row.state.pk, []).append((index, row))
            states[row.state.pk] = row.state
        times = [r.seconds for r in rows if r.seconds is not None]
        summaries.append(
            ExerciseSummary(
                exercise,
                len(rows),
                sum(r.answered for r in rows),
                sum(r.unreachable for r in rows),
                sum(r.escalations for r in rows),
                int(statistics.median(times)) if times else None,
            )
        )
    state_trends = []
    for pk, entries in per_state.items():
        by_index = {i: row for i, row in entries}
        times = [row.seconds for _, row in entries if row.seconds is not None]
        state_trends.append(
            StateTrend(
                states[pk],
                len(entries),
                sum(row.answered for _, row in entries),
                int(statistics.median(times)) if times else None,
                tuple(by_index[i].answered if i in by_index else None for i in range(len(ordered))),
            )
        )
    state_trends.sort(key=lambda s: (s.answer_rate, s.state.iso2))
    return summaries, state_trends
