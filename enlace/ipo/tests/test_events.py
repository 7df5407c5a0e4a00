"""The major events registry through HTTP: who adds, proposes, validates and edits; focal points; calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import DesignationStatus
from enlace.directory.testing import make_designation
from enlace.ipo.models import EventStatus, MajorEvent
from enlace.ipo.testing import make_event

pytestmark = pytest.mark.django_db

Personas = Callable[[str], Client]


def _form(state_pk: int, **extra: str) -> dict[str, object]:
    return {
        "name_en": "Pan American Games",
        "name_es": "Juegos Panamericanos",
        "kind": "sports",
        "host_state": state_pk,
        "cities": "Lima",
        "starts_on": "2027-07-23",
        "ends_on": "2027-08-08",
        "expected_attendance": "500000",
        "access": "members",
        **extra,
    }


def _ar() -> int:
    from enlace.geo.models import MemberState

    return MemberState.objects.get(iso2="AR").pk


def test_an_officer_adds_a_validated_event_and_it_is_audited(client_as: Personas) -> None:
    response = client_as("officer").post("/ipo/events/new/", _form(_ar()))
    assert response.status_code == 302
    event = MajorEvent.objects.get()
    assert event.validated
    assert event.name_es == "Juegos Panamericanos"
    assert AuditRecord.objects.filter(action="ipo.event.create", object_id=str(event.pk)).exists()


def test_a_coordinator_proposes_for_her_state_and_the_secretariat_validates(
    client_as: Personas, persona: Callable[[str], User]
) -> None:
    coordinator = client_as("coordinator")
    assert coordinator.post("/ipo/events/new/", _form(_ar())).status_code == 302
    event = MajorEvent.objects.get()
    assert not event.validated
    assert coordinator.get(f"/ipo/events/{event.pk}/").status_code == 200
    focal = client_as("focal_point")
    assert focal.get(f"/ipo/events/{event.pk}/").status_code == 404  # a proposal is not out yet
    assert coordinator.post(f"/ipo/events/{event.pk}/validate/").status_code == 404
    assert coordinator.get(f"/ipo/events/{event.pk}/edit/").status_code == 404
    officer = client_as("officer")
    assert officer.post(f"/ipo/events/{event.pk}/validate/").status_code == 302
    event.refresh_from_db()
    assert event.validated
    assert officer.post(f"/ipo/events/{event.pk}/validate/").status_code == 409
    assert focal.get(f"/ipo/events/{event.pk}/").status_code == 200
    assert AuditRecord.objects.filter(action="ipo.event.validate").count() == 1


def test_a_coordinator_cannot_propose_for_another_state_nor_may_a_focal_point_propose(client_as: Personas) -> None:
    from enlace.geo.models import MemberState

    chile = MemberState.objects.get(iso2="CL").pk
    assert client_as("coordinator").post("/ipo/events/new/", _form(chile)).status_code == 400
    assert client_as("focal_point").post("/ipo/events/new/", _form(chile)).status_code == 404
    assert not MajorEvent.objects.exists()


def test_an_end_before_the_start_is_refused_in_the_users_language_without_a_write(client_as: Personas) -> None:
    with translation.override("en"):
        response = client_as("officer").post("/ipo/events/new/", _form(_ar(), ends_on="2027-07-01"))
    assert response.status_code == 400
    assert not MajorEvent.objects.exists()


def test_an_officer_edits_and_the_change_is_audited(client_as: Personas) -> None:
    event = make_event("AR")
    response = client_as("officer").post(f"/ipo/events/{event.pk}/edit/", _form(_ar(), cities="Buenos Aires"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.cities == "Buenos Aires"
    change = AuditRecord.objects.get(action="ipo.event.change")
    assert change.changes["cities"] == "Buenos Aires"


def test_focal_points_come_from_the_directory_under_its_own_policy(client_as: Personas) -> None:
    event = make_event("AR", access="members")
    designation = make_designation("AR", "major-events-maritime", status=DesignationStatus.ACTIVE)
    name = designation.person.full_name
    assert name in client_as("officer").get(f"/ipo/events/{event.pk}/").content.decode()
    assert name in client_as("coordinator").get(f"/ipo/events/{event.pk}/").content.decode()
    # A focal point of Chile without a designation in that network sees the event, not the contact.
    page = client_as("focal_point").get(f"/ipo/events/{event.pk}/")
    assert page.status_code == 200
    assert name not in page.content.decode()


def test_the_status_is_derived_from_the_dates() -> None:
    today = timezone.localdate()
    assert make_event(starts_on=today + timedelta(days=3), ends_on=today + timedelta(days=5)).status == "planned"
    assert make_event(starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=1)).status == "ongoing"
    assert make_event(starts_on=date(2019, 1, 22), ends_on=date(2019, 1, 27)).status == EventStatus.PAST


def test_the_calendar_shows_the_month_as_a_table_and_refuses_a_bad_month(client_as: Personas) -> None:
    shown = make_event("BR", name_en="Carnival in Rio", starts_on=date(2027, 2, 5), ends_on=date(2027, 2, 10))
    hidden = make_event("BR", access="secretariat", name_en="Closed planning", starts_on=date(2027, 2, 1))
    client = client_as("focal_point")
    page = client.get("/ipo/events/calendar/?year=2027&month=2").content.decode()
    assert "<caption" in page
    assert shown.name_en in page
    assert hidden.name_en not in page
    assert page.count(f"/ipo/events/{shown.pk}/") >= 6  # one link per day under way, plus the month's list
    assert client.get("/ipo/events/calendar/?year=2027&month=13").status_code == 404
    assert client.get("/ipo/events/calendar/?year=abc").status_code == 404
    partial = client.get("/ipo/events/calendar/?year=2027&month=3", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()


def test_the_list_filters_by_state_and_year(client_as: Personas) -> None:
    make_event("AR", name_en="Buenos Aires Marathon", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 1))
    make_event("PA", name_en="World Youth Day", starts_on=date(2019, 1, 22), ends_on=date(2019, 1, 27))
    client = client_as("focal_point")
    page = client.get("/ipo/events/?state=pa&year=2019").content.decode()
    assert "World Youth Day" in page
    assert "Buenos Aires Marathon" not in page
    assert client.get("/ipo/events/?year=abc").status_code == 200  # an invalid filter shows nothing, no 500


def test_the_api_follows_the_same_policy(client_as: Personas) -> None:
    body = {"name_en": "Summit", "kind": "summit", "host_state": "AR", "starts_on": "2027-04-01",
            "ends_on": "2027-04-03", "access": "public"}  # fmt: skip
    officer = client_as("officer")
    created = officer.post("/api/v1/major-events/", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["validated"] is True
    pk = created.json()["id"]
    coordinator = client_as("coordinator")
    proposed = coordinator.post("/api/v1/major-events/", body, content_type="application/json")
    assert proposed.status_code == 201
    assert proposed.json()["validated"] is False
    refused = coordinator.post("/api/v1/major-events/", {**body, "host_state": "CL"}, content_type="application/json")
    assert refused.status_code == 400
    patch = coordinator.patch(f"/api/v1/major-events/{pk}/", {"cities": "X"}, content_type="application/json")
    assert patch.status_code == 404
    focal = client_as("focal_point")
    assert focal.post("/api/v1/major-events/", body, content_type="application/json").status_code == 404
    assert [e["id"] for e in focal.get("/api/v1/major-events/").json()["results"]] == [pk]
    validate = officer.post(f"/api/v1/major-events/{proposed.json()['id']}/validate/")
    assert validate.status_code == 200
    assert validate.json()["validated"] is True
