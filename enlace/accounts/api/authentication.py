"""API authentication: personal tokens (Bearer) and MFA-verified browser sessions."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from enlace.accounts.actions import touch_api_token
from enlace.accounts.models import ApiToken


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer enl_<key id>_<secret>`; revoked, expired or unknown tokens are refused."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed authorisation header."))
        parts = header[1].split("_", 2)
        if len(parts) != 3 or parts[0] != ApiToken.PREFIX:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = ApiToken.objects.select_related("user").filter(key_id=parts[1]).first()
        if token is None or not token.matches(parts[2]) or not token.is_usable:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active or not is_mfa_enabled(token.user):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        touch_api_token(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class MfaSessionAuthentication(authentication.SessionAuthentication):
    """A browser session (with CSRF) counts only once the user has a second factor."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if not is_mfa_enabled(result[0]):
            raise exceptions.PermissionDenied(_("Set up a second factor before using Enlace."))
        return result
