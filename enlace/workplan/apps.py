"""Work plan and capacity building: programs, activities, participants, requests, funds."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    """Work-plan app."""

    name = "enlace.workplan"
    label = "workplan"
    verbose_name = _("Work plan")
