"""`python -m enlace serve`: prepare the database and run the web server and a task worker together."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from enlace.config import env_int, env_str


class Command(BaseCommand):
    """Migrate, load demo data on first run, start a worker beside gunicorn, print the personas."""

    help = "Run Enlace: migrations, demo data on first run (demo mode), gunicorn and a task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=env_str("ENLACE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=env_int("ENLACE_WEB_WORKERS", 2))
        parser.add_argument("--no-worker", action="store_true", help="do not start a task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("compile_translations", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from enlace.accounts.models import User

        if settings.DEMO_MODE and not User.objects.exists():
            self.stdout.write("First run: loading demo data…")
            call_command("load_demo")
        children: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"] and str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db"):
            children.append(subprocess.Popen([sys.executable, "-m", "enlace", "db_worker"]))
        self._banner(options["bind"])
        web = subprocess.Popen(  # noqa: S603  (fixed argument list, no shell)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "enlace.wsgi",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
            ]
        )
        children.append(web)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                child.wait(timeout=20)

    def _banner(self, bind: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nEnlace is running at http://{bind}/\n"))
        if settings.DEMO_MODE:
            from enlace.accounts.demo import DEMO_PASSWORD, PERSONAS

            self.stdout.write(f"Demo personas (password {DEMO_PASSWORD!r}; code: python -m enlace demo_otp EMAIL):")
            for persona in PERSONAS:
                roles = ", ".join(
                    r[0] + (f" {r[1]}" if r[1] else "") + (f" {r[2]}" if r[2] else "") for r in persona.roles
                )
                self.stdout.write(f"  {persona.email:<30} {roles}")
