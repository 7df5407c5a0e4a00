"""Indicators: each type's validation and normalisation, so the same observable is stored once.

Values pasted from reports are often "defanged" (hxxp://, example[.]org, 203.0.113[.]7, user[@]example.org);
they are refanged first. A value that does not fit its type is refused with the reason.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class IndicatorType(models.TextChoices):
    """The observable types Enlace understands (MISP attribute types in brackets in the docs)."""

    IPV4 = "ipv4", gettext_lazy("IPv4 address")
    IPV6 = "ipv6", gettext_lazy("IPv6 address")
    CIDR = "cidr", gettext_lazy("Network (CIDR)")
    DOMAIN = "domain", gettext_lazy("Domain name")
    URL = "url", gettext_lazy("URL")
    EMAIL = "email", gettext_lazy("E-mail address")
    MD5 = "md5", gettext_lazy("MD5 hash")
    SHA1 = "sha1", gettext_lazy("SHA-1 hash")
    SHA256 = "sha256", gettext_lazy("SHA-256 hash")
    FILENAME = "filename", gettext_lazy("File name")
    CVE = "cve", gettext_lazy("CVE identifier")
    ASN = "asn", gettext_lazy("Autonomous system number")


HEX_LENGTHS = {IndicatorType.MD5: 32, IndicatorType.SHA1: 40, IndicatorType.SHA256: 64}
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
CVE = re.compile(r"^CVE-\d{4}-\d{4,7}$")


def refang(value: str) -> str:
    """Undo the usual defanging of shared indicators."""
    value = value.strip()
    for fanged, plain in (("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("[@]", "@"), ("[at]", "@")):
        value = value.replace(fanged, plain)
    return re.sub(r"^hxxp(s?)://", r"http\1://", value, flags=re.IGNORECASE)


def _domain(value: str) -> str:
    value = value.lower().rstrip(".")
    try:
        ascii_name = value.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(_("“%(value)s” is not a valid domain name.") % {"value": value}) from exc
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253 or not all(LABEL.match(label) for label in labels):
        raise ValidationError(_("“%(value)s” is not a valid domain name.") % {"value": value})
    if labels[-1].isdigit():
        raise ValidationError(_("“%(value)s” is an address, not a domain name.") % {"value": value})
    return ascii_name


def normalise(kind: str, raw: str) -> str:
    """The canonical form of `raw` as an indicator of type `kind`; ValidationError when it is not one."""
    value = refang(raw)
    if not value:
        raise ValidationError(_("The value is empty."))
    if len(value) > 2000:
        raise ValidationError(_("The value is too long."))
    try:
        if kind == IndicatorType.IPV4:
            return str(ipaddress.IPv4Address(value))
        if kind == IndicatorType.IPV6:
            return ipaddress.IPv6Address(value).compressed
        if kind == IndicatorType.CIDR:
            return ipaddress.ip_network(value, strict=False).compressed
    except ValueError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid %(type)s.") % {"value": value, "type": _label(kind)}
        ) from exc
    if kind == IndicatorType.DOMAIN:
        return _domain(value)
    if kind == IndicatorType.URL:
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https", "ftp"} or not parts.hostname:
            raise ValidationError(_("“%(value)s” is not an http(s) or ftp URL.") % {"value": value})
        host = parts.hostname
        try:
            host = str(ipaddress.ip_address(host))
        except ValueError:
            host = _domain(host)
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    if kind == IndicatorType.EMAIL:
        local, _sep, domain = value.rpartition("@")
        address = f"{local}@{_domain(domain)}" if local else value
        validate_email(address)
        return address
    if kind in HEX_LENGTHS:
        digest = value.lower()
        if len(digest) != HEX_LENGTHS[IndicatorType(kind)] or not re.fullmatch(r"[0-9a-f]+", digest):
            raise _invalid(value, kind)
        return digest
    if kind == IndicatorType.FILENAME:
        if "/" in value or "\\" in value or len(value) > 255:
            raise ValidationError(_("A file name has no path and at most 255 characters."))
        return value
    if kind == IndicatorType.CVE:
        cve = value.upper()
        if not CVE.match(cve):
            raise ValidationError(_("“%(value)s” is not a CVE identifier (CVE-YYYY-NNNN).") % {"value": value})
        return cve
    if kind == IndicatorType.ASN:
        number = value.upper().removeprefix("AS")
        if not number.isdigit() or not 0 < int(number) < 2**32:
            raise ValidationError(_("“%(value)s” is not an autonomous system number.") % {"value": value})
        return f"AS{int(number)}"
    raise ValidationError(_("Unknown indicator type."))


def _invalid(value: str, kind: str) -> ValidationError:
    return ValidationError(_("“%(value)s” is not a valid %(type)s.") % {"value": value, "type": _label(kind)})


def _label(kind: str) -> str:
    return str(IndicatorType(kind).label) if kind in IndicatorType.values else kind


def guess_type(raw: str) -> str | None:
    """The most likely type of a pasted value, or None."""
    value = refang(raw)
    for kind in (IndicatorType.IPV4, IndicatorType.IPV6, IndicatorType.CIDR):
        try:
            normalise(kind, value)
        except ValidationError:
            continue
        return kind
    if re.fullmatch(r"[\d.]+", value) and value.count(".") == 3:
        return IndicatorType.IPV4  # dotted digits that are not an address are a bad address, not a file name
    lowered = value.lower()
    for kind, length in HEX_LENGTHS.items():
        if len(lowered) == length and re.fullmatch(r"[0-9a-f]+", lowered):
            return kind
    if CVE.match(value.upper()):
        return IndicatorType.CVE
    if re.fullmatch(r"(?i)as\d+", value):
        return IndicatorType.ASN
    if re.match(r"(?i)^(https?|ftp)://", value):
        return IndicatorType.URL
    if "@" in value:
        return IndicatorType.EMAIL
    if "." in value and " " not in value:
        try:
            _domain(value)
        except ValidationError:
            return IndicatorType.FILENAME
        return IndicatorType.DOMAIN
    return None


def special_address(kind: str, value: str) -> str:
    """Why an address is not a real-world indicator (private, reserved, documentation…), or ''."""
    if kind not in {IndicatorType.IPV4, IndicatorType.IPV6, IndicatorType.CIDR}:
        return ""
    network = ipaddress.ip_network(value, strict=False)
    if network.is_private or network.is_reserved or network.is_loopback or network.is_link_local:
        return _("private, reserved or documentation address space")
    if network.is_multicast:
        return _("multicast address space")
    return ""
