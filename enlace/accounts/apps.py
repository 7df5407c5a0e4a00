"""Users, roles, MFA, API tokens and the permission policy base."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts app."""

    name = "enlace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from enlace.accounts import signals  # noqa: F401  (connects receivers)
        from enlace.accounts.api import schema  # noqa: F401  (registers the OpenAPI auth schemes)
        from enlace.accounts.policy_base import load_all_policies

        load_all_policies()
