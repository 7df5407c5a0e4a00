"""`python -m enlace demo_otp <email>`: print a demo persona's current TOTP code (demo mode only)."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from pyotp import TOTP

from enlace.accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    """Print the current six-digit code of a demo persona."""

    help = "Print the current TOTP code of a demo persona (only when ENLACE_DEMO=true)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_otp works only in demo mode (ENLACE_DEMO=true).")
        authenticator = Authenticator.objects.filter(
            user__email=options["email"].lower(), type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"No TOTP authenticator for {options['email']}.")
        secret = decrypt(authenticator.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            raise CommandError("That account is not a demo persona: its secret is not the demo secret.")
        self.stdout.write(TOTP(secret).now())
