"""Exercises over several channels, scheduled, closed and reported over time (real SMTP on loopback)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user
from enlace.directory import exercises
from enlace.directory.models import Exercise, ExerciseStatus, ExerciseTarget, Network
from enlace.directory.testing import make_designation, make_person
from enlace.directory.tests.test_api import _api
from enlace.geo.models import MemberState
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _launch(officer: User, *iso2: str, **kwargs: Any) -> Exercise:
    return exercises.launch(
        actor=officer,
        network=Network.objects.get(code="counterterrorism"),
        states=MemberState.objects.filter(iso2__in=iso2),
        escalate_after=60,
        message="Quarterly check",
        **kwargs,
    )


def test_in_app_channel_reaches_an_account_and_the_answer_closes_the_exercise(
    smtp: Inbox,
    django_capture_on_commit_callbacks: Callable[..., Any],
    persona: Callable[[str], User],
    client_as: Callable[[str], Client],
) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    focal = persona("focal_point")
    designation = make_designation("AR", "counterterrorism", person=make_person("AR", user=focal))
    with django_capture_on_commit_callbacks(execute=True):
        exercise = _launch(officer, "AR", channels=["in_app"])
    assert smtp.messages == []  # in-app only: no e-mail
    note = Notification.objects.get(user=focal)
    assert note.url.startswith("/directory/ack/")
    assert designation.network.name_en in note.title  # the focal point reads English
    assert [d.channel for d in exercise.targets.get().deliveries.all()] == ["in_app"]

    client = client_as("focal_point")
    page = client.get("/notifications/")
    assert note.title in page.content.decode()
    assert client.get("/notifications/?unread=1").context["object_list"][0] == note
    assert client.post(note.url).context["state"] == "done"
    note.refresh_from_db()
    assert note.read_at is not None  # answered: the notification closes itself
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.CLOSED  # every state answered
    assert AuditRecord.objects.filter(action="exercise.close", reason="every state answered").exists()


def test_notifications_are_private_to_their_user(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    from enlace.notifications.actions import notify

    mine = notify(user=persona("focal_point"), kind="test", title="For the focal point")
    other = client_as("coordinator")
    assert "For the focal point" not in other.get("/notifications/").content.decode()
    other.post("/notifications/read/", {"id": [str(mine.pk)]})
    mine.refresh_from_db()
    assert mine.read_at is None  # another user cannot mark it
    owner = client_as("focal_point")
    owner.post("/notifications/read/", {"id": [str(mine.pk)]})
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_refused_address_is_a_bounce_and_escalates_at_once(
    smtp: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    primary = make_designation("BR", "counterterrorism", person=make_person("BR"))
    alternate = make_designation("BR", "counterterrorism", role="alternate", person=make_person("BR"))
    dead = primary.person.channels.get(kind="email")
    smtp.refused.add(dead.value.lower())
    with django_capture_on_commit_callbacks(execute=True):
        exercise = _launch(officer, "BR", channels=["email"])
    first = exercise.targets.get(level=0)
    assert first.failed_at is not None
    delivery = first.deliveries.get()
    assert not delivery.delivered
    assert delivery.error.startswith("550")
    dead.refresh_from_db()
    assert dead.bounced_at is not None
    assert "550" in dead.bounce_reason
    # No waiting for the deadline: the alternate was written to straight away.
    second = exercise.targets.get(level=1)
    assert second.email == alternate.person.channels.get(kind="email").value
    assert len(smtp.to(second.email)) == 1
    # The bounce lowers the person's confidence indicator.
    from enlace.directory.freshness import assess

    assert any("bounced" in reason for reason in assess(primary.person).reasons)


def test_a_scheduled_exercise_starts_at_its_time_and_can_be_cancelled_before(
    smtp: Inbox, client_as: Callable[[str], Client], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    primary = make_designation("AR", "counterterrorism")
    client = client_as("officer")
    network = Network.objects.get(code="counterterrorism")
    state = MemberState.objects.get(iso2="AR")
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form = {"network": network.pk, "states": [state.pk], "escalate_after": 30, "channels": ["email"]}
    assert client.post("/directory/exercises/new/", {**form, "start_at": later}).status_code == 302
    exercise = Exercise.objects.get()
    assert exercise.status == ExerciseStatus.SCHEDULED
    assert not exercise.targets.exists()
    assert smtp.messages == []

    call_command("escalate_exercises", stdout=io.StringIO())  # not due yet
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.SCHEDULED

    Exercise.objects.filter(pk=exercise.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_exercises", stdout=io.StringIO())
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.RUNNING
    assert len(smtp.to(primary.person.channels.get(kind="email").value)) == 1
    assert AuditRecord.objects.filter(action="exercise.start").exists()

    # Cancelling: only before the start.
    assert client.post("/directory/exercises/new/", {**form, "start_at": later}).status_code == 302
    scheduled = Exercise.objects.get(status=ExerciseStatus.SCHEDULED)
    client.post(f"/directory/exercises/{scheduled.pk}/cancel/")
    scheduled.refresh_from_db()
    assert scheduled.status == ExerciseStatus.CANCELLED
    assert (
        "Only a scheduled exercise"
        in client.post(f"/directory/exercises/{exercise.pk}/cancel/", follow=True).content.decode()
    )
    too_far = (timezone.localtime() + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post("/directory/exercises/new/", {**form, "start_at": too_far})
    assert refused.status_code == 400
    assert Exercise.objects.count() == 2  # nothing half-saved


def test_closing_makes_silent_states_unreachable_and_reports_over_time(
    smtp: Inbox, client_as: Callable[[str], Client], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    make_designation("AR", "counterterrorism")
    make_designation("UY", "counterterrorism")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            exercise = _launch(officer, "AR", "UY", channels=["email"])
        exercises.acknowledge(exercise.targets.get(state__iso2="AR"))
    client = client_as("officer")
    waiting = {r.state.iso2: r for r in exercises.results(exercise)}
    assert not waiting["UY"].unreachable  # still someone to wait for
    client.post(f"/directory/exercises/{exercise.pk}/close/")
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.CLOSED
    closed = {r.state.iso2: r for r in exercises.results(exercise)}
    assert closed["UY"].unreachable
    assert closed["AR"].answered
    # A closed exercise's link no longer records answers.
    token = exercises.ack_token(exercise.targets.get(state__iso2="UY"))
    assert Client().get(f"/directory/ack/{token}/").context["state"] == "closed"
    assert Client().post(f"/directory/ack/{token}/").context["state"] == "already"

    page = client.get("/directory/exercises/over-time/counterterrorism/")
    assert page.status_code == 200
    summaries, states = page.context["summaries"], page.context["states"]
    assert [s.answered for s in summaries] == [1, 1]
    assert {t.state.iso2: (t.asked, t.answered) for t in states} == {"AR": (2, 2), "UY": (2, 0)}
    assert states[0].state.iso2 == "UY"  # least reachable first

    csv_text = client.get("/directory/exercises/over-time/counterterrorism/report.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("exercise,started_at,status,states,answered")
    assert "UY,2,0," in csv_text
    pdf = client.get("/directory/exercises/over-time/counterterrorism/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    one = client.get(f"/directory/exercises/{exercise.pk}/report.pdf")
    assert one.content.startswith(b"%PDF-")
    assert client.get(f"/directory/exercises/{exercise.pk}/report.xls").status_code == 404
    exports = AuditRecord.objects.filter(action="directory.exercise_report.export")
    assert exports.count() == 3


def test_exercise_api_schedules_closes_and_refuses_unknown_channels(
    smtp: Inbox, persona: Callable[[str], User]
) -> None:
    make_designation("AR", "counterterrorism")
    api = _api(persona("officer"))
    later = (timezone.now() + timedelta(hours=3)).isoformat()
    body = {"network": "counterterrorism", "states": ["AR"], "start_at": later, "channels": ["email"]}
    scheduled = api.post("/api/v1/exercises/", json.dumps(body), content_type="application/json")
    assert scheduled.status_code == 201, scheduled.content
    assert scheduled.json()["status"] == "scheduled"
    pk = scheduled.json()["id"]
    assert api.post(f"/api/v1/exercises/{pk}/close/").status_code == 400
    assert api.post(f"/api/v1/exercises/{pk}/cancel/").json()["status"] == "cancelled"
    wrong = {"network": "counterterrorism", "states": ["AR"], "channels": ["carrier-pigeon"]}
    refused = api.post("/api/v1/exercises/", json.dumps(wrong), content_type="application/json")
    assert refused.status_code == 400
    assert "channels" in refused.json()
    assert Exercise.objects.count() == 1
    now = api.post(
        "/api/v1/exercises/",
        json.dumps({"network": "counterterrorism", "states": ["AR"]}),
        content_type="application/json",
    )
    assert now.json()["status"] == "running"
    closed = api.post(f"/api/v1/exercises/{now.json()['id']}/close/")
    assert closed.json()["status"] == "closed"
    assert closed.json()["results"][0]["unreachable"] is True
    assert ExerciseTarget.objects.filter(exercise_id=now.json()["id"]).count() == 1
