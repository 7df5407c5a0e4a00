"""Attachments of alerts: type sniffed from the content (never trusted from the name), size-limited, stored
under a random name outside the web root. Malware samples are accepted only as encrypted zip files (the MISP
convention: password "infected") and are never opened here: only the zip directory is read, to check that
every member is encrypted."""

from __future__ import annotations

import hashlib
import io
import zipfile

import puremagic
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.exchange.models import Alert, Attachment

# What may be attached (besides malware samples), by the type found in the content.
ALLOWED = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/json",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
}


OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _zip_kind(content: bytes) -> str:
    """An Office document by the names in its zip directory, else a plain zip (nothing is extracted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "application/octet-stream"
    if "[Content_Types].xml" in names:
        for part, kind in OOXML_PARTS.items():
            if part in names:
                return kind
    if "mimetype" in names and "content.xml" in names and b"application/vnd.oasis.opendocument.text" in content[:200]:
        return "application/vnd.oasis.opendocument.text"
    return "application/zip"


def sniff(content: bytes, name: str) -> str:
    """The content type from the bytes: magic numbers (zip-based formats by their parts), else UTF-8 text."""
    head = content[:8192]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    try:
        found = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        found = ""
    if found:
        return found
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "application/json"
    if name.lower().endswith(".csv"):
        return "text/csv"
    return "text/plain"


def _encrypted_zip(content: bytes) -> bool:
    """Every member of the zip is encrypted (read from the central directory only; nothing is extracted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return False
    return bool(members) and all(member.flag_bits & 0x1 for member in members)


@transaction.atomic
def attach(*, actor: User, alert: Alert, upload: UploadedFile, malware_sample: bool = False) -> Attachment:
    """Attach a file to an alert (author or Secretariat)."""
    if not policy_for(Alert).can(actor, "change", alert):
        raise PermissionDenied
    limit = settings.ENLACE_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}})
    content = upload.read()
    name = (upload.name or "attachment").replace("/", "_").replace("\\", "_")[:255]
    kind = sniff(content, name)
    if malware_sample:
        if kind != "application/zip" or not _encrypted_zip(content):
            raise ValidationError(
                {"file": _("A malware sample must be a zip file encrypted with the password “infected”.")}
            )
        kind = "application/zip"
    elif kind == "application/zip" or kind not in ALLOWED:
        raise ValidationError(
            {
                "file": _("Files of this type (%(type)s) cannot be attached; malware goes in an encrypted zip.")
                % {"type": kind}
            }
        )
    attachment = Attachment(
        alert=alert,
        name=name,
        size=len(content),
        content_type=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        malware_sample=malware_sample,
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(
        "alert.attachment.add",
        actor=actor,
        obj=alert,
        changes={"attachment": attachment.pk, "sha256": attachment.sha256, "malware_sample": malware_sample},
    )
    return attachment
