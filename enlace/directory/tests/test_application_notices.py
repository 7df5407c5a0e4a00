"""Membership applications tell whoever acts next, by e-mail after commit, in her language (real SMTP)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.message import Message
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import formats, translation

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user, sign_in
from enlace.directory import applications
from enlace.directory.models import MembershipApplication, Network
from enlace.directory.testing import join
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% official letter\n"


def _text(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def _subject(message: Message) -> str:
    return " ".join(str(message["Subject"]).split())  # unfolded


def _apply(client: Client, content: bytes = PDF) -> Any:
    return client.post(
        "/directory/applications/new/",
        {
            "network": "csirtamericas",
            "state": MemberState.objects.get(iso2="CO").pk,
            "team_name": "CSIRT Financiero",
            "team_email": "csirt@example.org",
            "document": SimpleUploadedFile("letter.pdf", content, content_type="application/pdf"),
        },
    )


def test_each_step_tells_whoever_acts_next_in_her_language(
    smtp: Inbox,
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    join("CO", "csirtamericas")
    coordinator = make_user("national_coordinator", state="CO", language="es")
    argentina = persona("coordinator")
    officer = persona("officer")  # cybersecurity, the network's program
    border_officer = make_user("secretariat_officer", program="border-security")
    admin = make_user("secretariat_admin", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert _apply(client_as("csirt_analyst")).status_code == 302
    application = MembershipApplication.objects.get()
    page = f"http://127.0.0.1:8000/directory/applications/{application.pk}/"

    (awaits_endorsement,) = smtp.messages
    assert awaits_endorsement["To"] == coordinator.email
    assert awaits_endorsement["Content-Language"] == "es"
    body = _text(awaits_endorsement)
    assert page in body
    assert "Equipos miembros de CSIRTAmericas" in body  # the network's name in Spanish
    with translation.override("es"):
        assert formats.date_format(applications.decision_due(application), "DATE_FORMAT") in body
    assert smtp.to(argentina.email) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(Client(), coordinator).post(f"/directory/applications/{application.pk}/endorse/")
        assert response.status_code == 302
    (to_officer,) = smtp.to(officer.email)
    assert to_officer["Content-Language"] == "en"
    assert page in _text(to_officer)
    (to_admin,) = smtp.to(admin.email)
    assert to_admin["Content-Language"] == "fr"
    assert "Équipes membres de CSIRTAmericas" in _text(to_admin)
    assert smtp.to(border_officer.email) == []
    assert len(smtp.messages) == 3

    applicant = persona("csirt_analyst")
    User.objects.filter(pk=applicant.pk).update(preferred_language="pt-br")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("officer").post(
            f"/directory/applications/{application.pk}/decide/",
            {"accept": "0", "note": "The letter is not signed by the head of the agency."},
        )
        assert response.status_code == 302
    (decision,) = smtp.to(applicant.email)
    assert decision["Content-Language"] == "pt-br"
    assert "The letter is not signed by the head of the agency." in _text(decision)
    assert "Equipes membros da CSIRTAmericas" in _text(decision)
    assert page in _text(decision)
    assert len(smtp.messages) == 4
    steps = AuditRecord.objects.filter(action="application.notify").values_list("changes__step", flat=True)
    assert sorted(steps) == ["declined", "endorsed", "submitted"]


def test_an_accepted_team_hears_of_its_introductory_meeting(
    smtp: Inbox,
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    join("CO", "csirtamericas")
    _apply(client_as("csirt_analyst"))
    application = MembershipApplication.objects.get()
    officer = client_as("officer")
    officer.post(f"/directory/applications/{application.pk}/endorse/")  # the Secretariat may endorse too
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/directory/applications/{application.pk}/decide/", {"accept": "1", "meeting_on": "2027-02-03"})
    (decision,) = smtp.to(persona("csirt_analyst").email)
    assert _subject(decision) == "Enlace: the application of CSIRT Financiero is accepted"
    assert formats.date_format(date(2027, 2, 3), "DATE_FORMAT") in _text(decision)  # in English, hers


def test_without_a_coordinator_the_secretariat_is_told_and_a_refused_application_tells_no_one(
    smtp: Inbox,
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    join("CO", "csirtamericas")
    analyst = client_as("csirt_analyst")
    officer = persona("officer")
    with django_capture_on_commit_callbacks(execute=True):
        assert _apply(analyst, content=b"MZ not a pdf").status_code == 400
    assert smtp.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        assert _apply(analyst).status_code == 302
    (notice,) = smtp.messages
    assert notice["To"] == officer.email
    assert "has no national coordinator to endorse it" in _subject(notice)


def test_a_late_notice_for_a_step_already_taken_is_not_sent(smtp: Inbox, persona: Callable[[str], User]) -> None:
    join("CO", "csirtamericas")
    make_user("national_coordinator", state="CO")
    application = MembershipApplication.objects.create(
        network=Network.objects.get(code="csirtamericas"),
        state=MemberState.objects.get(iso2="CO"),
        team_name="CSIRT Salud",
        team_email="salud@example.org",
        applicant=persona("csirt_analyst"),
        status="endorsed",
    )
    assert applications.notify(application, "submitted") == []
    assert smtp.messages == []
