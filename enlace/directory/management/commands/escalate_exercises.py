"""`python -m enlace escalate_exercises`: start due exercises, escalate silent states, close stale ones.

For cron, beside the worker (every few minutes): it makes exercises progress even where the task backend
cannot defer work.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from enlace.directory.exercises import LINK_MAX_AGE, close, escalate, start
from enlace.directory.models import Exercise, ExerciseStatus
from enlace.directory.tasks import send_exercise_messages


class Command(BaseCommand):
    """Start, escalate and close reachability exercises as their times come."""

    help = "Start scheduled exercises that are due, escalate silent states, close exercises whose links expired."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for pk in Exercise.objects.filter(status=ExerciseStatus.SCHEDULED, scheduled_for__lte=now).values_list(
            "pk", flat=True
        ):
            if start(pk, now):
                self.stdout.write(f"exercise {pk}: started")
        # Links last LINK_MAX_AGE: after that nobody can answer, so the exercise is over.
        for exercise in Exercise.objects.filter(status=ExerciseStatus.RUNNING, started_at__lt=now - LINK_MAX_AGE):
            close(actor=None, exercise=exercise, reason="links expired")
            self.stdout.write(f"exercise {exercise.pk}: closed")
        for exercise in Exercise.objects.filter(status=ExerciseStatus.RUNNING):
            created = escalate(exercise, now)
            if created:
                send_exercise_messages.enqueue(exercise.pk)
            self.stdout.write(f"exercise {exercise.pk}: {len(created)} new message(s)")
