"""CSIRTAmericas membership: a team head applies, her coordinator endorses, the Secretariat decides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.applications import decision_due
from enlace.directory.models import Designation, MembershipApplication
from enlace.directory.testing import join
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% official letter\n"


def _apply(client: Client, state: str = "CO", content: bytes = PDF, name: str = "letter.pdf") -> object:
    return client.post(
        "/directory/applications/new/",
        {
            "network": "csirtamericas",
            "state": MemberState.objects.get(iso2=state).pk,
            "team_name": "CSIRT Financiero",
            "team_email": "csirt@example.org",
            "document": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_apply_endorse_accept_makes_the_team_a_member(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    join("CO", "csirtamericas")
    analyst = client_as("csirt_analyst")  # Colombia
    response = _apply(analyst)
    assert response.status_code == 302  # type: ignore[attr-defined]
    application = MembershipApplication.objects.get()
    assert application.status == "submitted"
    download = analyst.get(f"/directory/applications/{application.pk}/letter.pdf")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF

    from enlace.common.testing import make_user, sign_in

    coordinator = sign_in(Client(), make_user("national_coordinator", state="CO"))
    officer = client_as("officer")
    assert officer.post(f"/directory/applications/{application.pk}/decide/", {"accept": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"  # not endorsed yet: the decision is refused
    assert coordinator.post(f"/directory/applications/{application.pk}/endorse/").status_code == 302
    assert (
        officer.post(
            f"/directory/applications/{application.pk}/decide/", {"accept": "1", "meeting_on": "2026-12-10"}
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "accepted"
    designation = Designation.objects.get(network__code="csirtamericas", person__user=persona("csirt_analyst"))
    assert designation.status == "active"
    assert designation.person.institution.name == "CSIRT Financiero"
    actions = set(AuditRecord.objects.filter(action__startswith="application.").values_list("action", flat=True))
    assert {"application.submit", "application.endorse", "application.decide"} <= actions


def test_only_pdf_letters_within_the_size_limit(client_as: Callable[[str], Client]) -> None:
    join("CO", "csirtamericas")
    analyst = client_as("csirt_analyst")
    assert _apply(analyst, content=b"MZ\x90\x00 not a pdf", name="letter.pdf").status_code == 400  # type: ignore[attr-defined]
    assert not MembershipApplication.objects.exists()


def test_a_team_head_applies_only_for_her_own_state(client_as: Callable[[str], Client]) -> None:
    response = _apply(client_as("csirt_analyst"), state="AR")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not MembershipApplication.objects.exists()


def test_other_states_and_other_applicants_do_not_see_an_application(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    join("CO", "csirtamericas")
    _apply(client_as("csirt_analyst"))
    application = MembershipApplication.objects.get()
    coordinator = client_as("coordinator")  # Argentina
    assert coordinator.get(f"/directory/applications/{application.pk}/").status_code == 404
    assert coordinator.get(f"/directory/applications/{application.pk}/letter.pdf").status_code == 404
    assert coordinator.post(f"/directory/applications/{application.pk}/endorse/").status_code == 404


def test_decision_is_due_twenty_working_days_after_submission() -> None:
    application = MembershipApplication(submitted_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC))
    # From Monday 2 November 2026: 20 working days, skipping weekends, Veterans Day (11) and Thanksgiving (26).
    assert decision_due(application).isoformat() == "2026-12-02"


def test_a_team_head_applies_over_the_api_with_the_letter(persona: Callable[[str], User]) -> None:
    from enlace.accounts.actions import create_api_token

    analyst = persona("csirt_analyst")  # Colombia
    _token, secret = create_api_token(analyst, actor=analyst, name="t", scope="write", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    join("CO", "csirtamericas")

    def apply(state: str, content: bytes) -> object:
        letter = SimpleUploadedFile("letter.pdf", content, "application/pdf")
        body = {"network": "csirtamericas", "state": state, "team_name": "colCERT", "team_email": "c@example.org"}
        return api.post("/api/v1/applications/", {**body, "document": letter})

    refused = apply("CO", b"not a pdf")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "document" in refused.json()  # type: ignore[attr-defined]
    assert apply("AR", PDF).status_code == 404  # type: ignore[attr-defined]  # not her state
    assert not MembershipApplication.objects.exists()
    done = apply("co", PDF)
    assert done.status_code == 201, done.content  # type: ignore[attr-defined]
    assert (done.json()["state"], done.json()["status"]) == ("CO", "submitted")  # type: ignore[attr-defined]
    assert AuditRecord.objects.filter(action="application.submit").count() == 1
    as_json = api.post("/api/v1/applications/", {"network": "csirtamericas"}, content_type="application/json")
    assert as_json.status_code == 415
