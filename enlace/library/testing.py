"""Test helpers of the library: files of each kind and works made through the actions."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.accounts.models import User
from enlace.library import actions
from enlace.library.models import Work


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF showing `text` (reportlab)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for i, line in enumerate(text.splitlines() or [text]):
        page.drawString(72, 760 - 14 * i, line)
    page.save()
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    """A DOCX with one paragraph per line of `text` (python-docx)."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_file(text: str, name: str = "document.txt") -> SimpleUploadedFile:
    """A plain-text upload."""
    return SimpleUploadedFile(name, text.encode())


def make_work(
    actor: User,
    title: str,
    body: str,
    *,
    language: str = "en",
    publish_by: User | None = None,
    **metadata: Any,
) -> Work:
    """A work with one translation (a text file holding `body`), published by `publish_by` when given."""
    metadata.setdefault("document_type", "report")
    work = actions.create_work(
        actor=actor, metadata={"title": title, **metadata}, language=language, upload=text_file(body)
    )
    if publish_by is not None:
        actions.publish(actor=publish_by, work=work)
    return work
