"""Funding: donors, funds, IATI-typed transactions, exchange rates, requirements, gaps and in-kind donations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """Funding app."""

    name = "enlace.funding"
    label = "funding"
    verbose_name = _("Funding and donations")
