"""Query counts of the list pages are pinned: they must not grow with the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.accounts import actions
from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.common.testing import make_user
from enlace.notifications.actions import notify

pytestmark = pytest.mark.django_db

# (path, persona, queries): pinned numbers; a change must be deliberate.
PAGES = [
    ("/audit/", "admin", 10),
    ("/me/users/", "admin", 6),
    ("/me/tokens/", "focal_point", 5),
    ("/dashboard/", "focal_point", 6),
    ("/notifications/", "focal_point", 5),
]


def _grow(persona: Callable[[str], User], rows: int) -> None:
    """Add `rows` users, tokens and audit records so every list has more to show."""
    owner = persona("focal_point")
    for i in range(rows):
        make_user("focal_point", state="CL")
        actions.create_api_token(owner, actor=owner, name=f"t{i}", scope="read", days=5)
        record("test.row", actor=None, object_type="x", object_id=str(i))
        notify(user=owner, kind="test", title=f"Note {i}", url="/dashboard/")


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("path", "who", "expected"), PAGES)
def test_list_pages_use_a_fixed_number_of_queries(
    path: str, who: str, expected: int, client_as: Callable[[str], Client], persona: Callable[[str], Any]
) -> None:
    client = client_as(who)
    _count(client, path)  # warm-up: the first request after sign-in also saves the session
    _grow(persona, 3)
    few = _count(client, path)
    _grow(persona, 12)
    many = _count(client, path)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many == expected, f"{path}: {many} queries, pinned at {expected}"
