"""`python -m enlace send_alert_digests`: the daily alert digest (run once a day from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from enlace.exchange.delivery import send_digests


class Command(BaseCommand):
    """Send each reader who chose the daily digest one e-mail listing her new alerts."""

    help = "Send the daily alert digests."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"digests sent: {send_digests()}")
