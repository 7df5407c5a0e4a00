"""`python -m enlace load_demo`: load the demo personas and data (demo mode only)."""

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Run every app's `demo.load()`; refused unless ENLACE_DEMO is on."""

    help = "Load the demo personas and data (only when ENLACE_DEMO=true)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (ENLACE_DEMO=true).")
        for config in apps.get_app_configs():
            if not config.name.startswith("enlace."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.load()
            self.stdout.write(f"Loaded demo data: {config.label}")
