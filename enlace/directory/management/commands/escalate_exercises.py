"""`python -m enlace escalate_exercises`: escalate every running exercise now (for cron, beside the worker)."""

from typing import Any

from django.core.management.base import BaseCommand

from enlace.directory.exercises import escalate
from enlace.directory.models import Exercise, ExerciseStatus
from enlace.directory.tasks import send_exercise_messages


class Command(BaseCommand):
    """Escalate the silent states of every running exercise and send the new messages."""

    help = "Escalate the silent states of every running reachability exercise."

    def handle(self, *args: Any, **options: Any) -> None:
        for exercise in Exercise.objects.filter(status=ExerciseStatus.RUNNING):
            created = escalate(exercise)
            if created:
                send_exercise_messages.enqueue(exercise.pk)
            self.stdout.write(f"exercise {exercise.pk}: {len(created)} new message(s)")
