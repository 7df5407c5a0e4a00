"""Health of the background worker, read from the task queue itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

# A task waiting longer than this means no worker is taking tasks.
STALL_AFTER = timedelta(minutes=5)


def worker_status() -> str:
    """'ok' when no ready task has waited past STALL_AFTER, 'stalled' otherwise."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.startswith("django.tasks.backends.immediate"):
        return "ok"
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        # `ready()` is the worker's own notion of "due now" (deferred tasks are not yet due).
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        return "stalled" if oldest and timezone.now() - oldest > STALL_AFTER else "ok"
    return _rq_status()


def _rq_status() -> str:
    try:
        from django_rq import get_queue
        from rq import Worker

        queue = get_queue("default")
        return "ok" if Worker.count(queue=queue) > 0 else "stalled"
    except Exception:  # Redis down or misconfigured: report, never raise
        return "unavailable"
