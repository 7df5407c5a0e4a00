"""The lessons-learned workflow through HTTP: each step, who may take it, wrong steps refused, all audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.ipo.models import Lesson, Stage
from enlace.ipo.testing import make_event, make_lesson

pytestmark = pytest.mark.django_db

Personas = Callable[[str], Client]


def test_an_observation_goes_all_the_way_to_a_lesson_learned(client_as: Personas) -> None:
    event = make_event("CL", access="members")
    focal = client_as("focal_point")
    response = focal.post(
        "/ipo/lessons/new/",
        {"title": "Radio gaps at the stadium", "observation": "Police and medics could not talk.",
         "event": event.pk, "access": "members"},
    )  # fmt: skip
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.stage == Stage.OBSERVATION
    officer = client_as("officer")
    url = f"/ipo/lessons/{lesson.pk}"
    assert officer.post(f"{url}/validate/").status_code == 302
    assert officer.post(f"{url}/identify/", {"analysis": "No shared channel"}).status_code == 400
    lesson.refresh_from_db()
    assert lesson.stage == Stage.VALIDATED  # nothing written by the refused step
    identify = {"analysis": "No shared channel", "recommendation": "Plan a common radio net",
                "responsible_body": "National police"}  # fmt: skip
    assert officer.post(f"{url}/identify/", identify).status_code == 302
    plan = {"action_description": "Buy interoperable radios", "action_owner": "Ministry of Security",
            "action_due": "2027-01-31"}  # fmt: skip
    assert officer.post(f"{url}/plan_action/", plan).status_code == 302
    assert officer.post(f"{url}/close/").status_code == 409  # the action is not done yet
    assert officer.post(f"{url}/update_action/", {"action_status": "done"}).status_code == 302
    assert officer.post(f"{url}/close/").status_code == 302
    lesson.refresh_from_db()
    assert lesson.stage == Stage.LEARNED
    steps = list(
        AuditRecord.objects.filter(object_id=str(lesson.pk), action__startswith="ipo.lesson.").values_list(
            "action", flat=True
        )
    )
    assert sorted(steps) == sorted(
        ["ipo.lesson.submit", "ipo.lesson.validate", "ipo.lesson.identify", "ipo.lesson.plan_action",
         "ipo.lesson.update_action", "ipo.lesson.close"]
    )  # fmt: skip
    assert "Radio gaps" in focal.get(f"{url}/").content.decode()


def test_rejection_needs_a_reason_and_ends_the_chain(client_as: Personas, persona: Callable[[str], User]) -> None:
    lesson = make_lesson(persona("coordinator"), stage=Stage.OBSERVATION)
    officer = client_as("officer")
    url = f"/ipo/lessons/{lesson.pk}"
    assert officer.post(f"{url}/reject/", {"rejection_reason": "  "}).status_code == 400
    lesson.refresh_from_db()
    assert lesson.stage == Stage.OBSERVATION
    assert officer.post(f"{url}/reject/", {"rejection_reason": "Duplicate of an earlier lesson"}).status_code == 302
    lesson.refresh_from_db()
    assert lesson.stage == Stage.REJECTED
    assert lesson.rejection_reason == "Duplicate of an earlier lesson"
    for step in ("validate", "identify", "close", "reject"):
        assert officer.post(f"{url}/{step}/", {"rejection_reason": "x"}).status_code == 409, step
    assert officer.post(f"{url}/nonsense/").status_code == 404
    assert AuditRecord.objects.get(action="ipo.lesson.reject").changes["rejection_reason"].startswith("Duplicate")


def test_only_the_secretariat_takes_steps(client_as: Personas, persona: Callable[[str], User]) -> None:
    lesson = make_lesson(persona("coordinator"), stage=Stage.OBSERVATION, access="members")
    coordinator = client_as("coordinator")
    assert coordinator.get(f"/ipo/lessons/{lesson.pk}/").status_code == 200  # she submitted it
    for step in ("validate", "reject"):
        assert coordinator.post(f"/ipo/lessons/{lesson.pk}/{step}/", {"rejection_reason": "x"}).status_code == 404
        api = coordinator.post(f"/api/v1/lessons/{lesson.pk}/{step}/", {"rejection_reason": "x"},
                               content_type="application/json")  # fmt: skip
        assert api.status_code == 404
    lesson.refresh_from_db()
    assert lesson.stage == Stage.OBSERVATION


def test_donors_and_experts_may_not_submit(client_as: Personas) -> None:
    for who in ("donor", "expert"):
        client = client_as(who)
        assert client.get("/ipo/lessons/new/").status_code == 404
        assert client.post("/api/v1/lessons/", {}, content_type="application/json").status_code == 404


def test_an_observation_names_an_event_or_an_activity(client_as: Personas) -> None:
    response = client_as("focal_point").post(
        "/ipo/lessons/new/", {"title": "T", "observation": "O", "access": "members"}
    )
    assert response.status_code == 400
    assert not Lesson.objects.exists()


def test_the_api_takes_the_same_steps_with_the_same_refusals(client_as: Personas) -> None:
    event = make_event("AR", access="public")
    coordinator = client_as("coordinator")
    made = coordinator.post(
        "/api/v1/lessons/",
        {"title": "Crowd control", "observation": "Gates opened late", "event": event.pk, "access": "state",
         "state": "AR", "program": "cybersecurity"},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    officer = client_as("officer")
    base = f"/api/v1/lessons/{pk}"

    def post(path: str, body: dict[str, str] | None = None) -> int:
        return officer.post(f"{base}/{path}/", body or {}, content_type="application/json").status_code

    assert post("close") == 409
    assert post("validate") == 200
    assert post("validate") == 409
    assert post("identify", {"analysis": "a", "recommendation": "r"}) == 400
    assert post("identify", {"analysis": "a", "recommendation": "r", "responsible_body": "b"}) == 200
    assert post("plan-action", {"action_description": "d", "action_owner": "o", "action_due": "2027-02-30"}) == 400
    assert post("plan-action", {"action_description": "d", "action_owner": "o", "action_due": "2027-02-28"}) == 200
    assert post("update-action", {"action_status": "finished"}) == 400
    assert post("update-action", {"action_status": "done"}) == 200
    assert post("close") == 200
    body = coordinator.get(f"{base}/").json()
    assert body["stage"] == "learned"
    assert body["state"] == "AR"
