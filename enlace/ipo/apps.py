"""IPO Americas: the major events registry and lessons learned."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpoConfig(AppConfig):
    """IPO Americas app."""

    name = "enlace.ipo"
    label = "ipo"
    verbose_name = _("IPO Americas")
