"""`python -m enlace import_workplan FILE [--term 2021-2022] [--language en|es]`: import an approved work plan."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.workplan.actions import import_plan
from enlace.workplan.reader import PlanImportError


class Command(BaseCommand):
    """Read a work plan (plain text or DOCX) into programs → sub-programs → objectives → proposed activities."""

    help = "Import an approved CICTE work plan (plain text or DOCX, English or Spanish). Nothing is written on error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the plan as .txt or .docx")
        parser.add_argument("--term", help="the plan's term, such as 2021-2022 (default: read from the plan)")
        parser.add_argument("--language", choices=["en", "es"], help="the plan's language (default: its headings')")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror})") from exc
        try:
            result = import_plan(
                actor=None, data=data, filename=path.name, language=options["language"], term=options["term"]
            )
        except PlanImportError as exc:
            for problem in exc.problems:
                where = f"{path}, {problem.location()}" if problem.where else str(path)
                self.stderr.write(f"{where}: [{problem.code}] {problem.message}")
            raise CommandError(f"{path}: not imported ({len(exc.problems)} problem(s)); nothing was written") from exc
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        if result.created:
            self.stdout.write(f"Imported the work plan {result.plan.term} ({result.plan.language}): {counts}.")
        else:
            self.stdout.write(f"The work plan {result.plan.term} is already imported, unchanged: nothing written.")
        if result.debris_removed:
            self.stdout.write(f"Debris removed: {result.debris_removed} (bookmarks, stray .docx names).")
