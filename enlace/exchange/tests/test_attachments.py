"""Attachments: type sniffed from content, size limit, malware only as an encrypted zip, downloads to readers only."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.exchange.models import Attachment
from enlace.exchange.testing import build_world, publish

pytestmark = pytest.mark.django_db


def _zip(encrypted: bool) -> bytes:
    """A zip with one member; `encrypted` sets the encryption flag as `zip -P infected` would (the content is
    not really encrypted: the server must not look inside, only at the directory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sample.exe", b"MZ" + b"\x00" * 64)
    data = bytearray(out.getvalue())
    if encrypted:
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            data[at + offset] |= 0x1
    return bytes(data)


def _upload(client: Client, alert_pk: int, name: str, content: bytes, **extra: str) -> str:
    response = client.post(
        f"/alerts/{alert_pk}/attachments/", {"upload": SimpleUploadedFile(name, content), **extra}, follow=True
    )
    return response.content.decode()


def test_files_are_sniffed_limited_and_served_as_downloads_to_readers(settings: object) -> None:
    world = build_world()
    alert = publish(world, "amber", "institution")
    author = sign_in(Client(), world.author)
    assert "The file is attached" in _upload(author, alert.pk, "report.pdf", b"%PDF-1.7\n" + b"x" * 100)
    assert "cannot be attached" in _upload(author, alert.pk, "report.pdf", b"MZ\x90\x00" + b"\x00" * 100)  # an .exe
    assert "cannot be attached" in _upload(author, alert.pk, "tools.zip", _zip(encrypted=False))
    assert "encrypted with the password" in _upload(author, alert.pk, "s.zip", _zip(False), malware_sample="on")
    assert "The file is attached" in _upload(author, alert.pk, "s.zip", _zip(True), malware_sample="on")
    settings.ENLACE_ATTACHMENT_MAX_BYTES = 50  # type: ignore[attr-defined]
    assert "larger than" in _upload(author, alert.pk, "big.txt", b"a" * 51)
    pdf, sample = Attachment.objects.order_by("pk")
    assert (pdf.content_type, sample.content_type, sample.malware_sample) == (
        "application/pdf",
        "application/zip",
        True,
    )
    assert "report.pdf" not in pdf.file.name  # stored under a random name

    reader = sign_in(Client(), world.colleague)
    download = reader.get(f"/alerts/attachments/{sample.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert AuditRecord.objects.filter(action="alert.attachment.download").count() == 1
    outsider = sign_in(Client(), world.network_peer)
    assert outsider.get(f"/alerts/attachments/{sample.pk}/").status_code == 404
    assert outsider.post(f"/alerts/{alert.pk}/attachments/", {}).status_code == 404
    assert reader.post(f"/alerts/{alert.pk}/attachments/", {}).status_code == 404  # readers do not attach
