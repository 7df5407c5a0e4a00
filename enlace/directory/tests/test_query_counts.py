"""Query counts of the directory pages are pinned: they must not grow with the number of designations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.directory.models import Designation, Exercise, ExerciseDelivery, Network
from enlace.directory.testing import make_designation
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db

PAGES = [
    ("/directory/", 7),
    ("/directory/networks/counterterrorism/", 6),
    ("/directory/networks/counterterrorism/AR/reachable-now/", 13),
    ("/directory/designations/", 5),
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
