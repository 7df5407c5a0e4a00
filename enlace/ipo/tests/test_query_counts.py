"""Query counts of the IPO pages are pinned: they must not grow with events or lessons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.accounts.models import User
from enlace.directory.testing import make_designation
from enlace.ipo.testing import make_event, make_lesson
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db

PAGES = [
    ("/ipo/events/", "focal_point", 5),
    ("/ipo/events/?q=games&state=br&year=2027", "focal_point", 5),
    ("/ipo/events/calendar/?year=2027&month=3", "focal_point", 4),
    ("/ipo/events/{event}/", "officer", 9),  # +2: the linked documents and the works to link
    ("/ipo/lessons/", "coordinator", 5),
    ("/ipo/lessons/?q=games&stage=validated", "coordinator", 5),
    ("/ipo/lessons/{lesson}/", "officer", 8),
    ("/ipo/public/events/", "anonymous", 2),
    ("/ipo/public/lessons/", "anonymous", 2),
]


def _grow(officer: User, rows: int) -> tuple[int, int]:
    program = Program.objects.first()
    first_event = first_lesson = 0
    for _n in range(rows):
        dates = {"starts_on": date(2027, 3, 1), "ends_on": date(2027, 3, 20)}
        event = make_event("BR", access="public", name_en="Games", **dates)
        lesson = make_lesson(officer, access="public", title="Games", event=event, program=program, state="AR")
        make_lesson(officer, access="state", title="Games lesson", event=event, state="AR")
        first_event, first_lesson = first_event or event.pk, first_lesson or lesson.pk
    return first_event, first_lesson


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("template", "who", "expected"), PAGES)
def test_ipo_pages_use_a_fixed_number_of_queries(
    template: str, who: str, expected: int, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    officer = persona("officer")
    event, lesson = _grow(officer, 2)
    make_designation("BR", "major-events-maritime")
    client = client_as(who)
    path = template.format(event=event, lesson=lesson)
    client.get(path)  # the first request of a session also reads what the session caches
    few = _count(client, path)
    _grow(officer, 8)
    many = _count(client, path)
    assert (few, many) == (expected, expected)
