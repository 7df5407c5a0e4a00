"""Access to library works through every channel: results, snippets, facet counts, detail and downloads.

A restricted document must appear nowhere for a persona who may not open it, and its URLs answer 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.directory.models import Network
from enlace.directory.testing import make_designation, make_person
from enlace.geo.models import MemberState
from enlace.library.models import Work
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "admin", "officer", "coordinator", "focal_point", "csirt_analyst", "expert", "donor"]
WORDS = {
    "public": "openword",
    "networks": "netword",
    "state": "stateword",
    "secretariat": "secword",
    "draft": "draftword",
}
# Who may open each work (the Secretariat always may).
READERS = {
    "public": set(PERSONAS),
    "networks": {"admin", "officer", "csirt_analyst"},
    "state": {"admin", "officer", "coordinator"},
    "secretariat": {"admin", "officer"},
    "draft": {"admin", "officer", "coordinator"},
}


@pytest.fixture
def library(persona: Callable[[str], Any]) -> dict[str, Work]:
    """One work per access level (all mentioning "quetzal" and a unique word), plus a coordinator's draft."""
    analyst = persona("csirt_analyst")
    person = make_person("CO", user=analyst)
    make_designation("CO", "csirtamericas", person=person)
    admin = persona("admin")
    common = {"programs": [], "countries": [MemberState.objects.get(iso2="AR")]}
    works = {
        "public": make_work(
            admin, "Quetzal public", "quetzal openword", publish_by=admin, access_level="public", **common
        ),
        "networks": make_work(
            admin,
            "Quetzal networks",
            "quetzal netword",
            publish_by=admin,
            access_level="networks",
            networks=[Network.objects.get(code="csirtamericas")],
            document_type="manual",
            **common,
        ),
        "state": make_work(
            admin,
            "Quetzal state",
            "quetzal stateword",
            publish_by=admin,
            access_level="state",
            owner_state=MemberState.objects.get(iso2="AR"),
            document_type="guide",
            **common,
        ),
        "secretariat": make_work(
            admin,
            "Quetzal secretariat",
            "quetzal secword",
            publish_by=admin,
            access_level="secretariat",
            document_type="curriculum",
            **common,
        ),
        "draft": make_work(persona("coordinator"), "Quetzal draft", "quetzal draftword", access_level="public"),
    }
    return works


def _expected(name: str, *, published_only: bool = False) -> set[str]:
    levels = {level for level, readers in READERS.items() if name in readers}
    return levels - {"draft"} if published_only else levels


@pytest.mark.parametrize("name", PERSONAS)
def test_a_restricted_work_appears_nowhere_and_its_urls_are_404(
    name: str, library: dict[str, Work], client_as: Callable[[str], Client]
) -> None:
    client = client_as(name)
    visible = _expected(name, published_only=True)  # the search lists published works only
    for query in ("quetzal", ""):
        page = client.get("/library/", {"q": query}).content.decode().split('id="results"')[1]
        for level in library:
            assert (f"Quetzal {level}<" in page) == (level in visible), (name, level, query)
            assert (WORDS[level] in page) == (level in visible and query != ""), (name, level, query)  # snippets
        # Facet counts: the access-level facet counts only what she may open.
        for level in ("public", "networks", "state", "secretariat"):
            marker = f'data-facet="access_level" data-value="{level}"'
            assert (marker in page) == (level in visible), (name, level)
        assert f"{len(visible)} document" in page
    for level, work in library.items():
        allowed = level in _expected(name)
        detail = client.get(f"/library/{work.identifier}/")
        assert detail.status_code == (200 if allowed else 404), (name, level)
        for url in (f"/library/{work.identifier}/en/v1/", f"/library/{work.identifier}/en/download/"):
            response = client.get(url)
            assert response.status_code == (200 if allowed else 404), (name, level, url)
            if allowed:
                assert response["Content-Disposition"].startswith("attachment;")
                assert response["X-Content-Type-Options"] == "nosniff"
                assert WORDS[level].encode() in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_facet_values_of_unreadable_works_are_absent(
    library: dict[str, Work], client_as: Callable[[str], Client]
) -> None:
    page = client_as("coordinator").get("/library/", {"q": "quetzal"}).content.decode()
    # public + state (her own draft is not in the search): the document-type facet shows report 1, guide 1.
    assert 'data-facet="document_type" data-value="report"><a' in page
    assert 'data-facet="document_type" data-value="manual"' not in page
    assert 'data-facet="document_type" data-value="curriculum"' not in page


def test_publishing_is_for_officers_of_the_work_program_and_admins(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    from enlace.workplan.models import Program

    author = persona("coordinator")
    cyber = make_work(author, "Cyber", "x", programs=[Program.objects.get(code="cybersecurity")])
    other = Program.objects.exclude(code="cybersecurity").first()
    border = make_work(author, "Other", "x", programs=[other])
    officer = client_as("officer")
    assert officer.post(f"/library/{border.identifier}/publish/").status_code == 404
    assert officer.post(f"/library/{cyber.identifier}/publish/").status_code == 302
    assert client_as("coordinator").post(f"/library/{border.identifier}/publish/").status_code == 404
    assert client_as("admin").post(f"/library/{border.identifier}/publish/").status_code == 302
    cyber.refresh_from_db()
    border.refresh_from_db()
    assert (cyber.status, border.status) == ("published", "published")


@pytest.mark.parametrize("name", ["coordinator", "csirt_analyst", "expert", "officer"])
def test_the_api_lists_and_searches_only_openable_works(
    name: str, library: dict[str, Work], persona: Callable[[str], Any]
) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(persona(name))
    for params in ({}, {"q": "quetzal"}):
        listed = client.get("/api/v1/library/works/", params).json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        titles = {row["title"] for row in rows}
        assert titles == {f"Quetzal {level}" for level in _expected(name)}, (name, params)
    for level, work in library.items():
        status = client.get(f"/api/v1/library/works/{work.identifier}/").status_code
        assert status == (200 if level in _expected(name) else 404), (name, level)
