"""Roster entries written by pages and the API: the Secretariat adds and keeps them, an expert keeps her own."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import Expert, Mission, Person, Skill
from enlace.directory.testing import make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _skill(code: str) -> int:
    return Skill.objects.get(code=code).pk


def _entry(person: Person, **overrides: Any) -> dict[str, Any]:
    """A valid roster form for `person`."""
    return {
        "person": person.pk,
        "summary": "Trainer of port facility security officers.",
        "skills": [_skill("port-security"), _skill("incident-response")],
        "languages": ["es", "en"],
        **overrides,
    }


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _send(api: Client, method: str, path: str, body: object) -> tuple[int, Any]:
    response = api.generic(method, path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_the_secretariat_puts_a_person_on_the_roster_from_the_page(client_as: Callable[[str], Client]) -> None:
    person = make_person("PA")
    officer = client_as("officer")
    form = officer.get("/directory/experts/new/")
    assert form.status_code == 200
    page = form.content.decode()
    assert "<legend>Skills</legend>" in page
    assert "<legend>Cybersecurity</legend>" in page  # the vocabulary, grouped by program
    response = officer.post("/directory/experts/new/", _entry(person))
    expert = Expert.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == f"/directory/experts/{expert.pk}/"
    assert {s.code for s in expert.skills.all()} == {"port-security", "incident-response"}
    person.refresh_from_db()
    assert person.languages == ["es", "en"]
    created = AuditRecord.objects.get(action="expert.create")
    assert created.changes["skills"][1] == ["incident-response", "port-security"]
    assert created.changes["state"] == "PA"
    assert AuditRecord.objects.filter(action="person.update", object_id=str(person.pk)).exists()
    # She is on the roster now: she is no longer offered, and a second entry is refused.
    search = officer.get("/directory/experts/new/people/", {"q": person.full_name}, headers={"HX-Request": "true"})
    assert search.status_code == 200
    assert f'value="{person.pk}"' not in search.content.decode()
    assert officer.post("/directory/experts/new/", _entry(person)).status_code == 400
    assert Expert.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"skills": [999_999]}, "skills"),
        ({"languages": ["de"]}, "languages"),
        ({"person": 999_999}, "person"),
    ],
)
def test_bad_roster_input_on_the_page_saves_nothing(
    overrides: dict[str, Any], field: str, client_as: Callable[[str], Client]
) -> None:
    person = make_person("PA")
    response = client_as("officer").post("/directory/experts/new/", {**_entry(person), **overrides})
    assert response.status_code == 400
    assert response.context["person_form" if field == "person" else "form"].errors[field]
    assert not Expert.objects.exists()
    person.refresh_from_db()
    assert person.languages == []
    assert not AuditRecord.objects.filter(action__in=["expert.create", "person.update"]).exists()


@pytest.mark.parametrize("who", ["expert", "coordinator", "focal_point", "donor"])
def test_only_the_secretariat_puts_people_on_the_roster(who: str, client_as: Callable[[str], Client]) -> None:
    person = make_person("AR")  # the coordinator's own state: she may edit the person, not add her to the roster
    client = client_as(who)
    assert client.get("/directory/experts/new/").status_code == 404
    assert client.post("/directory/experts/new/", _entry(person)).status_code == 404
    assert not Expert.objects.exists()


def test_an_expert_edits_her_own_entry_and_records_a_mission(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    mine = Expert.objects.create(person=make_person("TT", user=persona("expert")))
    other = Expert.objects.create(person=make_person("JM"))
    client = client_as("expert")
    assert client.get(f"/directory/experts/{mine.pk}/edit/").status_code == 200
    detail = client.get(f"/directory/experts/{mine.pk}/").content.decode()
    assert f'href="/directory/experts/{mine.pk}/edit/"' in detail
    update = {
        "summary": "Aviation security screening instructor.",
        "skills": [_skill("aviation-security")],
        "languages": ["en", "fr"],
    }
    assert client.post(f"/directory/experts/{mine.pk}/edit/", update).status_code == 302
    mine.refresh_from_db()
    assert mine.summary == "Aviation security screening instructor."
    assert [s.code for s in mine.skills.all()] == ["aviation-security"]
    assert mine.person.languages == ["en", "fr"]
    assert AuditRecord.objects.get(action="expert.update").actor == persona("expert")
    year = timezone.localdate().year
    mission = {"title": "Train-the-trainers course", "state": MemberState.objects.get(iso2="BB").pk, "year": year}
    assert client.post(f"/directory/experts/{mine.pk}/missions/", mission).status_code == 302
    assert mine.missions.get().title == "Train-the-trainers course"
    assert AuditRecord.objects.get(action="expert.mission_add").changes["state"] == "BB"
    # No one else's entry.
    assert client.get(f"/directory/experts/{other.pk}/edit/").status_code == 404
    assert client.post(f"/directory/experts/{other.pk}/edit/", update).status_code == 404
    assert client.post(f"/directory/experts/{other.pk}/missions/", mission).status_code == 404
    other.refresh_from_db()
    assert (other.summary, other.missions.count()) == ("", 0)


def test_a_mission_is_recorded_once_done(client_as: Callable[[str], Client]) -> None:
    expert = Expert.objects.create(person=make_person("TT"))
    officer = client_as("officer")
    state = MemberState.objects.get(iso2="BB").pk
    huge = officer.post(f"/directory/experts/{expert.pk}/missions/", {"title": "X", "state": state, "year": 10**20})
    assert huge.status_code == 400
    future = officer.post(
        f"/directory/experts/{expert.pk}/missions/",
        {"title": "Workshop", "state": state, "year": timezone.localdate().year + 1},
    )
    assert future.status_code == 400
    assert future.context["form"].errors["year"]
    blank = officer.post(f"/directory/experts/{expert.pk}/missions/", {"title": " ", "state": state, "year": 2024})
    assert blank.status_code == 400
    assert not Mission.objects.exists()


def test_roster_entries_over_the_api(persona: Callable[[str], User]) -> None:
    person = make_person("PA")
    api = _api(persona("officer"))
    body = {
        "person": person.pk,
        "summary": "Financial intelligence analyst.",
        "skills": ["financial-intelligence"],
        "languages": ["es"],
    }
    status, created = _send(api, "POST", "/api/v1/experts/", body)
    assert status == 201, created
    assert created["skills"] == ["financial-intelligence"]
    assert created["languages"] == ["es"]
    assert created["person"] == person.pk
    status, changed = _send(
        api, "PATCH", f"/api/v1/experts/{created['id']}/", {"skills": ["cyber-policy", "incident-response"]}
    )
    assert status == 200, changed
    assert sorted(changed["skills"]) == ["cyber-policy", "incident-response"]
    assert changed["summary"] == "Financial intelligence analyst."  # untouched by the PATCH
    status, mission = _send(
        api, "POST", f"/api/v1/experts/{created['id']}/missions/", {"title": "Assessment", "state": "PA", "year": 2025}
    )
    assert status == 201, mission
    for year in (timezone.localdate().year + 1, 10**20):
        status, refused = _send(
            api, "POST", f"/api/v1/experts/{created['id']}/missions/", {"title": "Later", "state": "PA", "year": year}
        )
        assert (status, list(refused)) == (400, ["year"])
    actions = list(AuditRecord.objects.filter(action__startswith="expert.").values_list("action", flat=True))
    assert sorted(actions) == ["expert.create", "expert.mission_add", "expert.update"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"skills": ["lock-picking"]}, "skills"),
        ({"languages": ["de"]}, "languages"),
        ({"hourly_rate": 300}, "hourly_rate"),
        ({"person": 999_999}, "person"),
        ({"person": "somebody"}, "person"),
        ({"skills": "port-security"}, "skills"),
        ({"languages": "es"}, "languages"),
        ({"available_from": "2027-01-10"}, "available_from"),  # the old single window: windows have their own page
        ({"summary": "x" * 2001}, "summary"),
    ],
)
def test_bad_roster_input_over_the_api_is_a_400_and_saves_nothing(
    body: dict[str, Any], field: str, persona: Callable[[str], User]
) -> None:
    person = make_person("PA")
    status, answer = _send(
        _api(persona("officer")), "POST", "/api/v1/experts/", {"person": person.pk, "languages": ["fr"], **body}
    )
    assert status == 400
    assert field in answer
    assert not Expert.objects.exists()
    person.refresh_from_db()
    assert person.languages == []


def test_a_patch_that_fails_changes_nothing(persona: Callable[[str], User]) -> None:
    expert = Expert.objects.create(person=make_person("TT", user=persona("expert")), summary="Before")
    expert.skills.set([Skill.objects.get(code="port-security")])
    api = _api(persona("expert"))
    # A field the entry no longer has (availability is kept in windows): refused, and nothing else changes.
    status, answer = _send(
        api,
        "PATCH",
        f"/api/v1/experts/{expert.pk}/",
        {"summary": "After", "languages": ["fr"], "skills": [], "available_until": "2027-04-01"},
    )
    assert status == 400
    assert "available_until" in answer
    expert.refresh_from_db()
    assert expert.summary == "Before"
    assert [s.code for s in expert.skills.all()] == ["port-security"]
    assert expert.person.languages == []
    status, answer = _send(api, "PATCH", f"/api/v1/experts/{expert.pk}/", {"person": make_person("TT").pk})
    assert status == 400
    assert "person" in answer  # the person of an entry cannot be changed: the field is unknown


def test_only_the_secretariat_creates_over_the_api_and_an_expert_patches_only_her_own(
    persona: Callable[[str], User],
) -> None:
    person = make_person("AR")
    for who in ("expert", "coordinator"):
        status, _answer = _send(_api(persona(who)), "POST", "/api/v1/experts/", {"person": person.pk})
        assert status == 404
    assert not Expert.objects.exists()
    other = Expert.objects.create(person=make_person("JM"))
    api = _api(persona("expert"))
    assert _send(api, "PATCH", f"/api/v1/experts/{other.pk}/", {"summary": "Mine now"})[0] == 404
    mission = {"title": "X", "state": "JM", "year": 2024}
    assert _send(api, "POST", f"/api/v1/experts/{other.pk}/missions/", mission)[0] == 404
    other.refresh_from_db()
    assert other.summary == ""
    assert not Mission.objects.exists()
