"""People: added and edited by their coordinator, confirmed in one click, flagged when overdue."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.directory.models import Institution, InstitutionKind, Person
from enlace.directory.testing import make_designation, make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _institution(iso2: str) -> Institution:
    return Institution.objects.create(
        name=f"Ministry {iso2}", state=MemberState.objects.get(iso2=iso2), kind=InstitutionKind.GOVERNMENT
    )


def _form(institution: Institution, **overrides: object) -> dict[str, object]:
    return {
        "full_name": "Valentina Ruiz",
        "position": "Director",
        "institution": institution.pk,
        "languages": ["es", "en"],
        "time_zone": "America/Argentina/Buenos_Aires",
        "on_call_hours": json.dumps({"0": [["08:00", "18:00"]]}),
        **overrides,
    }


def test_coordinator_adds_a_person_of_her_state(client_as: Callable[[str], Client]) -> None:
    response = client_as("coordinator").post("/directory/people/new/", _form(_institution("AR")))
    assert response.status_code == 302
    person = Person.objects.get(full_name="Valentina Ruiz")
    assert person.on_call_hours == {"0": [["08:00", "18:00"]]}
    assert AuditRecord.objects.filter(action="person.create", changes__state="AR").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("on_call_hours", json.dumps({"8": [["08:00", "18:00"]]})),
        ("on_call_hours", json.dumps({"0": [["18:00", "08:00"]]})),
        ("on_call_hours", json.dumps({"0": [["8am", "6pm"]]})),
        ("full_name", ""),
    ],
)
def test_bad_person_input_is_refused_and_nothing_is_saved(
    field: str, value: object, client_as: Callable[[str], Client]
) -> None:
    response = client_as("coordinator").post("/directory/people/new/", _form(_institution("AR"), **{field: value}))
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_coordinator_cannot_add_a_person_to_another_states_institution(client_as: Callable[[str], Client]) -> None:
    response = client_as("coordinator").post("/directory/people/new/", _form(_institution("UY")))
    assert response.status_code == 400  # the institution is not among her choices
    assert not Person.objects.exists()


def test_overdue_record_is_flagged_and_confirmed_in_one_click(client_as: Callable[[str], Client]) -> None:
    designation = make_designation("AR", "counterterrorism")
    person = designation.person
    Person.objects.filter(pk=person.pk).update(last_attested_at=timezone.now() - timedelta(days=200))
    client = client_as("coordinator")
    page = client.get(f"/directory/people/{person.pk}/")
    assert page.context["freshness"].overdue
    assert page.context["freshness"].confidence == "low"
    assert client.post(f"/directory/people/{person.pk}/confirm/").status_code == 302
    page = client.get(f"/directory/people/{person.pk}/")
    assert not page.context["freshness"].overdue
    assert page.context["freshness"].confidence == "medium"  # still no answered reachability check
    assert AuditRecord.objects.filter(action="person.confirm").count() == 1


def test_network_members_cannot_edit_or_confirm_others(client_as: Callable[[str], Client]) -> None:
    person = make_person("UY")
    client = client_as("coordinator")
    assert client.post(f"/directory/people/{person.pk}/confirm/").status_code == 404
    assert client.get(f"/directory/people/{person.pk}/edit/").status_code == 404
