"""Who is calling: a personal API token, as `Authorization: Bearer …` or as the password of HTTP Basic.

Basic with the account password is refused on purpose: it would skip the second factor. TAXII clients
(taxii2-client, OpenCTI, MISP's TAXII tooling) all accept a user name and a password, so the password is the
token and the user name must be the token owner's e-mail address.
"""

from __future__ import annotations

import base64
import binascii

from allauth.mfa.utils import is_mfa_enabled

from enlace.accounts.actions import touch_api_token
from enlace.accounts.models import ApiToken


def _token(secret: str) -> ApiToken | None:
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != ApiToken.PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(key_id=parts[1]).first()
    if token is None or not token.matches(parts[2]) or not token.is_usable:
        return None
    if not token.user.is_active or not is_mfa_enabled(token.user):
        return None
    return token


def authenticate(header: str) -> ApiToken | None:
    """The usable token named by an Authorization header, or None."""
    scheme, _, credentials = header.partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        token = _token(credentials)
    elif scheme.lower() == "basic":
        try:
            email, _, secret = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        token = _token(secret)
        if token is not None and token.user.email.lower() != email.strip().lower():
            token = None
    else:
        return None
    if token is not None:
        touch_api_token(token)
    return token
