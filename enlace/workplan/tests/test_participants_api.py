"""The participants API writes what the pages write: attendance lists (every row or none), certificates and
gender targets, with the same permissions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import make_user
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Certificate, GenderTarget, Participation, Program

pytestmark = pytest.mark.django_db
GOOD = "name,email,sex,state,status\nAna,ana@example.org,F,AR,completed\nLuis,luis@example.org,M,UY,attended\n"
BAD = "name,email,sex,state,status\nAna,ana@example.org,F,AR,completed\nLuis,luis@example.org,X,ZZ,attended\n"


def _activity(program: str = "cybersecurity") -> Activity:
    return create_activity(
        actor=None,
        title="Incident response course",
        program=Program.objects.get(code=program),
        kind="training",
        modality="virtual",
        starts_on=date(2026, 3, 1),
        states=list(MemberState.objects.filter(iso2="AR")),
    )


def _bearer(user: User) -> Client:
    from enlace.accounts.actions import create_api_token

    _token, secret = create_api_token(user, actor=user, name="test", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _upload(client: Client, activity: Activity, text: str, **extra: str) -> object:
    data = {"file": SimpleUploadedFile("list.csv", text.encode(), "text/csv"), **extra}
    return client.post(f"/api/v1/activities/{activity.pk}/attendance/", data)


def test_a_list_is_checked_then_imported_whole_and_problems_write_nothing(persona: Callable[[str], User]) -> None:
    officer = _bearer(persona("officer"))
    activity = _activity()
    dry = _upload(officer, activity, GOOD, dry_run="true")
    assert dry.status_code == 200, dry.content
    assert dry.json() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 0, "dry_run": True}
    assert not Participation.objects.exists()
    bad = _upload(officer, activity, BAD)
    assert bad.status_code == 400
    assert {(p["row"], p["column"]) for p in bad.json()} >= {(3, "sex"), (3, "state")}
    assert not Participation.objects.exists()
    done = _upload(officer, activity, GOOD)
    assert done.json() == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "dry_run": False}
    again = _upload(officer, activity, GOOD)
    assert again.json()["created"] == 0
    assert Participation.objects.filter(activity=activity).count() == 2
    assert AuditRecord.objects.filter(action="participation.import").count() == 2
    assert _upload(officer, activity, "not,a\x00list").status_code == 400


def test_certificates_are_issued_once_and_verifiable(persona: Callable[[str], User]) -> None:
    officer = _bearer(persona("officer"))
    activity = _activity()
    _upload(officer, activity, GOOD)
    first = officer.post(f"/api/v1/activities/{activity.pk}/certificates/")
    assert first.status_code == 200
    assert first.json()["issued"] == 2
    code = first.json()["codes"][0]
    assert Client().get(f"/workplan/certificates/verify/{code}/").status_code == 200
    assert officer.post(f"/api/v1/activities/{activity.pk}/certificates/").json() == {"issued": 0, "codes": []}
    assert Certificate.objects.count() == 2


def test_writes_follow_the_pages_permissions(persona: Callable[[str], User]) -> None:
    other_program = _activity("border-security")
    officer = _bearer(persona("officer"))  # cybersecurity only
    assert _upload(officer, other_program, GOOD).status_code == 404
    assert officer.post(f"/api/v1/activities/{other_program.pk}/certificates/").status_code == 404
    coordinator = _bearer(persona("coordinator"))
    assert _upload(coordinator, _activity(), GOOD).status_code == 404
    assert not Participation.objects.exists()
    target = {"program": "border-security", "share_percent": 35, "from_year": 2026}
    assert officer.post("/api/v1/gender-targets/", target, content_type="application/json").status_code == 404
    admin = _bearer(make_user("secretariat_admin"))
    assert admin.post("/api/v1/gender-targets/", target, content_type="application/json").status_code == 201
    assert GenderTarget.objects.get(program__code="border-security", from_year=2026).share_percent == 35
    wrong = {**target, "share_percent": 140}
    assert admin.post("/api/v1/gender-targets/", wrong, content_type="application/json").status_code == 400
