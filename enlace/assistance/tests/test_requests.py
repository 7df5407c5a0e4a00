"""The assistance request workflow through HTTP: filing, each transition, refusals, withdrawal, who sees what,
documents, notifications in the coordinator's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.assistance.models import AssistanceRequest, RequestEvent, RequestStatus
from enlace.assistance.testing import make_request
from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user, sign_in
from enlace.notifications.models import Notification
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db

CHAIN = ["acknowledged", "assessed", "planned", "in_delivery", "delivered", "closed"]


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _other_coordinator() -> Client:
    return sign_in(Client(), make_user(Role.NATIONAL_COORDINATOR, state="UY"))


def test_a_coordinator_files_a_request_with_a_document_for_her_state(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as("coordinator")
    program = Program.objects.get(code="cybersecurity")
    state = persona("coordinator").role_set[0].state
    response = client.post(
        "/assistance/requests/new/",
        {
            "state": state.pk,
            "program": program.pk,
            "subject": "Forensics training",
            "description": "Two weeks for ten analysts.",
            "document": SimpleUploadedFile("note.txt", b"Note verbale 12/2026"),
        },
    )
    assert response.status_code == 302
    filed = AssistanceRequest.objects.get(subject="Forensics training")
    assert filed.status == RequestStatus.SUBMITTED
    assert filed.state.iso2 == "AR"
    assert filed.documents.get().content_type == "text/plain"
    assert AuditRecord.objects.filter(action="assistance.request.file").exists()


def test_a_coordinator_cannot_file_for_another_state(client_as: Callable[[str], Client]) -> None:
    from enlace.geo.models import MemberState

    response = client_as("coordinator").post(
        "/assistance/requests/new/",
        {
            "state": MemberState.objects.get(iso2="UY").pk,
            "program": Program.objects.get(code="cybersecurity").pk,
            "subject": "x",
            "description": "y",
        },
    )
    assert response.status_code == 400
    assert not AssistanceRequest.objects.exists()


def test_an_executable_document_is_refused_and_nothing_is_written(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    request = make_request(persona("coordinator"), document=False)
    client = client_as("coordinator")
    response = client.post(
        f"/assistance/requests/{request.pk}/documents/",
        {"upload": SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 20)},
    )
    assert response.status_code == 400
    assert "cannot be attached" in response.content.decode()
    assert not request.documents.exists()


def test_the_secretariat_moves_a_request_through_every_status_and_each_step_is_audited(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    request = make_request(persona("coordinator"))
    client = client_as("officer")
    for to in CHAIN:
        response = client.post(f"/assistance/requests/{request.pk}/status/", {"to": to, "reason": f"step {to}"})
        assert response.status_code == 302, (to, response.content[:300])
        request.refresh_from_db()
        assert request.status == to
    events = list(RequestEvent.objects.filter(request=request).values_list("from_status", "to_status", "reason"))
    assert events == list(zip(["submitted", *CHAIN[:-1]], CHAIN, [f"step {s}" for s in CHAIN], strict=True))
    audited = AuditRecord.objects.filter(action="assistance.request.status", object_id=str(request.pk))
    assert audited.count() == len(CHAIN)
    assert set(audited.values_list("reason", flat=True)) == {f"step {s}" for s in CHAIN}


@pytest.mark.parametrize(
    ("path", "to"),
    [([], "assessed"), ([], "closed"), (["acknowledged"], "submitted"), (["acknowledged", "assessed"], "delivered")],
)
def test_a_transition_out_of_order_is_refused_with_a_400(
    client_as: Callable[[str], Client], persona: Callable[[str], User], path: list[str], to: str
) -> None:
    request = make_request(persona("coordinator"))
    client = client_as("officer")
    for step in path:
        assert client.post(f"/assistance/requests/{request.pk}/status/", {"to": step}).status_code == 302
    response = client.post(f"/assistance/requests/{request.pk}/status/", {"to": to})
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    request.refresh_from_db()
    assert request.status == (path[-1] if path else "submitted")
    api = client_as("admin")
    assert (
        api.post(
            f"/api/v1/assistance-requests/{request.pk}/transition/", {"to": to}, content_type="application/json"
        ).status_code
        == 400
    )


def test_declining_needs_a_reason_which_the_state_then_sees(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    request = make_request(persona("coordinator"))
    client = client_as("officer")
    response = client.post(f"/assistance/requests/{request.pk}/status/", {"to": "declined", "reason": "  "})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "submitted"
    assert (
        client.post(
            f"/assistance/requests/{request.pk}/status/", {"to": "declined", "reason": "Outside the work plan"}
        ).status_code
        == 302
    )
    page = client_as("coordinator").get(f"/assistance/requests/{request.pk}/")
    assert page.status_code == 200
    assert "Outside the work plan" in page.content.decode()
    assert "Declined" in page.content.decode()


def test_the_coordinator_withdraws_a_submitted_request_but_not_an_acknowledged_one(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    coordinator = client_as("coordinator")
    first = make_request(persona("coordinator"))
    assert coordinator.post(f"/assistance/requests/{first.pk}/withdraw/", {"reason": "Solved"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "withdrawn"
    second = make_request(persona("coordinator"))
    client_as("officer").post(f"/assistance/requests/{second.pk}/status/", {"to": "acknowledged"})
    response = coordinator.post(f"/assistance/requests/{second.pk}/withdraw/")
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == "acknowledged"
    # The coordinator cannot move the request on herself.
    assert coordinator.post(f"/assistance/requests/{second.pk}/status/", {"to": "assessed"}).status_code == 404


def test_a_coordinator_of_another_state_gets_404_on_page_api_and_download(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    request = make_request(persona("coordinator"))
    document = request.documents.get()
    other = _other_coordinator()
    for path in (
        f"/assistance/requests/{request.pk}/",
        f"/assistance/documents/{document.pk}/",
        f"/api/v1/assistance-requests/{request.pk}/",
        f"/api/v1/assistance-requests/{request.pk}/documents/{document.pk}/",
        f"/api/v1/assistance-requests/{request.pk}/history/",
    ):
        assert other.get(path).status_code == 404, path
    assert other.post(f"/assistance/requests/{request.pk}/withdraw/").status_code == 404
    assert other.post(f"/assistance/requests/{request.pk}/documents/", {}).status_code == 404
    listing = other.get("/assistance/requests/")
    assert listing.status_code == 200
    assert request.subject not in listing.content.decode()
    assert other.get("/api/v1/assistance-requests/").json()["results"] == []
    # Her own state's coordinator downloads it, as an attachment.
    own = client_as("coordinator").get(f"/assistance/documents/{document.pk}/")
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert b"".join(own.streaming_content) == b"Terms of reference"


def test_the_secretariat_assigns_an_officer_and_roster_experts(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    from enlace.directory.models import Expert
    from enlace.directory.testing import make_person

    request = make_request(persona("coordinator"))
    expert = Expert.objects.create(person=make_person("MX"))
    officer = persona("officer")
    response = client_as("admin").post(
        f"/assistance/requests/{request.pk}/assign/",
        {"officer": officer.pk, "experts": [expert.pk], "activity_reference": "https://example.org/activity/7"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.officer == officer
    assert list(request.experts.all()) == [expert]
    assert request.activity_reference == "https://example.org/activity/7"
    # A coordinator is not Secretariat staff: refused as officer over the API.
    api = client_as("officer").post(
        f"/api/v1/assistance-requests/{request.pk}/assign/",
        {"officer": persona("coordinator").pk, "experts": []},
        content_type="application/json",
    )
    assert api.status_code == 400


def test_the_api_files_and_moves_a_request(client_as: Callable[[str], Client]) -> None:
    coordinator = client_as("coordinator")
    made = coordinator.post(
        "/api/v1/assistance-requests/",
        {"state": "AR", "program": "cybersecurity", "subject": "Maritime drill", "description": "Port security"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    refused = coordinator.post(
        "/api/v1/assistance-requests/",
        {"state": "UY", "program": "cybersecurity", "subject": "x", "description": "y"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    officer = client_as("officer")
    moved = officer.post(
        f"/api/v1/assistance-requests/{pk}/transition/", {"to": "acknowledged"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "acknowledged"
    declined = officer.post(
        f"/api/v1/assistance-requests/{pk}/transition/", {"to": "declined"}, content_type="application/json"
    )
    assert declined.status_code == 400
    assert "reason" in declined.json()
    history = coordinator.get(f"/api/v1/assistance-requests/{pk}/history/").json()
    assert [(e["from_status"], e["to_status"]) for e in history] == [("submitted", "acknowledged")]


def test_each_status_change_tells_the_coordinator_in_app_and_by_mail_in_her_language(
    smtp: Inbox,
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    coordinator = persona("coordinator")
    coordinator.preferred_language = "es"
    coordinator.save(update_fields=["preferred_language"])
    request = make_request(coordinator)
    other = make_user(Role.NATIONAL_COORDINATOR, state="UY")
    officer = client_as("officer")
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/assistance/requests/{request.pk}/status/", {"to": "acknowledged"})
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/assistance/requests/{request.pk}/status/", {"to": "declined", "reason": "Sin fondos"})
    mails = smtp.to(coordinator.email)
    assert len(mails) == 2
    assert all(m["Content-Language"] == "es" for m in mails)
    assert "Sin fondos" in mails[1].get_payload(decode=True).decode()
    with translation.override("es"):
        expected = [str(RequestStatus.ACKNOWLEDGED.label), str(RequestStatus.DECLINED.label)]
    notices = list(Notification.objects.filter(user=coordinator, kind="assistance").order_by("pk"))
    assert len(notices) == 2
    assert [n.title.endswith(label) for n, label in zip(notices, expected, strict=True)] == [True, True]
    assert all(n.url == f"/assistance/requests/{request.pk}/" for n in notices)
    # The coordinator of another state hears nothing.
    assert smtp.to(other.email) == []
    assert not Notification.objects.filter(user=other).exists()


def test_the_menu_shows_assistance_only_to_those_who_may_open_it(client_as: Callable[[str], Client]) -> None:
    for who, shown in (("coordinator", True), ("officer", True), ("focal_point", False), ("donor", False)):
        page = client_as(who).get("/dashboard/").content.decode()
        assert ('href="/assistance/requests/"' in page) is shown, who
