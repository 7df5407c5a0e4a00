"""allauth adapters: no public sign-up; MFA secrets encrypted at rest."""

from __future__ import annotations

import base64
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Secretariat, never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are encrypted at rest with a key derived from SECRET_KEY."""

    def get_totp_label(self, user: Any) -> str:
        return str(user.email)

    def encrypt(self, text: str) -> str:
        return field_cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return field_cipher().decrypt(encrypted_text.encode()).decode()


def _fernet_key(secret: str | bytes) -> bytes:
    material = secret if isinstance(secret, bytes) else secret.encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"enlace.mfa", info=b"mfa-secrets").derive(material)
    return base64.urlsafe_b64encode(derived)


def field_cipher() -> MultiFernet:
    """Encrypt with SECRET_KEY; still decrypt what SECRET_KEY_FALLBACKS encrypted (key rotation)."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys])
