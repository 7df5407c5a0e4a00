"""A reachability exercise end to end, with a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from email.message import Message
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user
from enlace.directory import exercises
from enlace.directory.models import Exercise, ExerciseTarget, Network
from enlace.directory.testing import make_designation, make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(message.get_payload())


def _link(message: Message) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/directory/ack/[^/\s]+/)", _body(message))
    assert match, _body(message)
    return match.group(1)


def _launch(officer: User, *iso2: str, **kwargs: Any) -> Exercise:
    return exercises.launch(
        actor=officer,
        network=Network.objects.get(code="counterterrorism"),
        states=MemberState.objects.filter(iso2__in=iso2),
        escalate_after=kwargs.get("escalate_after", 60),
        message="Quarterly check",
    )


def test_exercise_end_to_end(smtp: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    primary_ar = make_designation("AR", "counterterrorism", person=make_person("AR"))
    primary_br = make_designation("BR", "counterterrorism", person=make_person("BR"))
    alternate_br = make_designation("BR", "counterterrorism", role="alternate", person=make_person("BR"))
    coordinator_br = make_user("national_coordinator", state="BR")
    with django_capture_on_commit_callbacks(execute=True):
        exercise = _launch(officer, "AR", "BR")

    ar_mail, br_mail = (
        smtp.to(primary_ar.person.channels.get(kind="email").value),
        smtp.to(primary_br.person.channels.get(kind="email").value),
    )
    assert len(ar_mail) == len(br_mail) == 1
    assert "Enlace" in ar_mail[0]["Subject"]
    assert "confirme" in _body(ar_mail[0]).lower() or "confirm" in _body(ar_mail[0]).lower()

    # Argentina answers through the link: no sign-in; the GET only asks, the POST records, once.
    anonymous = Client()
    link = _link(ar_mail[0])
    assert anonymous.get(link).context["state"] == "ask"
    assert ExerciseTarget.objects.get(email=ar_mail[0]["To"]).acknowledged_at is None
    assert anonymous.post(link).context["state"] == "done"
    assert anonymous.post(link).context["state"] == "already"
    assert ExerciseTarget.objects.filter(exercise=exercise, acknowledged_at__isnull=False).count() == 1
    assert AuditRecord.objects.filter(action="exercise.acknowledge").count() == 1

    # Brazil stays silent: after the deadline the alternate, then the national coordinator, are written to.
    ExerciseTarget.objects.filter(exercise=exercise).update(sent_at=timezone.now() - timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        created = exercises.escalate(exercise)
    assert [t.email for t in created] == [alternate_br.person.channels.get(kind="email").value]
    from enlace.directory.tasks import send_exercise_messages

    send_exercise_messages.call(exercise.pk)
    assert len(smtp.to(created[0].email)) == 1
    ExerciseTarget.objects.filter(exercise=exercise).update(sent_at=timezone.now() - timedelta(minutes=61))
    second = exercises.escalate(exercise)
    assert [t.email for t in second] == [coordinator_br.email]

    results = {r.state.iso2: r for r in exercises.results(exercise)}
    assert results["AR"].answered
    assert results["AR"].level == 0
    assert results["AR"].seconds is not None
    assert not results["BR"].answered
    assert results["BR"].escalations == 2
    assert results["BR"].messages == 3


def test_acknowledgement_link_is_tamper_proof_and_expires(smtp: Inbox) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    make_designation("AR", "counterterrorism")
    exercise = _launch(officer, "AR")
    target = exercise.targets.get()
    token = exercises.ack_token(target)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().post(f"/directory/ack/{forged}/").status_code == 404
    other = signing.TimestampSigner(salt=exercises.SIGNER_SALT).sign(str(target.pk + 999))
    assert Client().post(f"/directory/ack/{other}/").status_code == 404
    from unittest import mock

    later = timezone.now() + exercises.LINK_MAX_AGE + timedelta(minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert Client().post(f"/directory/ack/{token}/").status_code == 404
    target.refresh_from_db()
    assert target.acknowledged_at is None


def test_messages_go_out_in_the_recipients_language(
    smtp: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    officer = make_user("secretariat_officer", program="cybersecurity")
    haiti = make_designation("HT", "counterterrorism")
    with django_capture_on_commit_callbacks(execute=True):
        _launch(officer, "HT")
    mail = smtp.to(haiti.person.channels.get(kind="email").value)
    assert len(mail) == 1
    assert "Enlace" in mail[0]["Subject"]
    assert ExerciseTarget.objects.get().language == "fr"


def test_exercise_pages_for_the_secretariat(client_as: Callable[[str], Client], smtp: Inbox) -> None:
    make_designation("AR", "counterterrorism")
    client = client_as("officer")
    network = Network.objects.get(code="counterterrorism")
    state = MemberState.objects.get(iso2="AR")
    response = client.post(
        "/directory/exercises/new/",
        {"network": network.pk, "states": [state.pk], "escalate_after": 30, "channels": ["email", "in_app"]},
    )
    assert response.status_code == 302
    exercise = Exercise.objects.get()
    page = client.get(f"/directory/exercises/{exercise.pk}/")
    assert page.status_code == 200
    assert "Argentina" in page.content.decode()
    assert "In-app notification" in page.content.decode()  # channel names, not codes
    report = client.get(f"/directory/exercises/{exercise.pk}/report.csv")
    assert report.content.decode().splitlines()[0].startswith("state,level,name,email")
    assert client.post("/directory/exercises/new/", {"network": network.pk, "escalate_after": 1}).status_code == 400
