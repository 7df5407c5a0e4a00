"""“Did you mean”: a corrected query from the titles the user may open, and never from any other."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.test import Client

from enlace.geo.models import MemberState
from enlace.library.models import Translation
from enlace.library.suggest import known_words
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db

SUGGESTION = re.compile(r'data-suggestion>Did you mean: <a href="\?([^"]*)">([^<]+)</a>\?</p>')


def _search(client: Client, **params: str) -> tuple[str | None, dict[str, list[str]], list[str]]:
    """The suggestion shown (or None), the query string of its link, and the titles found."""
    page = client.get("/library/", params).content.decode().split('id="results"')[1]
    titles = re.findall(r'<a href="/library/enlace-lib-[0-9a-f]+/">([^<]+)</a>', page)
    found = SUGGESTION.search(page)
    if found is None:
        return None, {}, titles
    return html.unescape(found.group(2)), parse_qs(html.unescape(found.group(1))), titles


@pytest.fixture
def library(persona: Callable[[str], Any]) -> None:
    admin = persona("admin")
    public = {"publish_by": admin, "access_level": "public"}
    make_work(admin, "Counter terrorism strategy", "A regional strategy.", **public)
    make_work(admin, "Política de seguridad", "Medidas nacionales.", language="es", **public)
    for n in range(3):
        make_work(admin, f"Harbour plan {n}", "The harbor and its plan.", **public)
    # Words only in titles that some personas may not open (and in the text, not the title, of a public work: a
    # suggestion of them would find something, so only where the known words come from keeps them out).
    make_work(admin, "Annual notes", "Quagmire, xylophone and zeppelin.", **public)
    make_work(admin, "Quagmire assessment", "Restricted.", publish_by=admin, access_level="secretariat")
    make_work(
        admin,
        "Xylophone review",
        "Restricted.",
        publish_by=admin,
        access_level="state",
        owner_state=MemberState.objects.get(iso2="AR"),
    )
    make_work(persona("coordinator"), "Zeppelin draft", "Not published.", access_level="public")


def test_a_typo_gets_the_closest_title_word_and_following_it_finds_the_document(
    library: None, client_as: Callable[[str], Client]
) -> None:
    client = client_as("anonymous")
    suggestion, link, titles = _search(client, q="terorism")
    assert titles == []
    assert suggestion == "terrorism"
    assert link["q"] == ["terrorism"]
    assert _search(client, **{k: v[0] for k, v in link.items()})[2] == ["Counter terrorism strategy"]


def test_the_suggestion_keeps_the_other_filters_and_the_words_typed(
    library: None, client_as: Callable[[str], Client]
) -> None:
    client = client_as("focal_point")
    suggestion, link, titles = _search(client, q="Política seguridda", language="es", document_type="report")
    assert titles == []
    assert suggestion == "Política seguridad"
    assert link == {"q": ["Política seguridad"], "language": ["es"], "document_type": ["report"]}
    assert _search(client, **{k: v[0] for k, v in link.items()})[2] == ["Política de seguridad"]


def test_the_words_of_other_languages_are_not_known_when_one_is_searched(
    library: None, client_as: Callable[[str], Client]
) -> None:
    assert _search(client_as("anonymous"), q="seguridda", language="en")[0] is None


@pytest.mark.parametrize(
    ("who", "typo", "word"),
    [
        ("anonymous", "quagmre", "quagmire"),
        ("focal_point", "quagmre", "quagmire"),
        ("donor", "quagmre", "quagmire"),
        ("anonymous", "xylofone", "xylophone"),
        ("focal_point", "xylofone", "xylophone"),
        ("donor", "xylofone", "xylophone"),
    ],
)
def test_a_word_of_a_document_the_user_may_not_open_is_never_suggested(
    who: str, typo: str, word: str, library: None, client_as: Callable[[str], Client]
) -> None:
    client = client_as(who)
    suggestion, _link, titles = _search(client, q=typo)
    assert (suggestion, titles) == (None, [])
    assert word not in client.get("/library/", {"q": typo}).content.decode().lower()


@pytest.mark.parametrize(
    ("typo", "word", "title"),
    [("quagmre", "quagmire", "Quagmire assessment"), ("xylofone", "xylophone", "Xylophone review")],
)
def test_who_may_open_the_document_gets_its_word(
    typo: str, word: str, title: str, library: None, client_as: Callable[[str], Client]
) -> None:
    client = client_as("admin")
    suggestion, link, _titles = _search(client, q=typo)
    assert suggestion == word
    assert _search(client, q=link["q"][0])[2][0] == title


@pytest.mark.parametrize("who", ["anonymous", "donor", "coordinator", "admin"])
def test_a_drafts_words_are_never_suggested_not_even_to_its_author(
    who: str, library: None, client_as: Callable[[str], Client]
) -> None:
    assert _search(client_as(who), q="zeppelinn")[0] is None


def test_no_suggestion_when_the_search_finds_enough(library: None, client_as: Callable[[str], Client]) -> None:
    # "harbor" is in the text of three documents: found, so not corrected to the title word "harbour".
    suggestion, _link, titles = _search(client_as("anonymous"), q="harbor")
    assert (suggestion, len(titles)) == (None, 3)


def test_no_suggestion_that_would_find_nothing_more(library: None, client_as: Callable[[str], Client]) -> None:
    # "terrorism" is found; a word typed right is left alone, and an unknown word without a close one too.
    assert _search(client_as("anonymous"), q="terrorism")[0] is None
    assert _search(client_as("anonymous"), q="qwertyuiop")[0] is None


@pytest.mark.parametrize("who", ["focal_point", "donor", "coordinator", "admin"])
def test_the_known_words_are_those_of_the_titles_the_user_may_open(
    who: str, library: None, persona: Callable[[str], Any]
) -> None:
    words = known_words(Translation.objects.visible_to(persona(who)), {})
    assert {"terrorism", "harbour", "seguridad", "annual"} <= words
    assert "quagmire" in words if who == "admin" else "quagmire" not in words
    assert "xylophone" in words if who in {"admin", "coordinator"} else "xylophone" not in words
    assert not words & {"zeppelin", "draft", "restricted"}  # a draft's title; words of a text
    assert known_words(Translation.objects.visible_to(persona(who)), {"language": "es"}) == {"politica", "seguridad"}


@pytest.mark.parametrize(("who", "expected"), [("focal_point", None), ("donor", None), ("admin", "quagmire")])
def test_the_api_suggests_from_the_same_words(
    who: str, expected: str | None, library: None, client_as: Callable[[str], Client]
) -> None:
    client = client_as(who)
    body = client.get("/api/v1/library/works/", {"q": "quagmre"}).json()
    assert (body["count"], body["suggestion"]) == (0, expected)
    typo = client.get("/api/v1/library/works/", {"q": "terorism"}).json()
    assert typo["suggestion"] == "terrorism"
    found = client.get("/api/v1/library/works/", {"q": typo["suggestion"]}).json()
    assert [w["title"] for w in found["results"]] == ["Counter terrorism strategy"]
    assert found["suggestion"] is None
    assert client.get("/api/v1/library/works/").json()["suggestion"] is None
