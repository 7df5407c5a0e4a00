"""Restricted events and lessons never show: not in lists, search, the calendar, the API or public pages,
and their URLs answer 404 like missing ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from enlace.accounts.models import User
from enlace.ipo.models import Stage
from enlace.ipo.testing import make_event, make_lesson

pytestmark = pytest.mark.django_db

Personas = Callable[[str], Client]
MARCH = {"starts_on": date(2027, 3, 2), "ends_on": date(2027, 3, 4)}


def _world(persona: Callable[[str], User]) -> dict[str, object]:
    officer = persona("officer")
    events = {
        "public": make_event("BR", access="public", name_en="Zeta public event", **MARCH),
        "members": make_event("BR", access="members", name_en="Zeta members event", **MARCH),
        "secretariat": make_event("BR", access="secretariat", name_en="Zeta secretariat event", **MARCH),
        "proposal_ar": make_event("AR", validated=False, name_en="Zeta proposal AR", **MARCH),
        "proposal_uy": make_event("UY", validated=False, name_en="Zeta proposal UY", **MARCH),
    }
    lessons = {
        "public": make_lesson(officer, access="public", title="Zeta public lesson"),
        "members": make_lesson(officer, access="members", title="Zeta members lesson"),
        "state_ar": make_lesson(officer, access="state", state="AR", title="Zeta state AR lesson"),
        "state_uy": make_lesson(officer, access="state", state="UY", title="Zeta state UY lesson"),
        "secretariat": make_lesson(officer, access="secretariat", title="Zeta secretariat lesson"),
        "observation": make_lesson(officer, access="public", stage=Stage.OBSERVATION, title="Zeta raw lesson"),
        "rejected": make_lesson(officer, access="public", stage=Stage.REJECTED, title="Zeta rejected lesson"),
    }
    return {"events": events, "lessons": lessons}


SEES = {
    "focal_point": ({"public", "members"}, {"public", "members"}),
    "coordinator": ({"public", "members", "proposal_ar"}, {"public", "members", "state_ar"}),
    "donor": ({"public", "members"}, {"public", "members"}),
    "officer": (
        {"public", "members", "secretariat", "proposal_ar", "proposal_uy"},
        {"public", "members", "state_ar", "state_uy", "secretariat", "observation", "rejected"},
    ),
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_members_see_exactly_their_access_levels_everywhere(
    who: str, client_as: Personas, persona: Callable[[str], User]
) -> None:
    world = _world(persona)
    events, lessons = world["events"], world["lessons"]
    seen_events, seen_lessons = SEES[who]
    client = client_as(who)
    pages = {
        "events": client.get("/ipo/events/?q=zeta").content.decode(),
        "calendar": client.get("/ipo/events/calendar/?year=2027&month=3").content.decode(),
    }
    for where, html in pages.items():
        for key, event in events.items():  # type: ignore[attr-defined]
            assert (event.name_en in html) == (key in seen_events), (where, key)
    lesson_page = client.get("/ipo/lessons/?q=zeta").content.decode()
    for key, lesson in lessons.items():  # type: ignore[attr-defined]
        assert (lesson.title in lesson_page) == (key in seen_lessons), key
        expected = 200 if key in seen_lessons else 404
        assert client.get(f"/ipo/lessons/{lesson.pk}/").status_code == expected, key
        assert client.get(f"/api/v1/lessons/{lesson.pk}/").status_code == expected, key
    for key, event in events.items():  # type: ignore[attr-defined]
        expected = 200 if key in seen_events else 404
        assert client.get(f"/ipo/events/{event.pk}/").status_code == expected, key
        assert client.get(f"/api/v1/major-events/{event.pk}/").status_code == expected, key
    api_events = {e["name_en"] for e in client.get("/api/v1/major-events/?q=zeta").json()["results"]}
    assert api_events == {events[k].name_en for k in seen_events}  # type: ignore[index]
    api_lessons = {x["title"] for x in client.get("/api/v1/lessons/?q=zeta").json()["results"]}
    assert api_lessons == {lessons[k].title for k in seen_lessons}  # type: ignore[index]


@pytest.mark.parametrize("who", ["anonymous", "focal_point", "officer"])
def test_public_pages_show_only_public_validated_records(
    who: str, client_as: Personas, persona: Callable[[str], User]
) -> None:
    world = _world(persona)
    events, lessons = world["events"], world["lessons"]
    client = client_as(who)
    event_page = client.get("/ipo/public/events/?q=zeta").content.decode()
    lesson_page = client.get("/ipo/public/lessons/?q=zeta").content.decode()
    for key, event in events.items():  # type: ignore[attr-defined]
        assert (event.name_en in event_page) == (key == "public"), key
        assert client.get(f"/ipo/public/events/{event.pk}/").status_code == (200 if key == "public" else 404)
    for key, lesson in lessons.items():  # type: ignore[attr-defined]
        assert (lesson.title in lesson_page) == (key == "public"), key
        assert client.get(f"/ipo/public/lessons/{lesson.pk}/").status_code == (200 if key == "public" else 404)


def test_a_public_lesson_does_not_reveal_its_restricted_event(
    client_as: Personas, persona: Callable[[str], User]
) -> None:
    hidden = make_event("BR", access="secretariat", name_en="Closed planning meeting")
    lesson = make_lesson(persona("officer"), access="public", event=hidden, title="Open lesson")
    anonymous = client_as("anonymous").get(f"/ipo/public/lessons/{lesson.pk}/").content.decode()
    member = client_as("focal_point").get(f"/ipo/lessons/{lesson.pk}/").content.decode()
    assert "Open lesson" in anonymous
    assert "Closed planning meeting" not in anonymous
    assert "Closed planning meeting" not in member
    assert client_as("anonymous").get("/api/v1/lessons/").status_code == 401


def test_the_public_home_links_to_the_catalogue(client_as: Personas) -> None:
    home = client_as("anonymous").get("/").content.decode()
    assert "/ipo/public/events/" in home
    assert "/ipo/public/lessons/" in home
