"""Query counts of the library pages are pinned: they must not grow with works, translations or versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enlace.library import actions
from enlace.library.models import Work
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db


def _count(client: Client, path: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200, path
    return len(queries)


def _grow(admin: Any, n: int) -> Work:
    work = None
    for i in range(n):
        work = make_work(admin, f"Guide {i}", "port security guide", publish_by=admin, access_level="public")
        actions.add_translation(
            actor=admin,
            work=work,
            language="es",
            title=f"Guía {i}",
            description="",
            upload=SimpleUploadedFile("a.txt", b"guia"),
        )
        translation = work.translations.get(language="en")
        actions.add_version(
            actor=admin, translation=translation, upload=SimpleUploadedFile("b.txt", b"v2"), change_note="x"
        )
    assert work is not None
    return work


# home, search, work detail. The search: the ranked ids with every facet's counts (PostgreSQL: one statement;
# SQLite: the ids with what the facets count, then the codes of the programs and countries), the page's rows,
# their snippets, the lesson count; browsing (home) counts six facets by query.
# The detail page of a signed-in reader: +1 whether she follows the work (anonymous readers: no query). A
# signed-in reader's home lists her drafts and works in review; a search does not.
EXPECTED = {"anonymous": [9, 5, 6], "coordinator": [15, 10, 13]}  # +1 links (detail); SQLite's counts


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_library_pages_query_counts_do_not_grow(
    who: str, persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    client = client_as(who)
    work = _grow(admin, 1)
    pages = [("/library/", {}), ("/library/", {"q": "guide"}), (f"/library/{work.identifier}/", {})]
    client.get("/library/")  # the first request of a session does one-off work (last login, language)
    before = [_count(client, path, **params) for path, params in pages]
    work = _grow(admin, 4)
    pages[2] = (f"/library/{work.identifier}/", {})
    after = [_count(client, path, **params) for path, params in pages]
    expected = list(EXPECTED[who])
    expected[1] -= connection.vendor == "postgresql"  # the link facets counted in the ranked statement
    assert before == expected
    assert after == before


# The edit page: the work and its programs / countries / networks (the form's initial values), the choices of the
# programs, countries, networks and owning state, the translations with their versions, the session and user.
EDIT_PAGE = {"coordinator": 14, "admin": 14}


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_the_edit_page_query_count_does_not_grow(
    who: str, persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    author = persona("coordinator")
    client = client_as(who)
    work = make_work(author, "Guide", "port security guide")
    path = f"/library/{work.identifier}/edit/"
    client.get(path)  # the first request of a session does one-off work (last login, language)
    before = _count(client, path)
    for language in ("es", "fr"):
        actions.add_translation(
            actor=author,
            work=work,
            language=language,
            title=f"Guide {language}",
            description="",
            upload=SimpleUploadedFile("a.txt", b"guia"),
        )
    for translation in work.translations.all():
        for n in range(2):
            actions.add_version(
                actor=author, translation=translation, upload=SimpleUploadedFile("b.txt", b"v2"), change_note=str(n)
            )
    after = _count(client, path)
    assert (before, after) == (EDIT_PAGE[who], EDIT_PAGE[who])
