"""The directory API does what the pages do, through the same policies."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import Exercise, Institution, InstitutionKind, Person
from enlace.directory.testing import make_designation
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(api: Client, path: str, body: object) -> tuple[int, object]:
    response = api.post(path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_coordinator_adds_a_person_then_a_checked_channel(persona: Callable[[str], User]) -> None:
    api = _api(persona("coordinator"))
    ministry = Institution.objects.create(
        name="Cancillería", state=MemberState.objects.get(iso2="AR"), kind=InstitutionKind.GOVERNMENT
    )
    status, body = _post(
        api,
        "/api/v1/people/",
        {"full_name": "Julián Sosa", "institution": ministry.pk, "time_zone": "America/Argentina/Buenos_Aires"},
    )
    assert status == 201, body
    person_id = body["id"]  # type: ignore[index]
    status, body = _post(
        api, f"/api/v1/people/{person_id}/channels/", {"kind": "mobile", "value": "+54 9 11 2345-6789"}
    )
    assert status == 201, body
    assert body["value"] == "+54 9 11 2345-6789"  # type: ignore[index]
    status, body = _post(api, f"/api/v1/people/{person_id}/channels/", {"kind": "mobile", "value": "123"})
    assert status == 400
    assert "value" in body  # type: ignore[operator]
    assert Person.objects.get(pk=person_id).channels.count() == 1


def test_person_in_another_state_cannot_be_created(persona: Callable[[str], User]) -> None:
    api = _api(persona("coordinator"))
    foreign = Institution.objects.create(
        name="MRREE", state=MemberState.objects.get(iso2="UY"), kind=InstitutionKind.GOVERNMENT
    )
    status, _body = _post(api, "/api/v1/people/", {"full_name": "X", "institution": foreign.pk, "time_zone": "UTC"})
    assert status == 404
    assert not Person.objects.exists()


def test_reachable_now_over_the_api_is_audited(persona: Callable[[str], User]) -> None:
    make_designation("AR", "counterterrorism")
    response = _api(persona("officer")).get("/api/v1/networks/counterterrorism/reachable-now/AR/")
    assert response.status_code == 200
    assert response.json()[0]["role"] == "primary"
    assert AuditRecord.objects.filter(action="directory.reachable_now.view", changes__state="AR").exists()


def test_secretariat_launches_an_exercise_over_the_api(
    persona: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    make_designation("AR", "counterterrorism")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        status, body = _post(
            _api(persona("officer")),
            "/api/v1/exercises/",
            {"network": "counterterrorism", "states": ["AR"], "escalate_after": 30},
        )
    assert status == 201, body
    exercise = Exercise.objects.get()
    assert exercise.targets.get().sent_at is not None
    assert body["results"][0]["state"] == "AR"  # type: ignore[index]


def test_a_coordinator_cannot_move_her_person_to_another_state(persona: Callable[[str], User]) -> None:
    designation = make_designation("AR", "counterterrorism")
    foreign = Institution.objects.create(
        name="MRREE", state=MemberState.objects.get(iso2="UY"), kind=InstitutionKind.GOVERNMENT
    )
    response = _api(persona("coordinator")).patch(
        f"/api/v1/people/{designation.person_id}/",
        json.dumps({"institution": foreign.pk}),
        content_type="application/json",
    )
    assert response.status_code in {403, 404}
    assert Person.objects.get(pk=designation.person_id).institution.state.iso2 == "AR"


def test_roster_over_the_api(persona: Callable[[str], User]) -> None:
    from enlace.directory.models import Expert, Skill
    from enlace.directory.testing import make_person

    mine = Expert.objects.create(person=make_person("TT", user=persona("expert")))
    mine.skills.set(Skill.objects.filter(code="port-security"))
    Expert.objects.create(person=make_person("JM"))
    found = _api(persona("officer")).get(f"/api/v1/experts/?skill={Skill.objects.get(code='port-security').pk}")
    assert [e["id"] for e in found.json()["results"]] == [mine.pk]
    own = _api(persona("expert"))
    assert [e["id"] for e in own.get("/api/v1/experts/").json()["results"]] == [mine.pk]
    status, body = _post(
        own,
        f"/api/v1/experts/{mine.pk}/certifications/",
        {"name": "ICAO instructor", "issuer": "ICAO", "obtained_on": "2025-01-01"},
    )
    assert status == 201, body


def test_application_endorsed_and_declined_over_the_api(persona: Callable[[str], User]) -> None:
    from django.core.files.base import ContentFile

    from enlace.directory.models import MembershipApplication, Network

    application = MembershipApplication(
        network=Network.objects.get(code="csirtamericas"),
        state=MemberState.objects.get(iso2="AR"),
        team_name="CERT.ar",
        team_email="cert@example.org",
        applicant=persona("csirt_analyst"),
    )
    application.document.save("l.pdf", ContentFile(b"%PDF-1.4"), save=True)
    officer = _api(persona("officer"))
    status, body = _post(officer, f"/api/v1/applications/{application.pk}/decide/", {"accept": False, "note": "x"})
    assert status == 400  # not endorsed yet
    assert _api(persona("coordinator")).post(f"/api/v1/applications/{application.pk}/endorse/").status_code == 200
    status, body = _post(officer, f"/api/v1/applications/{application.pk}/decide/", {"accept": False, "note": ""})
    assert status == 400
    assert "decision_note" in body  # type: ignore[operator]
    status, body = _post(
        officer, f"/api/v1/applications/{application.pk}/decide/", {"accept": False, "note": "No national mandate yet"}
    )
    assert status == 200
    assert body["status"] == "declined"  # type: ignore[index]
