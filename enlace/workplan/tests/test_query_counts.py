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
