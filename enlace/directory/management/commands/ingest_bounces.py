"""`python -m enlace ingest_bounces [FILE ...]`: record the hard bounces that delivery status notifications report.

Point the bounce address's mailbox at it: a pipe from the MTA (one message on standard input), or files such as
a maildir's `new/*` (one message each). Messages that are not DSNs, and soft failures, are ignored.
"""

import sys
from email import message_from_binary_file
from email.message import Message
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enlace.directory.bounces import parse_dsn, record_bounce


class Command(BaseCommand):
    """Read DSN messages and flag the e-mail channels they report as permanently failed."""

    help = "Record hard e-mail bounces from delivery status notifications (files, or one message on stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="message files; standard input when none")

    def handle(self, *args: Any, files: list[str], **options: Any) -> None:
        messages: list[tuple[str, Message]] = []
        if files:
            for name in files:
                with Path(name).open("rb") as handle:
                    messages.append((name, message_from_binary_file(handle)))
        else:
            messages.append(("stdin", message_from_binary_file(sys.stdin.buffer)))
        for source, message in messages:
            for bounce in parse_dsn(message):
                flagged = record_bounce(bounce.address, f"{bounce.status} {bounce.diagnostic}".strip(), source)
                self.stdout.write(f"{bounce.address}: {bounce.status}, {flagged} channel(s) flagged")
