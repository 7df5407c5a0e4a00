"""Shared code with no models: middleware, base views, API plumbing, testing helpers."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Enlace's shared plumbing."""

    name = "enlace.common"
    label = "common"
