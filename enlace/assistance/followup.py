"""Follow-up of recommendations: counts by status per state and per program, overdue flagged."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from enlace.assistance.models import DONE, Recommendation, RecommendationStatus


def _counts() -> dict[str, Any]:
    today = timezone.localdate()
    counts: dict[str, Any] = {
        status.value: Count("pk", filter=Q(status=status.value)) for status in RecommendationStatus
    }
    counts["overdue"] = Count("pk", filter=Q(due_date__lt=today) & ~Q(status__in=DONE))
    counts["total"] = Count("pk")
    return counts


def by_state(recommendations: QuerySet[Recommendation]) -> list[dict[str, Any]]:
    """One row per owning state: its counts by status and how many are overdue."""
    rows = recommendations.order_by().values("owner_state__iso2", "owner_state_id").annotate(**_counts())
    return sorted((dict(row) for row in rows), key=lambda row: row["owner_state__iso2"])


def by_program(recommendations: QuerySet[Recommendation]) -> list[dict[str, Any]]:
    """One row per program of the missions: its counts by status and how many are overdue."""
    rows = recommendations.order_by().values("mission__program__code", "mission__program_id").annotate(**_counts())
    return sorted((dict(row) for row in rows), key=lambda row: row["mission__program__code"])
