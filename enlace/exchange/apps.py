"""Alert exchange: TLP 2.0 alerts with sharing scopes, acknowledgements and discussion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Exchange app."""

    name = "enlace.exchange"
    label = "exchange"
    verbose_name = _("Alert exchange")
