"""`python -m enlace reset_mfa <email> --reason …`: remove a user's second factors (audited)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.actions import reset_mfa
from enlace.accounts.models import User


class Command(BaseCommand):
    """Remove every second factor of a user, recording the reason in the audit trail."""

    help = "Remove every second factor of a user (she must enrol again at next sign-in)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower()).first()
        if user is None:
            raise CommandError(f"No user {options['email']}.")
        removed = reset_mfa(user, actor=None, reason=options["reason"])
        self.stdout.write(f"Removed {removed} authenticator(s) of {user.email}.")
