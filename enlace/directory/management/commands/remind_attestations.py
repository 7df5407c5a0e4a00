"""`python -m enlace remind_attestations`: the daily re-attestation reminders (run it from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from enlace.directory.attestation import send_reminders


class Command(BaseCommand):
    """Remind overdue people, then their national coordinators, then the Secretariat."""

    help = (
        "Send the re-attestation reminders: overdue people, then coordinators (14+ days), then the Secretariat (30+)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(", ".join(f"{who}: {count}" for who, count in sent.items()))
