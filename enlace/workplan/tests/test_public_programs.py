"""The public programs page: delivered activities marked public, for anyone, without personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from enlace.accounts.models import User
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Program

pytestmark = pytest.mark.django_db


def _activity(title: str, *, status: int, public: bool, officer: User | None = None) -> Activity:
    return create_activity(
        actor=None,
        title=title,
        program=Program.objects.get(code="cybersecurity"),
        kind="training",
        modality="virtual",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 3),
        status=status,
        public=public,
        responsible_officer=officer,
        states=list(MemberState.objects.filter(iso2__in=["AR", "JM"])),
    )


def test_anyone_sees_the_public_delivered_activities_and_nothing_personal(
    client: Client, persona: Callable[[str], User]
) -> None:
    from enlace.workplan.participant_actions import import_attendance

    officer = persona("officer")
    shown = _activity("Incident response course", status=4, public=True, officer=officer)
    rows = "name,email,sex,state,status\nAna Pérez,ana@example.org,F,AR,completed"
    import_attendance(actor=None, activity=shown, data=rows.encode())
    _activity("Planned public course", status=1, public=True)  # not delivered yet
    _activity("Closed-door assessment", status=4, public=False)  # delivered, not public
    response = client.get("/workplan/public/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Incident response course" in page
    assert "Argentina" in page
    assert "Jamaica" in page
    assert "Planned public course" not in page
    assert "Closed-door assessment" not in page
    assert officer.full_name not in page
    assert "Ana Pérez" not in page
    assert "ana@example.org" not in page
    assert 'href="/workplan/public/"' in client.get("/").content.decode()


def test_the_form_and_the_api_set_the_public_flag(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity("Cyber diplomacy workshop", status=4, public=False)
    response = officer.patch(f"/api/v1/activities/{activity.pk}/", {"public": True}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["public"] is True
    officer.patch(f"/api/v1/activities/{activity.pk}/", {"title": "Renamed"}, content_type="application/json")
    activity.refresh_from_db()
    assert activity.public  # a PATCH without the flag keeps it
    assert "Renamed" in client_as("admin").get("/workplan/public/").content.decode()


def test_the_public_page_reads_a_fixed_number_of_queries(client: Client, django_assert_num_queries: Any) -> None:
    _activity("Course 0", status=4, public=True)
    client.get("/workplan/public/")  # warm-up
    with django_assert_num_queries(3):  # programs, activities, their member states
        assert client.get("/workplan/public/").status_code == 200
    for n in range(1, 6):
        _activity(f"Course {n}", status=3, public=True)
    with django_assert_num_queries(3):
        assert client.get("/workplan/public/").status_code == 200


def test_the_public_iati_file_holds_the_public_activities_only_and_validates(client: Client) -> None:
    from lxml import etree

    from enlace.workplan.tests.test_iati import schema

    _activity("Incident response course", status=4, public=True)
    _activity("Closed-door assessment", status=4, public=False)
    response = client.get("/workplan/public/iati.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    assert schema().validate(document), schema().error_log
    assert [t.text for t in document.findall("iati-activity/title/narrative")] == ["Incident response course"]
