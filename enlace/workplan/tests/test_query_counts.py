"""Query counts of the work-plan pages and API are pinned: they do not grow with plans, programs or activities."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.common.testing import make_user, sign_in
from enlace.workplan.actions import import_plan
from enlace.workplan.models import WorkPlan
from enlace.workplan.testing import seed_bytes, spanish_bytes

pytestmark = pytest.mark.django_db

PAGES = [
    ("/workplan/", 5),
    ("/workplan/2021-2022/", 7),
    ("/workplan/2021-2022/changes/", 11),
    ("/api/v1/workplans/", 4),
    ("/api/v1/workplans/2021-2022/", 7),
]


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _plans(big: bool) -> None:
    """Two plans (2019-2020, 2021-2022) of the small Spanish slice, or the whole seed and two more terms."""
    WorkPlan.objects.all().delete()
    data = seed_bytes() if big else spanish_bytes()
    terms = ["2019-2020", "2021-2022", "2023-2024", "2025-2026"] if big else ["2019-2020", "2021-2022"]
    for term in terms:
        import_plan(actor=None, data=data, filename="plan.txt", term=term)


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_workplan_pages_use_a_fixed_number_of_queries(path: str, expected: int) -> None:
    client = sign_in(Client(), make_user("focal_point", state="CL"))
    _plans(big=False)
    _count(client, path)  # warm-up: the first request after sign-in also saves the session
    few = _count(client, path)
    _plans(big=True)
    many = _count(client, path)
    assert few == many, f"{path}: {few} queries with a small plan, {many} with the seed"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


def _participants(activity_count: int, people: int) -> list[int]:
    """Activities of two programs, each with `people` participants (half women), half certified."""
    from datetime import date

    from enlace.geo.models import MemberState
    from enlace.workplan.actions import create_activity
    from enlace.workplan.models import Program
    from enlace.workplan.participant_actions import import_attendance, issue_certificates, set_gender_target

    ids = []
    for n in range(activity_count):
        program = Program.objects.get(code="cybersecurity" if n % 2 == 0 else "border-security")
        activity = create_activity(
            actor=None,
            title=f"Course {n}",
            program=program,
            kind="training",
            modality="virtual",
            starts_on=date(2021 + n % 3, 5, 1),
            states=list(MemberState.objects.filter(iso2="AR")),
        )
        rows = ["name,email,sex,state,institution type,status"]
        for i in range(people):
            state, status = ("AR" if i % 3 else "UY"), ("completed" if i % 2 else "attended")
            rows.append(f"P{n}-{i},p{n}-{i}@example.org,{1 + i % 2},{state},csirt,{status}")
        import_attendance(actor=None, activity=activity, data="\n".join(rows).encode())
        if n % 2 == 0:
            issue_certificates(actor=None, activity=activity)
        set_gender_target(actor=None, program=program, share_percent=40, from_year=2021 + n % 3)
        ids.append(activity.pk)
    return ids


PARTICIPANT_PAGES = [
    ("/workplan/activities/{pk}/participants/", 10),  # with the audit record of the read
    # the officer may change it: her page also lists the partner and budget forms' choices
    ("/workplan/activities/{pk}/", {"secretariat_officer": 12, "national_coordinator": 11}),
    ("/workplan/gender/", 6),
    ("/workplan/gender/cybersecurity/", 6),
    ("/workplan/participants/counts/", 12),  # with the audit record of the read
    ("/api/v1/participations/?activity={pk}", 6),
    ("/api/v1/gender/", 7),
    ("/api/v1/gender/cybersecurity/", 7),
    ("/api/v1/participant-counts/?program=cybersecurity", 13),  # with the audit record of the read,
]


@pytest.mark.parametrize(("path", "expected"), PARTICIPANT_PAGES)
@pytest.mark.parametrize("who", ["secretariat_officer", "national_coordinator"])
def test_participant_pages_use_a_fixed_number_of_queries(path: str, expected: int | dict[str, int], who: str) -> None:
    expected = expected[who] if isinstance(expected, dict) else expected
    extra = {"program": "cybersecurity"} if who == "secretariat_officer" else {"state": "AR"}
    client = sign_in(Client(), make_user(who, **extra))
    (first,) = _participants(1, 2)
    url = path.format(pk=first)
    _count(client, url)
    few = _count(client, url)
    from enlace.workplan.models import Activity

    Activity.objects.all().delete()
    (first, *_rest) = _participants(4, 12)
    url = path.format(pk=first)
    many = _count(client, url)
    assert few == many, f"{path}: {few} queries with few participants, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"
