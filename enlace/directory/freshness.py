"""Is a record current? Re-attestation deadlines and a confidence indicator per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.directory.models import ChannelKind, DesignationStatus, ExerciseTarget, Person

DEFAULT_PERIOD_DAYS = 90
EXERCISE_WINDOW = timedelta(days=180)


@dataclass(frozen=True)
class Freshness:
    """When the record was last confirmed, whether that is overdue, and how far to trust it."""

    period_days: int
    overdue: bool
    confidence: str  # "high", "medium" or "low"
    reasons: tuple[str, ...]


def period_for(person: Person) -> int:
    """The shortest re-attestation period among the networks where she is actively designated."""
    periods = [d.network.reattestation_days for d in person.designations.all() if d.status == DesignationStatus.ACTIVE]
    return min(periods, default=DEFAULT_PERIOD_DAYS)


def is_overdue(last_attested_at: object, period_days: int) -> bool:
    """Whether a record confirmed at `last_attested_at` is past its re-attestation period."""
    if last_attested_at is None:
        return True
    return timezone.now() - last_attested_at > timedelta(days=period_days)  # type: ignore[operator]


def assess(person: Person) -> Freshness:
    """Confidence from the last confirmation, the last answered reachability check, key validity and
    e-mail bounces."""
    period = period_for(person)
    overdue = is_overdue(person.last_attested_at, period)
    reasons = []
    score = 2
    if overdue:
        score -= 1
        reasons.append(_("not confirmed within the last %(days)d days") % {"days": period})
    answered = ExerciseTarget.objects.filter(
        designation__person=person, acknowledged_at__gte=timezone.now() - EXERCISE_WINDOW
    ).exists()
    if not answered:
        score -= 1
        reasons.append(_("no answered reachability check in six months"))
    today = timezone.localdate()
    if any(c.kind == ChannelKind.PGP and c.key_expires_on and c.key_expires_on <= today for c in person.channels.all()):
        reasons.append(_("a PGP key has expired"))
        score -= 1
    bounced = [c for c in person.channels.all() if c.kind == ChannelKind.EMAIL and c.bounced_at]
    if bounced:
        reasons.append(_("an e-mail address bounced: %(address)s") % {"address": bounced[0].value})
        score -= 1
    confidence = "high" if score >= 2 else ("medium" if score == 1 else "low")
    return Freshness(period, overdue, confidence, tuple(reasons))
