"""Follow-up of an alert for its author and the Secretariat: who was reached, who opened, who answered."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from enlace.exchange.delivery import readers
from enlace.exchange.models import Acknowledgement, Alert, AlertOpening


@dataclass
class Row:
    """One institution among the readers."""

    institution: str
    state: str
    readers: int = 0
    opened: int = 0
    answers: list[Acknowledgement] = field(default_factory=list)


@dataclass(frozen=True)
class Status:
    """Per institution and state: readers, openings and answers; the overall counts and the deadline."""

    rows: list[Row]
    readers: int
    opened: int
    answered: int
    overdue: bool


def status(alert: Alert) -> Status:
    """Who may read the alert, grouped by institution, with who opened it and who answered."""
    people = readers(alert)
    opened = set(AlertOpening.objects.filter(alert=alert).values_list("user_id", flat=True))
    answers = {a.user_id: a for a in Acknowledgement.objects.filter(alert=alert).select_related("user")}
    rows: dict[int | None, Row] = {}
    for user in people:
        institution = user.institution
        key = institution.pk if institution else None
        if key not in rows:
            state = institution.state.iso2 if institution and institution.state_id else ""  # type: ignore[union-attr]
            rows[key] = Row(institution.name if institution else "—", state)
        row = rows[key]
        row.readers += 1
        row.opened += user.pk in opened
        if user.pk in answers:
            row.answers.append(answers[user.pk])
    ordered = sorted(rows.values(), key=lambda r: (r.state, r.institution))
    answered = sum(len(r.answers) for r in ordered)
    overdue = bool(alert.ack_deadline and alert.ack_deadline < timezone.now() and answered < len(people))
    return Status(ordered, len(people), sum(r.opened for r in ordered), answered, overdue)
