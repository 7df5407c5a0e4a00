"""The library write API: the same sniffing, extraction, policy, workflow and audit as the upload pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.library.models import Work
from enlace.library.testing import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db
BASE = "/api/v1/library/works/"


def new_work(client: Client, **fields: Any) -> Any:
    """POST a new work (multipart) with a PDF about jaguars."""
    body = {
        "title": "Jaguar protection guide",
        "document_type": "guide",
        "access_level": "public",
        "language": "en",
        "programs": ["cybersecurity"],
        "upload": SimpleUploadedFile("guide.pdf", pdf_bytes("Jaguar habitat monitoring")),
        **fields,
    }
    return client.post(BASE, body)


def test_an_author_creates_a_work_whose_file_is_sniffed_and_indexed(client_as: Callable[[str], Client]) -> None:
    coordinator = client_as("coordinator")
    response = new_work(coordinator, countries=["AR", "UY"], subject="wildlife")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["programs"] == ["cybersecurity"]
    assert sorted(data["countries"]) == ["AR", "UY"]
    version = data["translations"][0]["versions"][0]
    assert version["content_type"] == "application/pdf"
    work = Work.objects.get(identifier=data["identifier"])
    assert work.owner_state is not None
    assert work.owner_state.iso2 == "AR"  # her institution's state, as on the upload page
    assert "jaguar habitat" in work.translations.get().search_body  # the extracted text is indexed
    assert AuditRecord.objects.filter(action="library.work.create", object_id=str(work.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"upload": SimpleUploadedFile("tool.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60)}, "upload"),
        ({"access_level": "networks"}, "networks"),
        ({"access_level": "state", "owner_state": ""}, "owner_state"),
        ({"language": "de"}, "language"),
        ({"programs": ["nothing"]}, "programs"),
        ({"unexpected": "x"}, "unexpected"),
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(
    fields: dict[str, Any], field: str, client_as: Callable[[str], Client]
) -> None:
    response = new_work(client_as("officer"), **fields)
    assert response.status_code == 400
    assert field in response.json()
    assert not Work.objects.exists()


@pytest.mark.parametrize("name", ["donor", "expert", "csirt_analyst"])
def test_people_who_may_not_author_get_404(name: str, client_as: Callable[[str], Client]) -> None:
    assert new_work(client_as(name)).status_code == 404
    assert not Work.objects.exists()


def test_translations_versions_and_the_workflow(client_as: Callable[[str], Client]) -> None:
    coordinator, officer, admin = client_as("coordinator"), client_as("officer"), client_as("admin")
    identifier = new_work(coordinator).json()["identifier"]
    url = f"{BASE}{identifier}/"
    docx = SimpleUploadedFile("guia.docx", docx_bytes("Monitoreo del jaguar"))
    response = coordinator.post(url + "translations/", {"language": "es", "title": "Guía", "upload": docx})
    assert response.status_code == 201, response.content
    assert {t["language"] for t in response.json()["translations"]} == {"en", "es"}
    again = coordinator.post(
        url + "translations/", {"language": "es", "title": "Otra", "upload": SimpleUploadedFile("a.txt", b"x")}
    )
    assert again.status_code == 400
    text = SimpleUploadedFile("v2.txt", b"Jaguar habitat monitoring, second edition")
    response = coordinator.post(url + "versions/", {"language": "en", "change_note": "Second", "upload": text})
    assert response.status_code == 201
    english = next(t for t in response.json()["translations"] if t["language"] == "en")
    assert [v["number"] for v in english["versions"]] == [2, 1]
    missing = coordinator.post(
        url + "versions/", {"language": "fr", "change_note": "x", "upload": SimpleUploadedFile("a.txt", b"x")}
    )
    assert missing.status_code == 400
    # Workflow: the author submits; only an officer of the work's program (or an admin) publishes.
    assert coordinator.post(url + "submit/").json()["status"] == "review"
    assert coordinator.post(url + "publish/").status_code == 404
    assert officer.post(url + "publish/").json()["status"] == "published"
    assert coordinator.post(url + "versions/", {"language": "en", "change_note": "x"}).status_code == 404
    assert coordinator.post(url + "submit/").status_code == 404  # no longer hers to change once published
    assert admin.post(url + "submit/").status_code == 409
    assert officer.post(url + "archive/").json()["status"] == "archived"
    assert officer.post(url + "archive/").status_code == 409
    actions = list(
        AuditRecord.objects.filter(action__startswith="library.").order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "library.work.create",
        "library.translation.add",
        "library.version.add",
        "library.work.change",
        "library.work.publish",
        "library.work.archive",
    ]


def test_a_draft_of_someone_else_is_404(client_as: Callable[[str], Client]) -> None:
    identifier = new_work(client_as("coordinator")).json()["identifier"]
    focal_point = client_as("focal_point")
    assert focal_point.post(f"{BASE}{identifier}/submit/").status_code == 404
    upload = SimpleUploadedFile("a.txt", b"x")
    response = focal_point.post(
        f"{BASE}{identifier}/versions/", {"language": "en", "change_note": "x", "upload": upload}
    )
    assert response.status_code == 404
