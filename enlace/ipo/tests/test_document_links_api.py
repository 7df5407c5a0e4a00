"""The document links of events and lessons over the API: the same actions and policies as the pages; a linked
document the reader may not open is never listed, and a document the caller may not open cannot be linked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from enlace.audit.models import AuditRecord
from enlace.ipo import actions
from enlace.ipo.api.serializers import DocumentLinkCreateSerializer
from enlace.ipo.models import DocumentLink
from enlace.ipo.testing import make_event, make_lesson
from enlace.library.testing import make_work

pytestmark = pytest.mark.django_db


def api_as(user: Any) -> APIClient:
    """An API client authenticated as `user` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(persona: Callable[[str], Any]) -> dict[str, Any]:
    """A members event and an Argentina "own state" lesson, each linked to a public and a Secretariat-only work;
    a third published work not linked yet."""
    admin = persona("admin")
    public = make_work(admin, "Stadium security plan", "x", publish_by=admin, access_level="public")
    secret = make_work(admin, "Threat assessment annex", "x", publish_by=admin, access_level="secretariat")
    spare = make_work(admin, "Crowd management guide", "x", publish_by=admin, access_level="public")
    event = make_event("AR", access="members", name_en="Members games")
    lesson = make_lesson(admin, access="state", state="AR", title="Perimeter lesson")
    for target in ({"event": event}, {"lesson": lesson}):
        actions.link_document(actor=admin, work=public, relation="planning", **target)
        actions.link_document(actor=admin, work=secret, relation="after_action", **target)
    return {"public": public, "secret": secret, "spare": spare, "event": event, "lesson": lesson}


def _urls(world: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("event", f"/api/v1/major-events/{world['event'].pk}/documents/"),
        ("lesson", f"/api/v1/lessons/{world['lesson'].pk}/documents/"),
    ]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("coordinator", {"Stadium security plan"}),  # Argentina: reads the state lesson, not the annex
        ("officer", {"Stadium security plan", "Threat assessment annex"}),
    ],
)
def test_only_documents_the_reader_may_open_are_listed(
    name: str, titles: set[str], world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    client = api_as(persona(name))
    for _kind, url in _urls(world):
        response = client.get(url)
        assert response.status_code == 200
        rows = response.json()
        assert {row["title"] for row in rows} == titles, url
        assert world["secret"].identifier not in response.content.decode() or name == "officer"
        assert {row["relation"] for row in rows} <= {"planning", "after_action"}


def test_an_event_or_lesson_the_reader_may_not_read_is_404(
    world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    focal_point = api_as(persona("focal_point"))  # Chile: not Argentina's state lesson
    assert focal_point.get(f"/api/v1/lessons/{world['lesson'].pk}/documents/").status_code == 404
    assert focal_point.get(f"/api/v1/major-events/{world['event'].pk}/documents/").status_code == 200
    for _kind, url in _urls(world):
        assert api_as(None).get(url).status_code == 401


def test_the_secretariat_links_a_document_and_it_is_audited(
    world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    officer = api_as(persona("officer"))
    before = AuditRecord.objects.filter(action="ipo.document.link").count()
    for kind, url in _urls(world):
        response = officer.post(url, {"work": world["spare"].identifier, "relation": "reference"}, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["work"] == world["spare"].identifier
        assert response.json()["title"] == "Crowd management guide"
        assert DocumentLink.objects.filter(work=world["spare"], **{kind: world[kind]}).exists()
    assert AuditRecord.objects.filter(action="ipo.document.link").count() == before + 2
    titles = {row["title"] for row in api_as(persona("coordinator")).get(_urls(world)[0][1]).json()}
    assert "Crowd management guide" in titles


@pytest.mark.parametrize("name", ["coordinator", "focal_point", "csirt_analyst", "expert", "donor"])
def test_only_the_secretariat_links_and_unlinks(
    name: str, world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    client = api_as(persona(name))
    count = DocumentLink.objects.count()
    event_url = f"/api/v1/major-events/{world['event'].pk}/documents/"
    body = {"work": world["spare"].identifier, "relation": "reference"}
    assert client.post(event_url, body, format="json").status_code == 404
    link = DocumentLink.objects.filter(event=world["event"], work=world["public"]).get()
    assert client.delete(f"{event_url}{link.pk}/").status_code == 404
    assert DocumentLink.objects.count() == count


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"work": "enlace-lib-000000000000", "relation": "reference"}, "work", "No such document."),
        ({"work": "", "relation": "reference"}, "work", None),
        ({"relation": "reference"}, "work", None),
        ({"work": "PUBLIC", "relation": "gossip"}, "relation", None),
        ({"work": "PUBLIC", "relation": "planning"}, "work", "This document is already linked here."),
        ({"work": "PUBLIC", "relation": "planning", "event": 1}, "event", "Unknown field."),
    ],
)
def test_bad_links_are_400_and_nothing_is_written(
    body: dict[str, Any], field: str, message: str | None, world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    if body.get("work") == "PUBLIC":
        body = {**body, "work": world["public"].identifier}
    count = DocumentLink.objects.count()
    response = api_as(persona("admin")).post(
        f"/api/v1/major-events/{world['event'].pk}/documents/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert DocumentLink.objects.count() == count


def test_a_document_the_caller_may_not_open_is_refused_as_if_it_did_not_exist(
    world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    """The Secretariat opens every work, so the refusal is shown with the serializer for a member: the unreadable
    work and a missing one get the same answer."""
    coordinator = persona("coordinator")
    answers = []
    for identifier in (world["secret"].identifier, "enlace-lib-000000000000"):
        body = DocumentLinkCreateSerializer(data={"work": identifier, "relation": "reference"}, user=coordinator)
        assert not body.is_valid()
        answers.append(body.errors)
    assert answers[0] == answers[1] == {"work": ["No such document."]}
    readable = DocumentLinkCreateSerializer(
        data={"work": world["spare"].identifier, "relation": "reference"}, user=coordinator
    )
    assert readable.is_valid(), readable.errors


def test_the_secretariat_unlinks_a_document_of_this_event_or_lesson_only(
    world: dict[str, Any], persona: Callable[[str], Any]
) -> None:
    admin = api_as(persona("admin"))
    event_link = DocumentLink.objects.get(event=world["event"], work=world["secret"])
    lesson_link = DocumentLink.objects.get(lesson=world["lesson"], work=world["secret"])
    event_url, lesson_url = (url for _kind, url in _urls(world))
    assert admin.delete(f"{event_url}{lesson_link.pk}/").status_code == 404  # not a link of this event
    assert admin.delete(f"{event_url}{event_link.pk}/").status_code == 204
    assert admin.delete(f"{event_url}{event_link.pk}/").status_code == 404
    assert admin.delete(f"{lesson_url}{lesson_link.pk}/").status_code == 204
    assert not DocumentLink.objects.filter(pk__in=[event_link.pk, lesson_link.pk]).exists()
    assert AuditRecord.objects.filter(action="ipo.document.unlink").count() == 2
    titles = {row["title"] for row in admin.get(event_url).json()}
    assert titles == {"Stadium security plan"}
