"""Following a work: the page's button and the API; a new version of a published work tells each follower once,
in her language — only while she may still open the work, never its uploader, never for an unpublished work."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.library.models import Follow, Work
from enlace.library.testing import make_work
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/v1/library/works/"

Commit = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def clients(client_as: Callable[[str], Client]) -> Callable[[str], Client]:
    """One signed-in client per persona for the test (signing in twice would reuse a TOTP code)."""
    made: dict[str, Client] = {}

    def get(name: str) -> Client:
        if name not in made:
            made[name] = client_as(name)
        return made[name]

    return get


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Commit) -> Commit:
    """Run what a request scheduled after commit (the notification task), as the real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _public_work(persona: Callable[[str], User], **metadata: Any) -> Work:
    admin = persona("admin")
    metadata.setdefault("access_level", "public")
    return make_work(admin, "Port security guide", "port security", publish_by=admin, **metadata)


def _add_version(client: Client, work: Work, language: str = "en") -> Any:
    upload = SimpleUploadedFile("v2.txt", b"port security, second edition")
    return client.post(
        f"/library/{work.identifier}/{language}/versions/", {"upload": upload, "change_note": "Second edition"}
    )


def _notices(user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind="library"))


def test_the_page_follows_and_stops_following(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    work = _public_work(persona)
    client = client_as("coordinator")
    page = client.get(work.get_absolute_url()).content.decode()
    assert f'action="/library/{work.identifier}/follow/"' in page
    assert ">Follow</button>" in page

    for _twice in range(2):  # following twice is one follow, audited once
        response = client.post(f"/library/{work.identifier}/follow/")
        assert response.status_code == 302
        assert response.url == work.get_absolute_url()
    coordinator = persona("coordinator")
    assert Follow.objects.filter(user=coordinator, work=work).count() == 1
    assert AuditRecord.objects.filter(action="library.work.follow", object_id=str(work.pk)).count() == 1
    page = client.get(work.get_absolute_url()).content.decode()
    assert "Following — stop" in page
    assert f'action="/library/{work.identifier}/unfollow/"' in page

    assert client.post(f"/library/{work.identifier}/unfollow/").status_code == 302
    assert not Follow.objects.filter(user=coordinator, work=work).exists()
    assert AuditRecord.objects.filter(action="library.work.unfollow", object_id=str(work.pk)).count() == 1
    assert ">Follow</button>" in client.get(work.get_absolute_url()).content.decode()


def test_the_follow_urls_refuse_get(persona: Callable[[str], User], client_as: Callable[[str], Client]) -> None:
    work = _public_work(persona)
    client = client_as("coordinator")
    assert client.get(f"/library/{work.identifier}/follow/").status_code == 405
    assert not Follow.objects.exists()


def test_the_api_follows_and_stops_following(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    work = _public_work(persona)
    client = client_as("expert")
    url = f"{API}{work.identifier}/follow/"
    for _twice in range(2):
        response = client.post(url)
        assert response.status_code == 200, response.content
        assert response.json() == {"identifier": work.identifier, "following": True}
    assert Follow.objects.filter(user=persona("expert"), work=work).count() == 1
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 204  # idempotent
    assert not Follow.objects.exists()
    assert AuditRecord.objects.filter(action="library.work.unfollow").count() == 1


def test_anonymous_cannot_follow(persona: Callable[[str], User], client_as: Callable[[str], Client]) -> None:
    work = _public_work(persona)
    anonymous = client_as("anonymous")
    page = anonymous.get(work.get_absolute_url())
    assert page.status_code == 200
    assert b"/follow/" not in page.content
    response = anonymous.post(f"/library/{work.identifier}/follow/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert anonymous.post(f"{API}{work.identifier}/follow/").status_code in (401, 403)
    assert not Follow.objects.exists()


def test_a_user_who_cannot_open_the_work_gets_404(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    work = _public_work(persona, access_level="secretariat")
    draft = make_work(persona("coordinator"), "Draft", "text")  # the coordinator's draft: the focal point can't see it
    client = client_as("focal_point")
    for target in (work, draft):
        assert client.get(target.get_absolute_url()).status_code == 404
        assert client.post(f"/library/{target.identifier}/follow/").status_code == 404
        assert client.post(f"/library/{target.identifier}/unfollow/").status_code == 404
        assert client.post(f"{API}{target.identifier}/follow/").status_code == 404
        assert client.delete(f"{API}{target.identifier}/follow/").status_code == 404
    assert not Follow.objects.exists()


def test_a_new_version_notifies_each_follower_once_in_her_language(
    persona: Callable[[str], User], clients: Callable[[str], Client], commit: Commit
) -> None:
    work = _public_work(persona)
    coordinator, expert, admin = persona("coordinator"), persona("expert"), persona("admin")
    expert.preferred_language = "es"
    expert.save(update_fields=["preferred_language"])
    for name in ("coordinator", "expert", "admin"):
        assert clients(name).post(f"/library/{work.identifier}/follow/").status_code == 302
    with commit():
        assert _add_version(clients("admin"), work).status_code == 302

    [notice] = _notices(coordinator)
    assert notice.url == f"/library/{work.identifier}/"
    assert "Port security guide" in notice.title
    assert "English" in notice.title
    assert "2" in notice.title
    [notice] = _notices(expert)
    assert "Inglés" in notice.title  # rendered in her language
    assert _notices(admin) == []  # the uploader is not told of her own change
    assert "“Port security guide”" in _notices(coordinator)[0].title

    # Telling again (a retried task) sends nothing new: exactly once per version.
    from enlace.library.notices import tell_followers

    version = work.translations.get(language="en").versions.get(number=2)
    assert tell_followers(version.pk) == 0
    assert len(_notices(coordinator)) == 1


def test_a_new_translation_of_a_published_work_notifies_followers(
    persona: Callable[[str], User], clients: Callable[[str], Client], commit: Commit
) -> None:
    work = _public_work(persona)
    clients("coordinator").post(f"/library/{work.identifier}/follow/")
    upload = SimpleUploadedFile("es.txt", b"seguridad portuaria")
    with commit():
        response = clients("admin").post(
            f"/library/{work.identifier}/translations/",
            {"language": "es", "title": "Guía de seguridad portuaria", "description": "", "upload": upload},
        )
    assert response.status_code == 302
    [notice] = _notices(persona("coordinator"))
    assert "Spanish" in notice.title
    assert notice.url == work.get_absolute_url()


def test_no_notice_for_a_follower_who_lost_access(
    persona: Callable[[str], User], clients: Callable[[str], Client], commit: Commit
) -> None:
    """Leakage: the coordinator (Argentina) followed a work of her state; it is narrowed to the Secretariat; a new
    version then tells the officer, who still may open it, and not her."""
    work = _public_work(persona, access_level="state", owner_state=persona("coordinator").institution.state)  # type: ignore[union-attr]
    for name in ("coordinator", "officer"):
        assert clients(name).post(f"/library/{work.identifier}/follow/").status_code == 302
    admin = clients("admin")
    narrowed = admin.patch(f"{API}{work.identifier}/", {"access_level": "secretariat"}, content_type="application/json")
    assert narrowed.status_code == 200, narrowed.content
    assert clients("coordinator").get(work.get_absolute_url()).status_code == 404
    with commit():
        assert _add_version(admin, work).status_code == 302
    assert _notices(persona("coordinator")) == []
    assert Notification.objects.filter(user=persona("coordinator")).count() == 0
    assert len(_notices(persona("officer"))) == 1


def test_unpublished_works_notify_nobody(
    persona: Callable[[str], User], clients: Callable[[str], Client], commit: Commit
) -> None:
    """A draft's follower (the Secretariat may open drafts) is not told of its versions; neither is the follower of
    an archived work."""
    draft = make_work(persona("coordinator"), "Draft guide", "draft text")
    archived = _public_work(persona)
    officer = clients("officer")
    for work in (draft, archived):
        assert officer.post(f"/library/{work.identifier}/follow/").status_code == 302
    assert clients("admin").post(f"/library/{archived.identifier}/archive/").status_code == 302
    archived.refresh_from_db()
    assert archived.status == "archived"
    with commit():
        assert _add_version(clients("coordinator"), draft).status_code == 302
        assert _add_version(clients("admin"), archived).status_code == 302
    assert _notices(persona("officer")) == []


def test_the_follow_button_needs_the_csrf_token(
    persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    work = _public_work(persona)
    client = client_as("coordinator")
    client.handler.enforce_csrf_checks = True  # signed in; from now on as strict as a browser
    url = f"/library/{work.identifier}/follow/"
    assert client.post(url).status_code == 403
    assert not Follow.objects.exists()
    page = client.get(work.get_absolute_url()).content.decode()
    token = re.search(rf'action="{url}".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S)
    assert token is not None
    assert client.post(url, {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert Follow.objects.filter(user=persona("coordinator"), work=work).exists()
