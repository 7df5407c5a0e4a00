"""Validation and normalisation of contact channels: phone numbers, e-mail addresses, PGP public keys."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime

import gnupg
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.directory.models import ChannelKind

PHONE_KINDS = {ChannelKind.PHONE, ChannelKind.HOTLINE, ChannelKind.MOBILE}
MAX_KEY_BYTES = 64_000


@dataclass(frozen=True)
class CleanChannel:
    """What is stored for a channel once its value has been checked."""

    value: str
    key_fingerprint: str = ""
    key_expires_on: date | None = None
    key_material: str = ""


def clean_channel(kind: str, value: str, region: str | None) -> CleanChannel:
    """Check `value` for `kind` and return the normalised form; refuse anything invalid with a clear message."""
    value = value.strip()
    if not value:
        raise ValidationError({"value": _("Enter a value.")})
    if kind in PHONE_KINDS:
        return CleanChannel(_clean_phone(value, region))
    if kind == ChannelKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"value": _("Enter a valid e-mail address.")}) from None
        return CleanChannel(value.lower())
    if kind == ChannelKind.PGP:
        return _clean_pgp_key(value)
    if len(value) > 254:
        raise ValidationError({"value": _("This value is too long.")})
    return CleanChannel(value)


def _clean_phone(value: str, region: str | None) -> str:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError({"value": _("This is not a phone number.")}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({"value": _("This phone number is not valid for its country.")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _clean_pgp_key(armored: str) -> CleanChannel:
    if len(armored.encode()) > MAX_KEY_BYTES:
        raise ValidationError({"value": _("This key is too large.")})
    if "BEGIN PGP PRIVATE KEY" in armored:
        raise ValidationError({"value": _("This is a private key: upload the public key only.")})
    if "BEGIN PGP PUBLIC KEY BLOCK" not in armored:
        raise ValidationError({"value": _("Paste an ASCII-armoured OpenPGP public key.")})
    if shutil.which("gpg") is None:
        raise ValidationError({"value": _("PGP keys cannot be checked on this server.")})
    with tempfile.TemporaryDirectory(prefix="enlace-gpg-") as home:
        gpg = gnupg.GPG(gnupghome=home)
        result = gpg.import_keys(armored)
        keys = gpg.list_keys()
    if len(keys) != 1 or not result.fingerprints:
        raise ValidationError({"value": _("The key could not be read, or it holds more than one key.")})
    key = keys[0]
    expires = None
    if key.get("expires"):
        expires = datetime.fromtimestamp(int(key["expires"]), tz=UTC).date()
        if expires <= timezone.localdate():
            raise ValidationError({"value": _("This key has expired: ask for a current one.")})
    if key.get("trust") in {"r", "e"}:
        raise ValidationError({"value": _("This key is revoked or expired.")})
    uids = key.get("uids") or [""]
    return CleanChannel(uids[0][:254], key["fingerprint"], expires, armored.strip())
