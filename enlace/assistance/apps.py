"""Assistance: member-state assistance requests, assessment missions and peer reviews with follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    """Assistance app."""

    name = "enlace.assistance"
    label = "assistance"
    verbose_name = _("Assistance and missions")
