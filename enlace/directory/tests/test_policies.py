"""Who sees which designations, people and channels — by page, API, list and search."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.directory.models import DesignationStatus
from enlace.directory.testing import make_designation, make_person

pytestmark = pytest.mark.django_db


def _member_of(user: User, iso2: str, code: str) -> None:
    """Give `user` her own person with an active designation in network `code`."""
    make_designation(iso2, code, person=make_person(iso2, user=user), role="alternate")


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="read", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_focal_point_of_network_a_cannot_reach_someone_only_in_network_b(
    persona: Callable[[str], User],
) -> None:
    focal = persona("focal_point")  # Chile
    _member_of(focal, "CL", "counterterrorism")
    colleague = make_designation("BR", "counterterrorism")
    stranger = make_designation("BR", "unscr-1540")  # only in another network
    client = sign_in(Client(), focal)

    assert client.get(f"/directory/people/{colleague.person_id}/").status_code == 200
    assert client.get(f"/directory/people/{stranger.person_id}/").status_code == 404
    listing = client.get("/directory/designations/?q=Person").content.decode()
    assert colleague.person.full_name in listing
    assert stranger.person.full_name not in listing
    assert client.get("/directory/networks/unscr-1540/BR/reachable-now/").status_code == 404
    assert client.get("/directory/networks/counterterrorism/BR/reachable-now/").status_code == 200

    api = _api(focal)
    assert api.get(f"/api/v1/people/{colleague.person_id}/").status_code == 200
    assert api.get(f"/api/v1/people/{stranger.person_id}/").status_code == 404
    assert api.get(f"/api/v1/designations/{stranger.pk}/").status_code == 404
    ids = {d["id"] for d in api.get("/api/v1/designations/?limit=500").json()["results"]}
    assert colleague.pk in ids
    assert stranger.pk not in ids


def test_network_members_see_only_active_designations(persona: Callable[[str], User]) -> None:
    focal = persona("focal_point")
    _member_of(focal, "CL", "counterterrorism")
    proposed = make_designation("BR", "counterterrorism", status=DesignationStatus.PROPOSED)
    client = sign_in(Client(), focal)
    assert client.get(f"/directory/people/{proposed.person_id}/").status_code == 404


def test_channels_follow_their_visibility(persona: Callable[[str], User]) -> None:
    focal = persona("focal_point")  # Chile
    _member_of(focal, "CL", "counterterrorism")
    foreign = make_designation("BR", "counterterrorism")
    compatriot = make_designation("CL", "counterterrorism")
    client = sign_in(Client(), focal)

    foreign_page = client.get(f"/directory/people/{foreign.person_id}/").content.decode()
    assert "@example.org" in foreign_page  # network channel
    assert "+1 555 01" not in foreign_page  # own-state channel of another state
    assert "+1 555 09" not in foreign_page  # Secretariat-only channel
    own_state_page = client.get(f"/directory/people/{compatriot.person_id}/").content.decode()
    assert "+1 555 01" in own_state_page
    assert "+1 555 09" not in own_state_page

    kinds = {c["kind"] for c in _api(focal).get(f"/api/v1/people/{foreign.person_id}/").json()["channels"]}
    assert kinds == {"email"}


def test_secretariat_sees_every_channel(client_as: Callable[[str], Client]) -> None:
    designation = make_designation("BR", "counterterrorism")
    page = client_as("officer").get(f"/directory/people/{designation.person_id}/").content.decode()
    assert "+1 555 01" in page
    assert "+1 555 09" in page


def test_coordinator_sees_her_states_designations_in_every_network(client_as: Callable[[str], Client]) -> None:
    own = make_designation("AR", "unscr-1540", status=DesignationStatus.PROPOSED)
    other = make_designation("UY", "unscr-1540")
    client = client_as("coordinator")  # Argentina
    assert client.get(f"/directory/people/{own.person_id}/").status_code == 200
    assert client.get(f"/directory/people/{other.person_id}/").status_code == 404


def test_every_view_of_contact_details_is_audited_and_shown_to_the_state(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    designation = make_designation("AR", "counterterrorism")
    officer = client_as("officer")
    assert officer.get(f"/directory/people/{designation.person_id}/").status_code == 200
    assert officer.get("/directory/networks/counterterrorism/AR/reachable-now/").status_code == 200
    views = AuditRecord.objects.filter(action__startswith="directory.", changes__state="AR")
    assert {r.action for r in views} == {"directory.person.view", "directory.reachable_now.view"}
    coordinator = client_as("coordinator")  # Argentina
    log = coordinator.get("/directory/states/AR/access-log/")
    assert log.status_code == 200
    assert "officer@example.org" in log.content.decode()
    assert coordinator.get("/directory/states/UY/access-log/").status_code == 404
