"""Query counts of the directory pages are pinned: they must not grow with the number of designations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.directory.models import Designation
from enlace.directory.testing import make_designation

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
