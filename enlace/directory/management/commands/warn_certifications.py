"""`python -m enlace warn_certifications`: the daily certification-lapse warnings (run it from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from enlace.directory.certifications import send_warnings


class Command(BaseCommand):
    """Warn each expert whose certification lapses soon (once per expiry), then the Secretariat."""

    help = "E-mail experts whose certifications lapse within the warning period, once per expiry, and the Secretariat."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_warnings()
        self.stdout.write(", ".join(f"{who}: {count}" for who, count in sent.items()))
