"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def enlace(request: HttpRequest) -> dict[str, Any]:
    """Demo flag and navigation for the base template."""
    return {"DEMO_MODE": settings.DEMO_MODE}
