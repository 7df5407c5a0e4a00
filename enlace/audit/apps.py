"""The append-only, hash-chained audit trail and its verifier."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Audit app."""

    name = "enlace.audit"
    label = "audit"
    verbose_name = _("Audit trail")
