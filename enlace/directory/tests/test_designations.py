"""The designation chain: a state nominates, the Secretariat validates, either may end it — and refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import Designation, DesignationStatus
from enlace.directory.testing import join, make_designation, make_person

pytestmark = pytest.mark.django_db


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _nominate(api: Client, **body: object) -> tuple[int, dict[str, object]]:
    response = api.post("/api/v1/designations/", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_coordinator_nominates_and_secretariat_validates(persona: Callable[[str], User]) -> None:
    join("AR", "counterterrorism")
    candidate = make_person("AR")
    status, body = _nominate(
        _api(persona("coordinator")),
        network="counterterrorism",
        state="AR",
        person=candidate.pk,
        role="primary",
        note_verbale_number="NV-ARG-101/2026",
        note_verbale_date="2026-11-20",
    )
    assert status == 201, body
    assert body["status"] == "proposed"
    designation = Designation.objects.get(pk=body["id"])
    assert designation.nominated_by == persona("coordinator")

    refused = _api(persona("coordinator")).post(f"/api/v1/designations/{designation.pk}/validate/")
    assert refused.status_code == 404  # only the Secretariat validates
    validated = _api(persona("officer")).post(f"/api/v1/designations/{designation.pk}/validate/")
    assert validated.status_code == 200
    assert validated.json()["status"] == "active"
    trail = AuditRecord.objects.filter(object_type="directory.designation", object_id=str(designation.pk))
    actions = list(trail.values_list("action", flat=True))
    assert actions == ["designation.validate", "designation.nominate"]


def test_coordinator_cannot_nominate_for_another_state(persona: Callable[[str], User]) -> None:
    join("UY", "counterterrorism")
    foreigner = make_person("UY")
    status, _body = _nominate(
        _api(persona("coordinator")), network="counterterrorism", state="UY", person=foreigner.pk, role="primary"
    )
    assert status == 400
    assert not Designation.objects.exists()


def test_focal_point_cannot_nominate(persona: Callable[[str], User]) -> None:
    join("CL", "counterterrorism")
    status, _body = _nominate(
        _api(persona("focal_point")),
        network="counterterrorism",
        state="CL",
        person=make_person("CL").pk,
        role="primary",
    )
    assert status == 404
    assert not Designation.objects.exists()


def test_a_state_that_does_not_take_part_cannot_designate(persona: Callable[[str], User]) -> None:
    status, body = _nominate(
        _api(persona("coordinator")), network="unscr-1540", state="AR", person=make_person("AR").pk, role="primary"
    )
    assert status == 400
    assert "network" in body


def test_second_active_primary_is_refused_with_a_clear_message(persona: Callable[[str], User]) -> None:
    make_designation("AR", "counterterrorism", role="primary")
    status, body = _nominate(
        _api(persona("coordinator")),
        network="counterterrorism",
        state="AR",
        person=make_person("AR").pk,
        role="primary",
    )
    assert status == 201
    response = _api(persona("officer")).post(f"/api/v1/designations/{body['id']}/validate/")
    assert response.status_code == 400
    assert "active primary" in json.dumps(response.json())
    assert Designation.objects.get(pk=body["id"]).status == DesignationStatus.PROPOSED


def test_deputy_needs_dates_and_periods_may_not_overlap(persona: Callable[[str], User]) -> None:
    api = _api(persona("coordinator"))
    join("AR", "counterterrorism")
    status, body = _nominate(api, network="counterterrorism", state="AR", person=make_person("AR").pk, role="deputy")
    assert status == 400
    assert "ends_on" in body
    first = dict(network="counterterrorism", state="AR", role="deputy", starts_on="2026-12-01", ends_on="2026-12-31")
    assert _nominate(api, person=make_person("AR").pk, **first)[0] == 201
    overlapping = {**first, "starts_on": "2026-12-20", "ends_on": "2027-01-10"}
    status, body = _nominate(api, person=make_person("AR").pk, **overlapping)
    assert status == 400
    assert "starts_on" in body
    assert Designation.objects.count() == 1


def test_removal_needs_a_reason_and_is_audited(persona: Callable[[str], User]) -> None:
    designation = make_designation("AR", "counterterrorism")
    api = _api(persona("coordinator"))
    assert (
        api.post(f"/api/v1/designations/{designation.pk}/remove/", "{}", content_type="application/json").status_code
        == 400
    )
    response = api.post(
        f"/api/v1/designations/{designation.pk}/remove/",
        json.dumps({"reason": "Retired on 2026-11-30"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "removed"
    entry = AuditRecord.objects.get(action="designation.remove")
    assert entry.reason == "Retired on 2026-11-30"


def test_nomination_page_flow(client_as: Callable[[str], Client]) -> None:
    join("AR", "aviation-security")
    person = make_person("AR")
    client = client_as("coordinator")
    form = client.get("/directory/designations/nominate/")
    assert form.status_code == 200
    assert person.full_name in form.content.decode()
    response = client.post(
        "/directory/designations/nominate/",
        {
            "network": _network_id("aviation-security"),
            "state": _state_id("AR"),
            "person": person.pk,
            "role": "primary",
            "starts_on": date(2026, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Designation.objects.get(person=person).status == DesignationStatus.PROPOSED


def test_nomination_page_refuses_a_person_of_another_state(client_as: Callable[[str], Client]) -> None:
    join("AR", "aviation-security")
    foreigner = make_person("UY")
    response = client_as("coordinator").post(
        "/directory/designations/nominate/",
        {
            "network": _network_id("aviation-security"),
            "state": _state_id("AR"),
            "person": foreigner.pk,
            "role": "primary",
        },
    )
    assert response.status_code == 400
    assert not Designation.objects.exists()


def _network_id(code: str) -> int:
    from enlace.directory.models import Network

    return Network.objects.get(code=code).pk


def _state_id(iso2: str) -> int:
    from enlace.geo.models import MemberState

    return MemberState.objects.get(iso2=iso2).pk
