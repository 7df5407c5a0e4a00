"""Uploading documents through the pages: refusals, text extraction, translations and citable versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.library.models import Version, Work
from enlace.library.testing import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _create(client: Client, name: str, content: bytes, **extra: str) -> Any:
    data = {
        "title": "Port security assessment",
        "language": "en",
        "document_type": "report",
        "access_level": "secretariat",
        "upload": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post("/library/new/", data)


def test_a_pdf_upload_is_a_draft_with_its_text_extracted(client_as: Callable[[str], Client]) -> None:
    response = _create(client_as("coordinator"), "assessment.pdf", pdf_bytes("Container terminal perimeter"))
    assert response.status_code == 302
    version = Version.objects.get()
    assert (version.content_type, version.number, version.translation.work.status) == ("application/pdf", 1, "draft")
    assert "Container terminal perimeter" in version.text
    assert "assessment.pdf" not in version.file.name  # stored under a random name
    assert AuditRecord.objects.filter(action="library.work.create").exists()


def test_a_docx_upload_has_its_text_extracted(client_as: Callable[[str], Client]) -> None:
    assert (
        _create(client_as("officer"), "guide.docx", docx_bytes("Cruise ship screening\nSecond line")).status_code == 302
    )
    version = Version.objects.get()
    assert version.content_type.endswith("wordprocessingml.document")
    assert "Cruise ship screening" in version.text
    assert "Second line" in version.text


def test_a_wrong_type_behind_a_right_extension_and_oversize_files_are_refused(
    client_as: Callable[[str], Client], settings: Any
) -> None:
    client = client_as("coordinator")
    response = _create(client, "report.pdf", b"MZ\x90\x00" + b"\x00" * 200)  # a Windows executable
    assert response.status_code == 400
    assert "cannot be added to the library" in response.content.decode()
    settings.ENLACE_LIBRARY_MAX_BYTES = 50
    response = _create(client, "big.txt", b"a" * 51)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Work.objects.exists()
    assert not Version.objects.exists()


def test_a_new_version_keeps_the_old_one_citable_and_a_translation_is_added(
    client_as: Callable[[str], Client],
) -> None:
    client = client_as("coordinator")
    _create(client, "v1.txt", b"First edition text")
    work = Work.objects.get()
    base = f"/library/{work.identifier}"
    response = client.post(
        f"{base}/en/versions/", {"change_note": "Updated figures", "upload": SimpleUploadedFile("v2.txt", b"Second")}
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}/translations/",
        {"language": "es", "title": "Evaluación portuaria", "upload": SimpleUploadedFile("es.txt", b"Texto")},
    )
    assert response.status_code == 302
    old = client.get(f"{base}/en/v1/")
    assert b"".join(old.streaming_content) == b"First edition text"  # type: ignore[attr-defined]
    current = client.get(f"{base}/en/download/")
    assert b"".join(current.streaming_content) == b"Second"  # type: ignore[attr-defined]
    detail = client.get(f"{base}/").content.decode()
    assert "Updated figures" in detail
    assert "Evaluación portuaria" in detail
    assert client.get(f"{base}/en/v3/").status_code == 404


def test_authors_outside_the_program_cannot_publish_and_publishing_indexes(
    client_as: Callable[[str], Client],
) -> None:
    author = client_as("coordinator")
    _create(author, "doc.txt", b"Major event security planning", access_level="public")
    work = Work.objects.get()
    assert author.post(f"/library/{work.identifier}/submit/").status_code == 302
    assert author.post(f"/library/{work.identifier}/publish/").status_code == 404
    anonymous = client_as("anonymous")
    assert anonymous.get(f"/library/{work.identifier}/").status_code == 404
    assert client_as("admin").post(f"/library/{work.identifier}/publish/").status_code == 302
    assert anonymous.get(f"/library/{work.identifier}/").status_code == 200
    assert "Port security assessment" in anonymous.get("/library/", {"q": "planning"}).content.decode()


def test_the_drafts_panel_is_on_the_library_home_not_beside_search_results(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    from enlace.library.testing import make_work

    author = persona("coordinator")
    make_work(author, "Harbour draft", "harbour inspection notes")
    client = client_as("coordinator")
    home = client.get("/library/").content.decode()
    assert "Drafts and works in review" in home
    assert "Harbour draft" in home
    results = client.get("/library/", {"q": "harbour"}).content.decode()
    assert "Drafts and works in review" not in results
