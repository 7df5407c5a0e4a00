"""Background work of the directory: exercises, reminders, roster warnings, application notices."""

from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from enlace.directory.models import Exercise, ExerciseStatus, MembershipApplication


@task()
def send_exercise_messages(exercise_id: int) -> None:
    """Send every not-yet-sent message of an exercise, then schedule the escalation check."""
    from enlace.directory.exercises import send

    exercise = Exercise.objects.filter(pk=exercise_id, status=ExerciseStatus.RUNNING).select_related("network").first()
    if exercise is None:
        return
    failed = False
    for target in exercise.targets.filter(sent_at__isnull=True).select_related("exercise__network", "state", "user"):
        failed |= not send(target)
    if failed:  # an undeliverable message escalates now rather than at the deadline
        escalate_exercise.enqueue(exercise_id)
    if default_task_backend.supports_defer:
        run_after = timezone.now() + timedelta(minutes=exercise.escalate_after)
        escalate_exercise.using(run_after=run_after).enqueue(exercise_id)


@task()
def remind_attestations() -> None:
    """Daily: remind overdue people, then their coordinators, then the Secretariat."""
    from enlace.directory.attestation import send_reminders

    send_reminders()


@task()
def warn_certifications() -> None:
    """Daily: warn experts whose certifications lapse soon, then the Secretariat."""
    from enlace.directory.certifications import send_warnings

    send_warnings()


@task()
def escalate_exercise(exercise_id: int) -> None:
    """Escalate the silent states of an exercise and send the new messages."""
    from enlace.directory.exercises import escalate

    exercise = Exercise.objects.filter(pk=exercise_id, status=ExerciseStatus.RUNNING).first()
    if exercise is not None and escalate(exercise):
        send_exercise_messages.enqueue(exercise_id)


@task()
def start_exercise(exercise_id: int) -> None:
    """Start a scheduled exercise at its time (cron's `escalate_exercises` also starts any that are due)."""
    from enlace.directory.exercises import start

    start(exercise_id)


@task()
def notify_application(application_id: int, step: str) -> None:
    """Tell whoever a step of a membership application concerns (coordinators, Secretariat, applicant)."""
    from enlace.directory.applications import notify

    application = (
        MembershipApplication.objects.filter(pk=application_id).select_related("network", "state", "applicant").first()
    )
    if application is not None:
        notify(application, step)


@task()
def notify_roster(expert_id: int, step: str) -> None:
    """After commit: the in-app notices of a roster step (an application, a decision)."""
    from enlace.directory.roster_notices import notify_roster as send

    send(expert_id, step)
