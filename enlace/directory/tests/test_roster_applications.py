"""Experts apply to the roster; the Secretariat finds people by name, decides, removes and reinstates,
and whoever a step concerns gets an in-app notice in her language."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import make_user
from enlace.directory.models import Expert, ExpertStatus, Skill
from enlace.directory.testing import make_person
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _notices(user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind="roster").order_by("pk"))


def _rename(person_name: str, iso2: str = "PA", **kwargs: object) -> int:
    person = make_person(iso2, **kwargs)  # type: ignore[arg-type]
    person.full_name = person_name
    person.save(update_fields=["full_name"])
    return person.pk


def test_the_people_search_ignores_case_and_accents(client_as: Callable[[str], Client]) -> None:
    jose = _rename("José Ángel Muñoz")
    _rename("Josefina Reyes")
    listed = _rename("José Listed")
    Expert.objects.create(person_id=listed)
    officer = client_as("officer")

    def found(query: str) -> str:
        response = officer.get("/directory/experts/new/people/", {"q": query}, headers=HTMX)
        assert response.status_code == 200
        return response.content.decode()

    for query in ("jose angel", "MUNOZ", "Muñoz", "  josé ángel  "):
        page = found(query)
        assert f'value="{jose}"' in page, query
        assert "Josefina" not in page
        assert "<h1>" not in page  # the results only
    assert "Josefina" in found("jose")
    assert f'value="{listed}"' not in found("jose")  # already on the roster
    assert "Type at least 2 letters" in found("j")
    assert "value=" not in found("j")
    assert "Nobody you may see matches" in found("zzz")
    # Without htmx, the Add page runs the same search from its query string.
    page = officer.get("/directory/experts/new/", {"q": "munoz"}).content.decode()
    assert f'value="{jose}"' in page


def test_the_secretariat_adds_a_person_found_by_the_search_and_she_is_told(
    client_as: Callable[[str], Client], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    user = make_user("expert", language="fr")
    person = _rename("Ana Lucía Pérez", user=user)
    officer = client_as("officer")
    refused = officer.post("/directory/experts/new/?q=perez", {"summary": "x"})
    assert refused.status_code == 400
    assert "Search for the person and choose her" in refused.content.decode()
    assert f'value="{person}"' in refused.content.decode()  # the results stay under the error
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post("/directory/experts/new/", {"person": person, "skills": [], "languages": ["es"]})
    assert response.status_code == 302
    expert = Expert.objects.get(person_id=person)
    assert expert.status == ExpertStatus.ACTIVE
    (notice,) = _notices(user)
    with translation.override("fr"):
        assert notice.title == _("You are on the regional expert roster")
    assert notice.url == f"/directory/experts/{expert.pk}/"


@pytest.mark.parametrize("who", ["expert", "coordinator", "focal_point", "donor", "csirt_analyst"])
def test_only_the_secretariat_searches_people_for_the_roster(who: str, client_as: Callable[[str], Client]) -> None:
    _rename("José Ángel Muñoz")
    assert client_as(who).get("/directory/experts/new/people/", {"q": "jose"}).status_code == 404


def test_an_expert_applies_and_the_secretariat_accepts_her(
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    expert_user = persona("expert")
    expert_user.preferred_language = "es"
    expert_user.save(update_fields=["preferred_language"])
    person = make_person("TT", user=expert_user)
    admin = make_user("secretariat_admin", language="pt")
    officer = persona("officer")
    client = client_as("expert")
    assert client.get("/directory/experts/me/").url == "/directory/experts/apply/"
    assert client.get("/directory/experts/apply/").status_code == 200
    skill = Skill.objects.get(code="port-security").pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/directory/experts/apply/", {"summary": "Port security trainer.", "skills": [skill], "languages": ["es"]}
        )
    assert response.status_code == 302
    expert = Expert.objects.get(person=person)
    assert (expert.status, expert.summary) == (ExpertStatus.APPLIED, "Port security trainer.")
    assert AuditRecord.objects.get(action="expert.apply").actor == expert_user
    # She sees her own entry waiting; the search leaves it out.
    with translation.override("es"):  # her page is in her language
        waiting = _("Application waiting for the Secretariat's decision")
    assert waiting != "Application waiting for the Secretariat's decision"  # translated
    assert waiting in html.unescape(client.get(f"/directory/experts/{expert.pk}/").content.decode())
    assert client.get("/directory/experts/apply/").url == f"/directory/experts/{expert.pk}/"
    assert client.post("/directory/experts/apply/", {"summary": "Again"}).status_code == 400
    assert Expert.objects.filter(person=person).count() == 1
    # The Secretariat is told, each in her language; the expert herself is not.
    (to_admin,) = _notices(admin)
    with translation.override("pt"):
        assert to_admin.title == _("%(name)s applied to the expert roster") % {"name": person.full_name}
    assert len(_notices(officer)) == 1
    assert _notices(expert_user) == []
    # She cannot accept herself.
    assert client.post(f"/directory/experts/{expert.pk}/accept/").status_code == 404

    secretariat = client_as("officer")
    listed = secretariat.get("/directory/experts/?status=applied").context["object_list"]
    assert [e.pk for e in listed] == [expert.pk]
    assert expert.pk not in [e.pk for e in secretariat.get("/directory/experts/").context["object_list"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert secretariat.post(f"/directory/experts/{expert.pk}/accept/").status_code == 302
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE
    assert AuditRecord.objects.get(action="expert.accept").changes["status"] == ["applied", "active"]
    (accepted,) = _notices(expert_user)
    with translation.override("es"):
        assert accepted.title == _("You are on the regional expert roster")
    assert to_admin.pk in Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)
    # Accepting twice is refused, with nothing more sent.
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/directory/experts/{expert.pk}/accept/")
    assert len(_notices(expert_user)) == 1


def test_a_declined_application_and_a_removal_and_reinstatement_are_told_to_the_expert(
    client_as: Callable[[str], Client],
    persona: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    expert_user = persona("expert")
    expert = Expert.objects.create(person=make_person("TT", user=expert_user), status=ExpertStatus.APPLIED)
    officer = client_as("officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "No certification yet."})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.REMOVED
    (declined,) = _notices(expert_user)
    assert declined.title == "Your application to the expert roster was declined"
    assert declined.body == "No certification yet."
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(f"/directory/experts/{expert.pk}/reinstate/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "Left."}).status_code == 302
    titles = [n.title for n in _notices(expert_user)]
    assert titles == [
        "Your application to the expert roster was declined",
        "You are back on the regional expert roster",
        "You were removed from the regional expert roster",
    ]
    assert all(n.url == f"/directory/experts/{expert.pk}/" for n in _notices(expert_user))


@pytest.mark.parametrize("who", ["coordinator", "focal_point", "donor", "csirt_analyst"])
def test_people_without_the_expert_role_cannot_apply(
    who: str, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    make_person("AR", user=persona(who))
    client = client_as(who)
    assert client.get("/directory/experts/apply/").status_code == 404
    assert client.post("/directory/experts/apply/", {"summary": "Me"}).status_code == 404
    assert not Expert.objects.exists()


def test_an_expert_without_a_directory_record_cannot_apply(client_as: Callable[[str], Client]) -> None:
    client = client_as("expert")
    assert client.get("/directory/experts/apply/").status_code == 404
    assert client.get("/directory/experts/me/").status_code == 404


def test_the_secretariat_accepts_an_application_over_the_api(
    persona: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    expert_user = persona("expert")
    expert = Expert.objects.create(person=make_person("TT", user=expert_user), status=ExpertStatus.APPLIED)

    def api(user: User) -> Client:
        _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert api(expert_user).post(f"/api/v1/experts/{expert.pk}/accept/").status_code == 404
    officer = api(persona("officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/api/v1/experts/{expert.pk}/accept/")
    assert (response.status_code, response.json()["status"]) == (200, "active")
    assert len(_notices(expert_user)) == 1
    assert officer.post(f"/api/v1/experts/{expert.pk}/accept/").status_code == 400
