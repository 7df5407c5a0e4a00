"""Alert workflow through the pages and the API: drafts, validation, acknowledgement, follow-up, discussion."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.exchange.models import Acknowledgement, Alert, Comment
from enlace.exchange.testing import World, build_world, publish
from enlace.exchange.tests.test_scope_matrix import _api
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def _form(**overrides: Any) -> dict[str, Any]:
    return {"title": "Phishing wave", "body": "Details", "kind": "alert", "severity": "high", "tlp": "amber",
            "language": "en", **overrides}  # fmt: skip


def test_bad_alerts_are_refused_with_reasons_and_nothing_is_written(world: World) -> None:
    client = sign_in(Client(), world.author)
    red_to_network = client.post("/alerts/new/", _form(tlp="red", all_members="on", publish="1"))
    assert red_to_network.status_code == 400
    assert "named recipients only" in red_to_network.content.decode()
    red_to_nobody = client.post("/alerts/new/", _form(tlp="red", publish="1"))
    assert "Name the recipients" in red_to_nobody.content.decode()
    nobody = client.post("/alerts/new/", _form(tlp="green", publish="1"))
    assert nobody.status_code == 400
    assert "Choose who receives the alert" in nobody.content.decode()
    assert client.post("/alerts/new/", _form(tlp="purple", all_members="on")).status_code == 400
    backwards = _form(all_members="on", expires_at="2026-01-01T10:00")
    assert client.post("/alerts/new/", backwards).status_code == 400
    assert not Alert.objects.exists()


def test_a_draft_stays_with_its_author_until_published(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    author = sign_in(Client(), world.author)
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post("/alerts/new/", _form(all_members="on", draft="1"))
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert alert.status == "draft"
    assert not mail.outbox
    reader = sign_in(Client(), world.recipient)
    assert reader.get(f"/alerts/{alert.pk}/").status_code == 404
    assert reader.post(f"/alerts/{alert.pk}/publish/").status_code == 404  # not hers to publish
    with django_capture_on_commit_callbacks(execute=True):
        author.post(f"/alerts/{alert.pk}/publish/")
    assert reader.get(f"/alerts/{alert.pk}/").status_code == 200
    assert world.recipient.email in {a for m in mail.outbox for a in m.to}


def test_acknowledgement_follow_up_and_reminder(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "amber", "institution")  # recipient and colleague read it
    reader = sign_in(Client(), world.recipient)
    assert reader.get(f"/alerts/{alert.pk}/").context.get("follow_up") is None  # readers do not see others
    reader.post(f"/alerts/{alert.pk}/acknowledge/", {"answer": "acting", "note": "Blocking the domains"})
    ack = Acknowledgement.objects.get()
    assert (ack.answer, ack.user, ack.institution) == ("acting", world.recipient, world.i1)
    notice = Notification.objects.get(key=f"alert:{alert.pk}:{world.recipient.pk}")
    assert notice.read_at is not None  # answering closes her notice

    author = sign_in(Client(), world.author)
    page = author.get(f"/alerts/{alert.pk}/")
    status = page.context["follow_up"]
    assert (status.readers, status.opened, status.answered) == (3, 1, 1)  # recipient, colleague, officer
    assert "Blocking the domains" in page.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        author.post(f"/alerts/{alert.pk}/remind/")
    reminded = {a for m in mail.outbox for a in m.to}
    assert reminded == {world.colleague.email, world.officer.email}  # not the one who answered
    assert AuditRecord.objects.filter(action="alert.remind").count() == 1
    assert reader.post(f"/alerts/{alert.pk}/remind/").status_code == 404  # only the author or Secretariat


def test_lowering_the_marking_is_audited_and_notifies_the_new_readers(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "red", "named")
    colleague = sign_in(Client(), world.colleague)  # one sign-in per user: a TOTP code is not accepted twice
    assert colleague.get(f"/alerts/{alert.pk}/").status_code == 404
    reader = sign_in(Client(), world.recipient)
    assert reader.get(f"/alerts/{alert.pk}/scope/").status_code == 404  # a reader may not widen it
    author = sign_in(Client(), world.author)
    form = {"tlp": "amber", "recipients": [world.recipient.pk]}
    assert author.post(f"/alerts/{alert.pk}/scope/", form).status_code == 400  # a reason is required
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        author.post(f"/alerts/{alert.pk}/scope/", {**form, "reason": "Share with the CSIRT's own team"})
    downgrade = AuditRecord.objects.get(action="alert.downgrade")
    assert downgrade.reason == "Share with the CSIRT's own team"
    assert downgrade.changes["tlp"] == ["red", "amber"]
    assert {a for m in mail.outbox for a in m.to} == {world.colleague.email}  # only the new reader
    assert colleague.get(f"/alerts/{alert.pk}/").status_code == 200


def test_discussion_within_the_scope_and_audited_edits(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "green", "institution")
    reader = sign_in(Client(), world.recipient)
    reader.post(f"/alerts/{alert.pk}/comments/", {"body": "Seen here too"})
    comment = Comment.objects.get()
    outsider = sign_in(Client(), world.network_peer)
    assert outsider.post(f"/alerts/{alert.pk}/comments/", {"body": "Hi"}).status_code == 404
    colleague = sign_in(Client(), world.colleague)
    assert "Seen here too" in colleague.get(f"/alerts/{alert.pk}/").content.decode()
    assert colleague.post(f"/alerts/comments/{comment.pk}/edit/", {"body": "Changed"}).status_code == 404
    reader.post(f"/alerts/comments/{comment.pk}/edit/", {"body": "Seen here too, twice"})
    comment.refresh_from_db()
    assert comment.edited_at is not None
    edit = AuditRecord.objects.get(action="alert.comment.edit")
    assert edit.changes["body"] == ["Seen here too", "Seen here too, twice"]


def test_markdown_cannot_carry_script(world: World) -> None:
    alert = publish(world, "green", "institution", body="**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    html = sign_in(Client(), world.recipient).get(f"/alerts/{alert.pk}/").context["html"]
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_alerts_over_the_api(world: World, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    api = _api(world.author)
    body = {"title": "API alert", "body": "Text", "tlp": "amber", "networks": ["csirtamericas"], "sectors": ["energy"]}
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/alerts/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    reader = _api(world.network_peer)
    assert reader.get("/api/v1/alerts/", {"sector": "energy"}).json()["count"] == 1
    answer = reader.post(
        f"/api/v1/alerts/{pk}/acknowledge/", json.dumps({"answer": "not_affected"}), content_type="application/json"
    )
    assert answer.json()["answer"] == "not_affected"
    posted = reader.post(f"/api/v1/alerts/{pk}/comments/", json.dumps({"body": "ok"}), content_type="application/json")
    assert posted.status_code == 201
    assert [c["body"] for c in reader.get(f"/api/v1/alerts/{pk}/comments/").json()] == ["ok"]
    for bad in ({**body, "colour": "red"}, {**body, "tlp": "purple"}, {**body, "networks": ["nope"]}):
        assert api.post("/api/v1/alerts/", json.dumps(bad), content_type="application/json").status_code == 400
    assert api.post("/api/v1/alerts/", "{not json", content_type="application/json").status_code == 400
    red = {**body, "tlp": "red"}
    refused = api.post("/api/v1/alerts/", json.dumps(red), content_type="application/json")
    assert refused.status_code == 400
    assert "tlp" in refused.json()
    assert Alert.objects.count() == 1


def test_publish_rescope_translate_remind_and_attach_over_the_api(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = _api(world.author)
    draft = {"title": "Draft", "body": "Text", "tlp": "red", "recipients": [world.recipient.email], "publish": False}
    pk = api.post("/api/v1/alerts/", json.dumps(draft), content_type="application/json").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/v1/alerts/{pk}/publish/").json()["status"] == "published"
    assert api.post(f"/api/v1/alerts/{pk}/publish/").status_code == 400  # already published
    widen = {"tlp": "amber", "recipients": [world.recipient.email], "reason": "Share with her team"}
    with django_capture_on_commit_callbacks(execute=True):
        widened = api.post(f"/api/v1/alerts/{pk}/rescope/", json.dumps(widen), content_type="application/json")
    assert widened.json()["tlp"] == "amber"
    assert AuditRecord.objects.get(action="alert.downgrade").reason == "Share with her team"
    spanish = {"language": "es", "title": "Borrador", "body": "Texto"}
    translated = api.post(f"/api/v1/alerts/{pk}/translations/", json.dumps(spanish), content_type="application/json")
    assert translated.json()["translations"] == [{"language": "es", "title": "Borrador", "body": "Texto"}]
    assert api.post(f"/api/v1/alerts/{pk}/remind/").status_code == 202
    upload = api.post(f"/api/v1/alerts/{pk}/attachments/", {"upload": SimpleUploadedFile("notes.txt", b"plain")})
    assert upload.status_code == 201, upload.content
    reader = _api(world.colleague)  # AMBER now: her institution reads it
    (listed,) = reader.get(f"/api/v1/alerts/{pk}/attachments/").json()
    download = reader.get(listed["download"])
    assert b"".join(download.streaming_content) == b"plain"  # type: ignore[attr-defined]
    assert (
        reader.post(f"/api/v1/alerts/{pk}/rescope/", json.dumps(widen), content_type="application/json").status_code
        == 404
    )
