"""Demo history of reachability exercises: a year of quarterly checks, one running now, one scheduled.

The running one has reached the demo focal point (Brazil's deputy) in-app after her primary and alternate
stayed silent, so signing in as her shows the notice on the dashboard.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone, translation

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.directory.delivery import installed
from enlace.directory.exercises import ack_token, escalation_chain
from enlace.directory.models import (
    Channel,
    ChannelKind,
    Exercise,
    ExerciseDelivery,
    ExerciseStatus,
    ExerciseTarget,
    Network,
)
from enlace.geo.models import MemberState


def load(rng: random.Random) -> None:
    """Create the exercise history (skipped when exercises exist)."""
    if Exercise.objects.exists():
        return
    officer = User.objects.filter(role_assignments__role=Role.SECRETARIAT_OFFICER).first()
    network = Network.objects.get(code="counterterrorism")
    states = list(MemberState.objects.all())
    now = timezone.now()
    for quarters_ago in (4, 3, 2, 1):
        _closed(network, states, now - timedelta(days=91 * quarters_ago), officer, rng)
    _running(network, officer, now)
    Exercise.objects.create(
        network=Network.objects.get(code="major-events-maritime"),
        message="Semi-annual communication test.",
        created_by=officer,
        status=ExerciseStatus.SCHEDULED,
        scheduled_for=(now + timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0),
        channels=["email", "in_app"],
    ).states.set(states)
    _bounces(rng)


def _closed(
    network: Network, states: list[MemberState], started: datetime, officer: User | None, rng: random.Random
) -> None:
    exercise = Exercise.objects.create(
        network=network,
        message="Quarterly reachability check.",
        created_by=officer,
        status=ExerciseStatus.CLOSED,
        started_at=started,
        closed_at=started + timedelta(days=2),
        channels=["email"],
        escalate_after=240,
    )
    exercise.states.set(states)
    for state in states:
        chain = escalation_chain(network, state, ["email"])
        roll = rng.random()
        answered_at = 0 if roll < 0.72 else (1 if roll < 0.9 else None)  # level that answered, None: nobody
        for level, step in enumerate(chain[:3]):
            sent = started + timedelta(hours=4 * level)
            answer = answered_at == level
            target = ExerciseTarget.objects.create(
                exercise=exercise,
                state=state,
                designation=step.designation,
                email=step.email,
                user=step.user,
                name=step.name,
                language=step.language,
                level=level,
                sent_at=sent,
                acknowledged_at=sent + timedelta(minutes=rng.randint(4, 230)) if answer else None,
                escalated_at=None if answer else sent + timedelta(hours=4),
            )
            ExerciseDelivery.objects.create(target=target, channel="email", attempted_at=sent, delivered=True)
            if answer:
                break


def _running(network: Network, officer: User | None, now: datetime) -> None:
    brazil = MemberState.objects.get(iso2="BR")
    started = now - timedelta(hours=2, minutes=10)
    exercise = Exercise.objects.create(
        network=network,
        message="Unannounced 24/7 check.",
        created_by=officer,
        status=ExerciseStatus.RUNNING,
        started_at=started,
        channels=["email", "in_app"],
        escalate_after=60,
    )
    exercise.states.set([brazil])
    for level, step in enumerate(escalation_chain(network, brazil, exercise.channels)[:3]):
        sent = started + timedelta(hours=level, minutes=5 * level)
        target = ExerciseTarget.objects.create(
            exercise=exercise,
            state=brazil,
            designation=step.designation,
            email=step.email,
            user=step.user,
            name=step.name,
            language=step.language,
            level=level,
            sent_at=sent,
            escalated_at=sent + timedelta(hours=1) if level < 2 else None,
        )
        ExerciseDelivery.objects.create(target=target, channel="email", attempted_at=sent, delivered=True)
        if target.user_id:
            with translation.override(target.language):
                installed()["in_app"].deliver(target, ack_token(target))
            ExerciseDelivery.objects.create(target=target, channel="in_app", attempted_at=sent, delivered=True)


def _bounces(rng: random.Random) -> None:
    """A few addresses the mail server refused, so the confidence indicator shows them."""
    emails = list(Channel.objects.filter(kind=ChannelKind.EMAIL, person__isnull=False, person__user__isnull=True))
    for channel in rng.sample(emails, k=min(12, len(emails))):
        channel.bounced_at = timezone.now() - timedelta(days=rng.randint(1, 40))
        channel.bounce_reason = "550 5.1.1 Recipient address rejected: User unknown"
        channel.save(update_fields=["bounced_at", "bounce_reason"])
