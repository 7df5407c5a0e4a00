"""Links between major events / lessons and library documents: the Secretariat edits them; each side shows a
link only to someone who may read the other side (an unreadable document or lesson is not even named)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.ipo.models import DocumentLink
from enlace.ipo.testing import make_event, make_lesson
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(persona: Callable[[str], Any], client_as: Callable[[str], Client]) -> dict[str, Any]:
    """A members event and a state lesson (Argentina), each linked by the officer to a public work and to a
    Secretariat-only work; a public event linked to the public work."""
    admin = persona("admin")
    public = make_work(admin, "Stadium security plan", "x", publish_by=admin, access_level="public")
    secret = make_work(admin, "Threat assessment annex", "x", publish_by=admin, access_level="secretariat")
    event = make_event("AR", access="members", name_en="Members games")
    open_event = make_event("AR", access="public", name_en="Open games")
    lesson = make_lesson(admin, access="state", state="AR", title="Perimeter lesson")
    officer = client_as("officer")
    for target, work, relation in (
        (f"/ipo/events/{event.pk}/documents/", public, "planning"),
        (f"/ipo/events/{event.pk}/documents/", secret, "after_action"),
        (f"/ipo/events/{open_event.pk}/documents/", public, "reference"),
        (f"/ipo/lessons/{lesson.pk}/documents/", public, "reference"),
        (f"/ipo/lessons/{lesson.pk}/documents/", secret, "reference"),
    ):
        response = officer.post(target, {"work": work.identifier, "relation": relation})
        assert response.status_code == 302, response.content
    return {
        "public": public,
        "secret": secret,
        "event": event,
        "open_event": open_event,
        "lesson": lesson,
        "officer": officer,  # signed in once: the same TOTP code cannot be used twice
    }


def test_the_secretariat_links_and_every_link_is_audited(linked: dict[str, Any]) -> None:
    assert DocumentLink.objects.count() == 5
    assert AuditRecord.objects.filter(action="ipo.document.link").count() == 5


@pytest.mark.parametrize("name", ["coordinator", "focal_point", "csirt_analyst", "donor"])
def test_only_the_secretariat_may_link(name: str, linked: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    client = client_as(name)
    url = f"/ipo/events/{linked['event'].pk}/documents/"
    assert client.post(url, {"work": linked["public"].identifier, "relation": "reference"}).status_code == 404
    link = DocumentLink.objects.first()
    assert link is not None
    assert client.post(f"/ipo/document-links/{link.pk}/remove/").status_code == 404
    assert DocumentLink.objects.count() == 5


def test_a_document_twice_or_an_unknown_relation_is_400(
    linked: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    officer = linked["officer"]
    url = f"/ipo/events/{linked['event'].pk}/documents/"
    assert officer.post(url, {"work": linked["public"].identifier, "relation": "reference"}).status_code == 400
    other = make_work(linked["public"].created_by, "Other", "x", publish_by=linked["public"].created_by)
    assert officer.post(url, {"work": other.identifier, "relation": "gossip"}).status_code == 400
    assert DocumentLink.objects.count() == 5


def test_the_event_page_names_only_documents_the_reader_may_open(
    linked: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    url = f"/ipo/events/{linked['event'].pk}/"
    member = client_as("coordinator").get(url).content.decode()
    assert "Stadium security plan" in member
    assert "Security planning document" in member
    assert "Threat assessment annex" not in member
    assert linked["secret"].identifier not in member
    officer = linked["officer"].get(url).content.decode()
    assert "Threat assessment annex" in officer
    assert "After-action report" in officer


def test_the_lesson_page_names_only_documents_the_reader_may_open(
    linked: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    url = f"/ipo/lessons/{linked['lesson'].pk}/"
    page = client_as("coordinator").get(url).content.decode()  # Argentina's coordinator reads the state lesson
    assert "Stadium security plan" in page
    assert "Threat assessment annex" not in page


@pytest.mark.parametrize(
    ("name", "events", "lesson"),
    [
        ("anonymous", {"Open games"}, False),
        ("donor", {"Open games", "Members games"}, False),
        ("focal_point", {"Open games", "Members games"}, False),  # Chile: not Argentina's state lesson
        ("coordinator", {"Open games", "Members games"}, True),
        ("officer", {"Open games", "Members games"}, True),
    ],
)
def test_the_library_page_names_only_events_and_lessons_the_reader_may_read(
    name: str, events: set[str], lesson: bool, linked: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = linked["officer"] if name == "officer" else client_as(name)
    page = client.get(f"/library/{linked['public'].identifier}/").content.decode()
    for event in ("Open games", "Members games"):
        assert (event in page) == (event in events), event
    assert ("Perimeter lesson" in page) == lesson
    if name == "anonymous":
        assert f"/ipo/public/events/{linked['open_event'].pk}/" in page


def test_the_public_event_page_lists_public_documents_only(linked: dict[str, Any]) -> None:
    page = Client().get(f"/ipo/public/events/{linked['open_event'].pk}/").content.decode()
    assert "Stadium security plan" in page
    assert "Link the document" not in page


def test_unlinking(linked: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    link = DocumentLink.objects.get(event=linked["event"], work=linked["secret"])
    response = client_as("admin").post(f"/ipo/document-links/{link.pk}/remove/")
    assert response.status_code == 302
    assert response.url == f"/ipo/events/{linked['event'].pk}/"
    assert not DocumentLink.objects.filter(pk=link.pk).exists()
    assert AuditRecord.objects.filter(action="ipo.document.unlink").count() == 1


def test_a_link_needs_exactly_one_target(linked: dict[str, Any], persona: Callable[[str], Any]) -> None:
    from django.core.exceptions import ValidationError

    from enlace.ipo import actions

    with pytest.raises(ValidationError):
        actions.link_document(actor=persona("admin"), work=linked["public"], relation="reference")
    assert MemberState.objects.exists()
