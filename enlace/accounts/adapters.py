"""allauth adapters: no public sign-up; TOTP issuer and e-mail in the user's language."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Secretariat, never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MfaAdapter(DefaultMFAAdapter):
    """MFA settings specific to Enlace."""

    def get_totp_label(self, user: Any) -> str:
        return str(user.email)
