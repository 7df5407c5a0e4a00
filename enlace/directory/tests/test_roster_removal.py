"""Experts removed from the roster with a reason, and reinstated: the Secretariat's alone, by page and API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import Expert, ExpertStatus, Mission
from enlace.directory.testing import make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(api: Client, path: str, body: object) -> tuple[int, Any]:
    response = api.post(path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


@pytest.fixture
def expert(persona: Callable[[str], User]) -> Expert:
    """The expert persona's roster entry, with one mission delivered."""
    person = make_person("PA", user=persona("expert"))
    person.full_name = "Lucía Roster"
    person.save(update_fields=["full_name"])
    entry = Expert.objects.create(person=person)
    panama = MemberState.objects.get(iso2="PA")
    Mission.objects.create(expert=entry, title="Port security course", state=panama, year=2024)
    return entry


def _names(client: Client, query: str = "") -> list[str]:
    return [e.person.full_name for e in client.get(f"/directory/experts/{query}").context["object_list"]]


def test_the_secretariat_removes_an_expert_from_the_page_and_reinstates_her(
    client_as: Callable[[str], Client], persona: Callable[[str], User], expert: Expert
) -> None:
    officer = client_as("officer")
    assert "Lucía Roster" in _names(officer)
    assert "Remove from the roster" in officer.get(f"/directory/experts/{expert.pk}/").content.decode()

    response = officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "Left the national CSIRT."})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.REMOVED
    assert expert.removal_reason == "Left the national CSIRT."
    assert expert.removed_by == persona("officer")
    assert expert.removed_at is not None
    removed = AuditRecord.objects.get(action="expert.remove")
    assert removed.reason == "Left the national CSIRT."
    # Gone from the search; her entry and missions stay, and the Secretariat finds her among the removed.
    assert "Lucía Roster" not in _names(officer)
    assert "Lucía Roster" in _names(officer, "?status=removed")
    detail = officer.get(f"/directory/experts/{expert.pk}/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Left the national CSIRT." in page
    assert "Port security course" in page
    assert Mission.objects.filter(expert=expert).count() == 1
    # Removing twice is refused, and changes nothing.
    officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "Again."})
    assert AuditRecord.objects.filter(action="expert.remove").count() == 1

    response = officer.post(f"/directory/experts/{expert.pk}/reinstate/")
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.status, expert.removal_reason, expert.removed_at) == (ExpertStatus.ACTIVE, "", None)
    reinstated = AuditRecord.objects.get(action="expert.reinstate")
    assert reinstated.changes["removal"]["reason"] == "Left the national CSIRT."
    assert "Lucía Roster" in _names(officer)


def test_a_removal_without_a_reason_is_refused(client_as: Callable[[str], Client], expert: Expert) -> None:
    officer = client_as("officer")
    response = officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "  "}, follow=True)
    assert "Say why the expert leaves the roster." in response.content.decode()
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE
    assert not AuditRecord.objects.filter(action="expert.remove").exists()


@pytest.mark.parametrize("name", ["expert", "coordinator", "focal_point", "donor"])
def test_only_the_secretariat_removes_or_reinstates(
    client_as: Callable[[str], Client], expert: Expert, name: str
) -> None:
    client = client_as(name)
    assert client.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "No."}).status_code == 404
    Expert.objects.filter(pk=expert.pk).update(status=ExpertStatus.REMOVED, removal_reason="Test.")
    assert client.post(f"/directory/experts/{expert.pk}/reinstate/").status_code == 404
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.REMOVED
    assert not AuditRecord.objects.filter(action__in=["expert.remove", "expert.reinstate"]).exists()


def test_the_expert_sees_no_remove_button_on_her_own_entry(client_as: Callable[[str], Client], expert: Expert) -> None:
    page = client_as("expert").get(f"/directory/experts/{expert.pk}/").content.decode()
    assert "Remove from the roster" not in page


def test_the_api_removes_and_reinstates_with_the_same_policy(persona: Callable[[str], User], expert: Expert) -> None:
    officer = _api(persona("officer"))
    own = _api(persona("expert"))
    assert _post(own, f"/api/v1/experts/{expert.pk}/remove/", {"reason": "Me."})[0] == 404
    assert _post(officer, f"/api/v1/experts/{expert.pk}/remove/", {})[0] == 400
    code, body = _post(officer, f"/api/v1/experts/{expert.pk}/remove/", {"reason": "Retired."})
    assert code == 200
    assert (body["status"], body["removal_reason"]) == ("removed", "Retired.")
    assert len(body["missions"]) == 1
    listed = officer.get("/api/v1/experts/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert expert.pk not in [row["id"] for row in rows]
    assert officer.get(f"/api/v1/experts/{expert.pk}/").status_code == 200
    assert _post(officer, f"/api/v1/experts/{expert.pk}/remove/", {"reason": "Twice."})[0] == 400
    assert _post(own, f"/api/v1/experts/{expert.pk}/reinstate/", {})[0] == 404
    code, body = _post(officer, f"/api/v1/experts/{expert.pk}/reinstate/", {"reason": "Back."})
    assert (code, body["status"]) == (200, "active")
    assert _post(officer, f"/api/v1/experts/{expert.pk}/reinstate/", {})[0] == 400


def test_a_removed_entry_and_the_removed_search_keep_the_pinned_query_counts(
    client_as: Callable[[str], Client], expert: Expert, django_assert_num_queries: Any
) -> None:
    officer = client_as("officer")
    officer.get("/directory/experts/")  # warm-up: the first request after sign-in also saves the session
    officer.post(f"/directory/experts/{expert.pk}/remove/", {"reason": "Retired."})
    with django_assert_num_queries(10):  # as an active entry's page (test_query_counts): who removed her is joined
        assert officer.get(f"/directory/experts/{expert.pk}/").status_code == 200
    with django_assert_num_queries(9):  # as the roster search
        assert officer.get("/directory/experts/?status=removed").status_code == 200
