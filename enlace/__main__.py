"""`python -m enlace <command>`: Django's manage.py for Enlace."""

import os
import sys


def main() -> None:
    """Run a Django management command with Enlace's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
