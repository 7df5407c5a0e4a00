"""Lessons learned in the library search: searched in their own language's index, listed with the documents
under a type facet, restricted BEFORE matching and counting: a lesson a persona may not read is never a result,
a snippet or a count."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.ipo import search
from enlace.ipo.models import Lesson
from enlace.ipo.testing import make_lesson
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "admin", "officer", "coordinator", "focal_point", "csirt_analyst", "expert", "donor"]
MEMBERS = set(PERSONAS) - {"anonymous"}
WORDS = {"public": "openlesson", "members": "memberlesson", "state": "statelesson", "secretariat": "seclesson",
         "observation": "rawlesson"}  # fmt: skip
READERS = {
    "public": set(PERSONAS),
    "members": MEMBERS,
    "state": {"admin", "officer", "coordinator"},  # Argentina's
    "secretariat": {"admin", "officer"},
    "observation": {"admin", "officer"},  # not validated yet: the Secretariat (and its author, the admin)
}


@pytest.fixture
def lessons(persona: Callable[[str], Any]) -> dict[str, Lesson]:
    """One lesson per access level, all about ocelots, each with its own word; plus a public document."""
    admin = persona("admin")
    made = {
        "public": make_lesson(admin, access="public", title="Ocelot public", observation="ocelot openlesson"),
        "members": make_lesson(admin, access="members", title="Ocelot members", observation="ocelot memberlesson"),
        "state": make_lesson(admin, access="state", state="AR", title="Ocelot state", observation="ocelot statelesson"),
        "secretariat": make_lesson(
            admin, access="secretariat", title="Ocelot secretariat", observation="ocelot seclesson"
        ),
        "observation": make_lesson(
            admin, access="public", stage="observation", title="Ocelot observation", observation="ocelot rawlesson"
        ),
    }
    for lesson in made.values():
        search.index_lesson(lesson)
    make_work(admin, "Ocelot field guide", "ocelot tracking", publish_by=admin, access_level="public")
    return made


def _facet(page: str, value: str) -> int | None:
    found = re.search(rf'data-facet="kind" data-value="{value}"><a [^>]*>[^<]*</a> <span class="count">\((\d+)\)', page)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize("name", PERSONAS)
def test_a_restricted_lesson_is_never_a_result_a_snippet_or_a_count(
    name: str, lessons: dict[str, Lesson], client_as: Callable[[str], Client]
) -> None:
    client = client_as(name)
    visible = {level for level, readers in READERS.items() if name in readers}
    for params in ({"q": "ocelot"}, {"q": "ocelot", "kind": "lesson"}, {}):
        page = client.get("/library/", params).content.decode().split('id="results"')[1]
        for level in lessons:
            assert (f"Ocelot {level}<" in page) == (level in visible), (name, level, params)
            if params.get("q"):
                assert (WORDS[level] in page) == (level in visible), (name, level)  # snippets
        assert _facet(page, "lesson") == (len(visible) or None), (name, params)
        assert (f"{len(visible)} lessons learned" in page) == (len(visible) > 1)
    # One word of each restricted lesson: nothing, not even a count.
    for level, word in WORDS.items():
        if level not in visible:
            page = client.get("/library/", {"q": word}).content.decode().split('id="results"')[1]
            assert "lesson learned" not in page
            assert _facet(page, "lesson") is None


def test_documents_and_lessons_together_and_the_type_facet(
    lessons: dict[str, Lesson], client_as: Callable[[str], Client]
) -> None:
    page = client_as("donor").get("/library/", {"q": "ocelot"}).content.decode()
    assert "Ocelot field guide" in page
    assert "Ocelot public" in page
    assert _facet(page, "document") == 1
    assert _facet(page, "lesson") == 2  # public and members
    only_lessons = client_as("anonymous").get("/library/", {"q": "ocelot", "kind": "lesson"}).content.decode()
    assert "Ocelot field guide" not in only_lessons
    assert f"/ipo/public/lessons/{lessons['public'].pk}/" in only_lessons  # anonymous readers: the public page
    only_documents = Client().get("/library/", {"q": "ocelot", "kind": "document"}).content.decode()
    assert "Ocelot public" not in only_documents
    # A facet that only documents have (document type) leaves the lessons out.
    typed = Client().get("/library/", {"q": "ocelot", "document_type": "report"}).content.decode()
    assert "Ocelot public" not in typed


def test_lessons_are_searched_in_their_language(persona: Callable[[str], Any]) -> None:
    from enlace.ipo.actions import advance_lesson, submit_lesson

    admin = persona("admin")
    lesson = submit_lesson(
        actor=admin,
        title="Coordinación de fronteras",
        observation="Los equipos terroristas cruzaron sin control.",
        activity="Ejercicio",
        access="public",
        language="es",
    )
    advance_lesson(actor=admin, lesson=lesson, step="validate")  # indexed again at each step
    page = Client().get("/library/", {"q": "terrorismo", "language": "es"}).content.decode()
    assert "Coordinación de fronteras" in page
    assert "<mark>" in page
    assert (
        "Coordinación de fronteras"
        not in Client().get("/library/", {"q": "terrorismo", "language": "en"}).content.decode()
    )
