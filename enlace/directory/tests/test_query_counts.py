"""Query counts of the directory pages are pinned: they must not grow with the number of rows they show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.accounts.models import User
from enlace.directory.models import (
    AvailabilityWindow,
    Certification,
    Designation,
    Exercise,
    ExerciseDelivery,
    Expert,
    MembershipApplication,
    Mission,
    Network,
    Skill,
)
from enlace.directory.testing import make_designation, make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db

PAGES = [
    ("/directory/", 7),
    ("/directory/networks/counterterrorism/", 6),
    ("/directory/networks/counterterrorism/AR/reachable-now/", 13),
    ("/directory/designations/", 5),
    ("/directory/designations/?q=Person", 7),  # + the matching people and institutions, one query each
    ("/directory/people/{person}/", 15),
]


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, path
    return len(queries)


def _grow(rows: int) -> None:
    for _ in range(rows):
        make_designation("AR", "counterterrorism", role="alternate")
        make_designation("UY", "unscr-1540", role="alternate")


@pytest.mark.parametrize(("template", "expected"), PAGES)
def test_directory_pages_use_a_fixed_number_of_queries(
    template: str, expected: int, client_as: Callable[[str], Client]
) -> None:
    first = make_designation("AR", "counterterrorism")
    path = template.format(person=first.person_id)
    client = client_as("officer")
    _count(client, path)  # warm-up: the first request after sign-in also saves the session
    _grow(2)
    few = _count(client, path)
    _grow(10)
    many = _count(client, path)
    assert Designation.objects.count() == 25
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


EXERCISE_PAGES = [
    ("/directory/exercises/", 7),
    ("/directory/exercises/{exercise}/", 8),
    ("/directory/exercises/over-time/counterterrorism/", 7),
]


def _exercise_with(states: list[str]) -> Exercise:
    from enlace.common.testing import make_user
    from enlace.directory import exercises

    for iso2 in states:
        if not Designation.objects.filter(state__iso2=iso2, network__code="counterterrorism", role="primary").exists():
            make_designation(iso2, "counterterrorism")
    exercise = exercises.launch(
        actor=make_user("secretariat_officer", program="cybersecurity"),
        network=Network.objects.get(code="counterterrorism"),
        states=MemberState.objects.filter(iso2__in=states),
        escalate_after=60,
        message="",
        channels=["email"],
    )
    for target in exercise.targets.all():  # delivered by hand: no mail server in this test
        ExerciseDelivery.objects.create(target=target, channel="email", delivered=True)
    return exercise


@pytest.mark.parametrize(("template", "expected"), EXERCISE_PAGES)
def test_exercise_pages_use_a_fixed_number_of_queries(
    template: str, expected: int, client_as: Callable[[str], Client]
) -> None:
    exercise = _exercise_with(["AR"])
    path = template.format(exercise=exercise.pk)
    client = client_as("officer")
    _count(client, path)
    few = _count(client, path)
    for _ in range(3):
        _exercise_with(["AR", "UY", "CL", "BR"])
    exercise.states.add(*MemberState.objects.filter(iso2__in=["UY", "CL", "BR"]))
    many = _count(client, path)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


ROSTER_AND_APPLICATION_PAGES = [
    ("/directory/experts/", 9),  # + the availability windows, one prefetch
    ("/directory/experts/{expert}/", 10),
    ("/directory/applications/", 5),
    ("/directory/applications/{application}/", 4),
]


def _fill(expert: Expert, n: int) -> None:
    """Give an entry skills, a certification, a mission and two availability windows."""
    expert.skills.add(*Skill.objects.order_by("pk")[n % 5 : n % 5 + 2])
    Certification.objects.create(
        expert=expert, name=f"Cert {n}", issuer="GIAC", obtained_on=date(2022, 1, 1), expires_on=date(2030, 1, 1)
    )
    Mission.objects.create(expert=expert, title=f"Workshop {n}", state=MemberState.objects.get(iso2="JM"), year=2024)
    AvailabilityWindow.objects.create(expert=expert, starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 1))
    AvailabilityWindow.objects.create(expert=expert, starts_on=date(2030, 3, 1), kind="partial")


def _application(applicant: User, n: int) -> MembershipApplication:
    return MembershipApplication.objects.create(
        network=Network.objects.get(code="csirtamericas"),
        state=MemberState.objects.get(iso2=("CO", "AR", "UY")[n % 3]),
        team_name=f"Team {n}",
        team_email=f"team{n}@example.org",
        applicant=applicant,
        document="applications/letter.pdf",
    )


@pytest.mark.parametrize(("template", "expected"), ROSTER_AND_APPLICATION_PAGES)
def test_roster_and_application_pages_use_a_fixed_number_of_queries(
    template: str, expected: int, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    first = Expert.objects.create(person=make_person("TT"))
    _fill(first, 0)
    applicant = persona("csirt_analyst")
    application = _application(applicant, 0)
    path = template.format(expert=first.pk, application=application.pk)
    client = client_as("officer")

    def grow(rows: int) -> None:
        for n in range(rows):
            _fill(Expert.objects.create(person=make_person(("TT", "JM", "BR")[n % 3])), n)
            _fill(first, n + 1)  # the detail page's own entry grows too
            _application(applicant, n + 1)

    _count(client, path)  # warm-up: the first request after sign-in also saves the session
    grow(2)
    few = _count(client, path)
    grow(10)
    many = _count(client, path)
    assert (Expert.objects.count(), MembershipApplication.objects.count()) == (13, 13)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"


def test_a_broad_search_finds_the_same_rows_through_the_subquery(
    client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from enlace.directory import filters

    for _ in range(3):
        make_designation("AR", "counterterrorism", role="alternate")
    client = client_as("officer")
    by_ids = [d.pk for d in client.get("/directory/designations/?q=Person").context["object_list"]]
    monkeypatch.setattr(filters, "SEARCH_ID_LIMIT", 1)  # more matches than the limit: the subquery path
    by_subquery = [d.pk for d in client.get("/directory/designations/?q=Person").context["object_list"]]
    assert len(by_ids) == 3
    assert by_subquery == by_ids


def test_the_roster_period_search_and_the_people_search_use_a_fixed_number_of_queries(
    client_as: Callable[[str], Client],
) -> None:
    client = client_as("officer")
    period = "/directory/experts/?available_from=2030-01-15&available_to=2030-04-01"
    people = "/directory/experts/new/people/?q=person"

    def grow(n: int) -> None:
        for i in range(n):
            expert = Expert.objects.create(person=make_person("TT"))
            _fill(expert, i)
            make_person("JM")  # one more person the people search finds

    _count(client, period)  # warm-up: the first request after sign-in also saves the session
    grow(2)
    few = (_count(client, period), _count(client, people))
    grow(10)
    many = (_count(client, period), _count(client, people))
    assert few == many
    assert many == (9, 4), many
    assert client.get(period).context["paginator"].count == 12  # every entry's first window meets the period
