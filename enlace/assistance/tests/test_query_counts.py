"""Query counts of the assistance list pages are pinned: they must not grow with requests or missions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.accounts.models import User
from enlace.assistance.testing import make_mission, make_request

pytestmark = pytest.mark.django_db

PAGES = [
    ("/assistance/requests/", "officer", 5),
    ("/assistance/requests/?status=submitted&state=AR", "coordinator", 5),
    ("/assistance/missions/", "officer", 5),
    ("/assistance/missions/", "coordinator", 5),
    ("/assistance/follow-up/", "coordinator", 6),
]


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _grow(persona: Callable[[str], User], rows: int) -> None:
    for _ in range(rows):
        make_request(persona("coordinator"), document=False)
        make_mission(persona("admin"), "AR")


@pytest.mark.parametrize(("path", "who", "expected"), PAGES)
def test_list_pages_run_a_fixed_number_of_queries(
    path: str, who: str, expected: int, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as(who)
    _grow(persona, 1)
    client.get(path)  # the first page after signing in also refreshes the session
    first = _count(client, path)
    _grow(persona, 5)
    second = _count(client, path)
    assert (first, second) == (expected, expected)
