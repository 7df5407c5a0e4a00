"""Missions through HTTP: only the Secretariat records them, findings are seen by the state concerned and the
Secretariat only, the owning state updates its recommendations, the follow-up counts and flags overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.assistance.models import Mission, Recommendation, RecommendationNote
from enlace.assistance.testing import make_mission
from enlace.audit.models import AuditRecord
from enlace.common.testing import make_user, sign_in
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_only_the_secretariat_records_a_mission_with_findings_and_recommendations(
    client_as: Callable[[str], Client],
) -> None:
    form = {
        "kind": "peer_review",
        "title": "Peer review of the aviation security programme",
        "state": MemberState.objects.get(iso2="AR").pk,
        "program": Program.objects.get(code="cybersecurity").pk,
        "start_date": "2026-05-04",
        "end_date": "2026-05-08",
    }
    coordinator, officer = client_as("coordinator"), client_as("officer")
    assert coordinator.post("/assistance/missions/new/", form).status_code == 404
    assert officer.post("/assistance/missions/new/", {**form, "end_date": "2026-05-01"}).status_code == 400
    response = officer.post("/assistance/missions/new/", form)
    assert response.status_code == 302
    mission = Mission.objects.get()
    admin = client_as("admin")
    assert admin.post(f"/assistance/missions/{mission.pk}/findings/", {"title": "Weak screening"}).status_code == 302
    made = admin.post(
        f"/assistance/missions/{mission.pk}/recommendations/",
        {"text": "Train screeners", "due_date": "2026-12-01", "priority": "high"},
    )
    assert made.status_code == 302
    assert mission.findings.count() == 1
    assert mission.recommendations.get().owner_state.iso2 == "AR"
    assert coordinator.post(f"/assistance/missions/{mission.pk}/findings/", {"title": "x"}).status_code == 404
    assert (
        coordinator.post(
            "/api/v1/assistance-missions/",
            {**form, "state": "AR", "program": "cybersecurity"},
            content_type="application/json",
        ).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["focal_point", "csirt_analyst", "expert", "donor", "other_coordinator"])
def test_findings_are_hidden_from_everyone_but_the_state_and_the_secretariat(
    who: str, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    mission, recommendation = make_mission(persona("admin"), "AR")
    if who == "other_coordinator":
        client = sign_in(Client(), make_user(Role.NATIONAL_COORDINATOR, state="UY"))
    else:
        client = client_as(who)
    for path in (
        f"/assistance/missions/{mission.pk}/",
        f"/api/v1/assistance-missions/{mission.pk}/",
        f"/api/v1/assistance-missions/{mission.pk}/findings/",
        f"/api/v1/recommendations/{recommendation.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    for path in ("/assistance/missions/", "/assistance/follow-up/", "/api/v1/assistance-missions/"):
        response = client.get(path)
        assert "SECRET-FINDING" not in response.content.decode()
        assert mission.title not in response.content.decode()


def test_the_state_concerned_and_the_secretariat_read_the_findings(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    mission, _ = make_mission(persona("admin"), "AR")
    make_mission(persona("admin"), "UY")
    clients = {who: client_as(who) for who in ("coordinator", "officer")}
    for client in clients.values():
        page = client.get(f"/assistance/missions/{mission.pk}/").content.decode()
        assert "SECRET-FINDING-AR" in page
        api = client.get(f"/api/v1/assistance-missions/{mission.pk}/findings/").json()
        assert [f["title"] for f in api] == ["SECRET-FINDING-AR"]
    listing = clients["coordinator"].get("/api/v1/assistance-missions/").json()["results"]
    assert [m["state"] for m in listing] == ["AR"]
    assert AuditRecord.objects.filter(action="assistance.findings.view").count() == 4


def test_the_owning_state_updates_a_recommendation_with_a_note_audited(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    _, recommendation = make_mission(persona("admin"), "AR")
    coordinator = client_as("coordinator")
    path = f"/assistance/recommendations/{recommendation.pk}/status/"
    assert coordinator.post(path, {"status": "in_progress", "note": ""}).status_code == 400
    assert coordinator.post(path, {"status": "done", "note": "x"}).status_code == 400
    assert coordinator.post(path, {"status": "in_progress", "note": "Tender launched"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert RecommendationNote.objects.get().note == "Tender launched"
    entry = AuditRecord.objects.get(action="assistance.recommendation.status")
    assert entry.reason == "Tender launched"
    assert entry.changes == {"from": "open", "to": "in_progress"}
    api = coordinator.post(
        f"/api/v1/recommendations/{recommendation.pk}/status/",
        {"status": "implemented", "note": "Services closed"},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert [n["status"] for n in api.json()["notes"]] == ["in_progress", "implemented"]
    # Another state's coordinator may not touch it.
    other = sign_in(Client(), make_user(Role.NATIONAL_COORDINATOR, state="UY"))
    assert other.post(path, {"status": "open", "note": "x"}).status_code == 404
    assert (
        other.post(
            f"/api/v1/recommendations/{recommendation.pk}/status/",
            {"status": "open", "note": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented"


def test_the_follow_up_counts_by_status_per_state_and_program_and_flags_overdue(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    admin = persona("admin")
    past = timezone.localdate() - timedelta(days=10)
    make_mission(admin, "AR", due=past)
    _, done_late = make_mission(admin, "AR", due=past)
    Recommendation.objects.filter(pk=done_late.pk).update(status="implemented")
    make_mission(admin, "UY", due=date(2099, 1, 1))
    rows = client_as("officer").get("/api/v1/recommendations/follow-up/").json()
    by_state = {row["key"]: row for row in rows["by_state"]}
    assert by_state["AR"]["open"] == 1
    assert by_state["AR"]["implemented"] == 1
    assert by_state["AR"]["overdue"] == 1
    assert by_state["UY"]["overdue"] == 0
    assert rows["by_program"] == [
        {
            "key": "cybersecurity",
            "open": 2,
            "in_progress": 0,
            "implemented": 1,
            "not_implemented": 0,
            "overdue": 1,
            "total": 3,
        }
    ]
    coordinator = client_as("coordinator")
    mine = coordinator.get("/api/v1/recommendations/follow-up/").json()
    assert [row["key"] for row in mine["by_state"]] == ["AR"]
    page = coordinator.get("/assistance/follow-up/").content.decode()
    assert "Close exposed services in AR" in page
    assert "Close exposed services in UY" not in page
