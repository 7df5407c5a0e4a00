"""Reference data: member states, languages, time zones."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    """Reference data app."""

    name = "enlace.geo"
    label = "geo"
    verbose_name = _("Reference data")
