"""Activities over HTTP: an officer records and changes activities of her programs (audited), coordinators see
their states' activities, and the coverage of a plan shows what implements each mandate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity, import_plan
from enlace.workplan.models import Activity, Program, ProposedActivity, WorkPlan
from enlace.workplan.testing import seed_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> WorkPlan:
    return import_plan(actor=None, data=seed_bytes(), filename="seed.txt").plan


def _mandates(plan: WorkPlan, n: int) -> list[ProposedActivity]:
    return list(ProposedActivity.objects.filter(plan_program__plan=plan).order_by("source_line")[:n])


def _activity(program: str = "cybersecurity", states: tuple[str, ...] = ("AR",), **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "title": f"{program} training",
        "program": Program.objects.get(code=program),
        "kind": "training",
        "modality": "virtual",
        "starts_on": date(2022, 5, 10),
        "states": list(MemberState.objects.filter(iso2__in=states)),
        **fields,
    }
    return create_activity(actor=None, **values)


def _form(program: str, mandates: list[ProposedActivity], **overrides: str) -> dict[str, Any]:
    return {
        "title": "Incident response course for CSIRTs",
        "program": str(Program.objects.get(code=program).pk),
        "kind": "course",
        "modality": "hybrid",
        "starts_on": "2022-04-04",
        "ends_on": "2022-04-08",
        "venue": "Bogotá and online",
        "states": [str(MemberState.objects.get(iso2="CO").pk)],
        "status": "2",
        "implements": [str(m.pk) for m in mandates],
        "responsible_officer": "",
        **overrides,
    }


def test_an_officer_records_an_activity_implementing_two_mandates(
    client_as: Callable[[str], Client], plan: WorkPlan
) -> None:
    officer = client_as("officer")
    mandates = _mandates(plan, 2)
    assert officer.get("/workplan/activities/new/").status_code == 200
    response = officer.post("/workplan/activities/new/", _form("cybersecurity", mandates))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert response["Location"] == f"/workplan/activities/{activity.pk}/"
    assert (activity.kind, activity.modality, activity.status) == ("course", "hybrid", 2)
    assert set(activity.implements.all()) == set(mandates)
    created = AuditRecord.objects.get(action="activity.create")
    assert created.changes["implements"] == sorted(m.pk for m in mandates)
    page = officer.get(f"/workplan/activities/{activity.pk}/").content.decode()
    assert mandates[0].text in page


def test_an_officer_works_in_her_own_programs_only(client_as: Callable[[str], Client], plan: WorkPlan) -> None:
    officer = client_as("officer")  # runs the cybersecurity program
    response = officer.post("/workplan/activities/new/", _form("border-security", _mandates(plan, 1)))
    assert response.status_code == 400
    assert "program" in response.context["form"].errors
    other = _activity("border-security")
    assert officer.get(f"/workplan/activities/{other.pk}/").status_code == 200  # she sees it
    assert officer.get(f"/workplan/activities/{other.pk}/edit/").status_code == 404  # she may not change it
    assert officer.post(f"/workplan/activities/{other.pk}/edit/", _form("cybersecurity", [])).status_code == 404
    assert Activity.objects.count() == 1


def test_changes_are_audited_field_by_field_and_bad_dates_are_refused(
    client_as: Callable[[str], Client], plan: WorkPlan
) -> None:
    officer = client_as("officer")
    mandates = _mandates(plan, 3)
    officer.post("/workplan/activities/new/", _form("cybersecurity", mandates[:1]))
    activity = Activity.objects.get()
    url = f"/workplan/activities/{activity.pk}/edit/"
    assert officer.get(url).status_code == 200
    response = officer.post(url, _form("cybersecurity", mandates, status="4"))
    assert response.status_code == 302
    update = AuditRecord.objects.get(action="activity.update")
    assert set(update.changes) == {"status", "implements"}
    assert update.changes["status"] == [2, 4]
    officer.post(url, _form("cybersecurity", mandates, status="4"))  # the same again: nothing changed
    assert AuditRecord.objects.filter(action="activity.update").count() == 1
    bad = officer.post(url, _form("cybersecurity", mandates, ends_on="2022-04-01"))
    assert bad.status_code == 400
    assert "ends_on" in bad.context["form"].errors
    activity.refresh_from_db()
    assert activity.ends_on == date(2022, 4, 8)


def test_coordinators_see_their_states_activities_and_others_see_none(
    client_as: Callable[[str], Client], persona: Callable[[str], User], plan: WorkPlan
) -> None:
    argentina = _activity(states=("AR", "UY"))
    chile = _activity(states=("CL",))
    coordinator = client_as("coordinator")  # Argentina
    listing = coordinator.get("/workplan/activities/")
    assert list(listing.context["object_list"]) == [argentina]
    assert coordinator.get(f"/workplan/activities/{argentina.pk}/").status_code == 200
    assert coordinator.get(f"/workplan/activities/{chile.pk}/").status_code == 404
    assert coordinator.get(f"/workplan/activities/{argentina.pk}/edit/").status_code == 404
    assert coordinator.get("/workplan/2021-2022/coverage/").status_code == 404
    for who in ("focal_point", "donor", "expert"):
        assert client_as(who).get("/workplan/activities/").status_code == 404


def test_the_coverage_shows_what_implements_each_mandate_and_what_is_missing(
    client_as: Callable[[str], Client], plan: WorkPlan
) -> None:
    first, second, third = _mandates(plan, 3)
    _activity(title="Strategy workshop", implements=[first, second])
    _activity(title="Awareness campaign", implements=[second, third])
    loose = _activity(title="A webinar nobody asked for")
    _activity(title="Before the term", starts_on=date(2019, 6, 1))
    response = client_as("officer").get("/workplan/2021-2022/coverage/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert (coverage.mandates, coverage.covered, len(coverage.uncovered)) == (61, 3, 58)
    assert [a.title for a in coverage.unmandated] == [loose.title]
    cyber = coverage.programs[0]
    found = {m.pk: [a.title for a in m.implementing] for m in cyber.activities.all()}
    assert found[second.pk] == ["Strategy workshop", "Awareness campaign"]
    assert found[ProposedActivity.objects.get(plan_program=cyber, position=4).pk] == []
    assert "Nothing yet" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/workplan/activities/", 7),  # + the programs whose reports the user may read
        ("/workplan/2021-2022/coverage/", 9),
        ("/api/v1/activities/", 10),  # + the partners and budgets prefetched
        ("/api/v1/workplans/2021-2022/coverage/", 10),
    ],
)
def test_activity_pages_use_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], plan: WorkPlan, path: str, expected: int
) -> None:
    client = client_as("officer")
    mandates = _mandates(plan, 20)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    _activity(implements=mandates[:1])
    count()  # warm-up
    few = count()
    for n in range(8):
        _activity(title=f"training {n}", states=("AR", "CL", "CO"), implements=mandates[n : n + 3])
        _activity(title=f"no mandate {n}")
    many = count()
    assert few == many, f"{path}: {few} queries with one activity, {many} with seventeen"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


def _api(user: User) -> Client:
    from enlace.accounts.actions import create_api_token

    _token, secret = create_api_token(user, actor=user, name="t", scope="read", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_lists_activities_through_the_policy_and_gives_the_coverage(
    persona: Callable[[str], User], plan: WorkPlan
) -> None:
    first, second = _mandates(plan, 2)
    argentina = _activity(title="Strategy workshop", states=("AR",), implements=[first, second])
    chile = _activity(title="Chilean course", states=("CL",))
    officer = _api(persona("officer"))
    rows = officer.get("/api/v1/activities/").json()
    assert {r["title"] for r in rows["results"]} == {argentina.title, chile.title}
    one = officer.get(f"/api/v1/activities/{argentina.pk}/").json()
    assert (one["program"], one["states"], one["status"]) == ("cybersecurity", ["AR"], 1)
    assert sorted(one["implements"]) == sorted([first.pk, second.pk])
    coordinator = _api(persona("coordinator"))
    assert [r["title"] for r in coordinator.get("/api/v1/activities/").json()["results"]] == [argentina.title]
    assert coordinator.get(f"/api/v1/activities/{chile.pk}/").status_code == 404
    assert coordinator.get("/api/v1/workplans/2021-2022/coverage/").status_code == 404
    found = officer.get("/api/v1/workplans/2021-2022/coverage/").json()
    assert (found["mandates"], found["covered"]) == (61, 2)
    assert found["proposed_activities"][0] == {"id": first.pk, "text": first.text, "implemented_by": [argentina.pk]}
    assert found["activities_without_mandate"] == [chile.pk]
