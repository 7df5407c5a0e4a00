"""An expert's availability windows and certifications, kept from her profile by her and the Secretariat."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from enlace.accounts import actions as account_actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import AvailabilityWindow, Certification, Expert
from enlace.directory.testing import make_person

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def mine(persona: Callable[[str], User]) -> Expert:
    """The expert persona's own roster entry."""
    return Expert.objects.create(person=make_person("TT", user=persona("expert")))


def _window(expert: Expert, starts: str, ends: str | None = None, kind: str = "available") -> AvailabilityWindow:
    end = date.fromisoformat(ends) if ends else None
    start = date.fromisoformat(starts)
    return AvailabilityWindow.objects.create(expert=expert, starts_on=start, ends_on=end, kind=kind)


def test_an_expert_adds_changes_and_removes_her_windows_with_htmx(
    client_as: Callable[[str], Client], persona: Callable[[str], User], mine: Expert
) -> None:
    client = client_as("expert")
    added = client.post(
        f"/directory/experts/{mine.pk}/availability/",
        {"starts_on": "2027-01-10", "ends_on": "2027-03-31", "kind": "available", "note": "Evenings only"},
        headers=HTMX,
    )
    assert added.status_code == 200
    assert 'id="windows"' in added.content.decode()
    assert "<h1>" not in added.content.decode()  # the section only
    window = mine.windows.get()
    assert (window.starts_on, window.ends_on, window.note) == (date(2027, 1, 10), date(2027, 3, 31), "Evenings only")
    second = client.post(
        f"/directory/experts/{mine.pk}/availability/",
        {"starts_on": "2027-04-01", "ends_on": "", "kind": "partial", "note": ""},
    )
    assert second.status_code == 302  # without htmx: back to the profile
    assert mine.windows.count() == 2

    form = client.get(f"/directory/availability/{window.pk}/edit/", headers=HTMX)
    assert form.status_code == 200
    assert 'value="2027-01-10"' in form.content.decode()
    changed = client.post(
        f"/directory/availability/{window.pk}/edit/",
        {"starts_on": "2027-01-15", "ends_on": "2027-03-31", "kind": "unavailable", "note": "Leave"},
        headers=HTMX,
    )
    assert changed.status_code == 200
    assert changed["HX-Retarget"] == "#windows"
    window.refresh_from_db()
    assert (window.starts_on, window.kind) == (date(2027, 1, 15), "unavailable")
    change = AuditRecord.objects.get(action="expert.window_change")
    assert change.changes["kind"] == ["available", "unavailable"]
    assert change.actor == persona("expert")

    removed = client.post(f"/directory/availability/{window.pk}/remove/", headers=HTMX)
    assert removed.status_code == 200
    assert not AvailabilityWindow.objects.filter(pk=window.pk).exists()
    assert AuditRecord.objects.get(action="expert.window_remove").changes["starts_on"] == "2027-01-15"
    assert AuditRecord.objects.filter(action="expert.window_add").count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_on": "2027-02-15", "ends_on": "2027-05-01"}, "starts_on", "overlaps"),
        ({"starts_on": "2026-12-01", "ends_on": ""}, "starts_on", "overlaps"),  # no end: runs into the window
        ({"starts_on": "2027-08-01", "ends_on": "2027-07-01"}, "ends_on", "end on or after"),
        ({"starts_on": "", "ends_on": "2027-07-01"}, "starts_on", "required"),
        ({"starts_on": "2027-08-01", "kind": "maybe"}, "kind", "valid choice"),
    ],
)
def test_bad_or_overlapping_windows_are_refused_and_save_nothing(
    data: dict[str, str], field: str, message: str, client_as: Callable[[str], Client], mine: Expert
) -> None:
    _window(mine, "2027-01-01", "2027-03-01")
    body = {"kind": "available", "note": "", "ends_on": "", **data}
    client = client_as("expert")
    response = client.post(f"/directory/experts/{mine.pk}/availability/", body)
    assert response.status_code == 400
    errors = " ".join(response.context["window_form"].errors[field])
    assert message in errors
    assert mine.windows.count() == 1
    assert not AuditRecord.objects.filter(action="expert.window_add").exists()
    with_htmx = client.post(f"/directory/experts/{mine.pk}/availability/", body, headers=HTMX)
    assert with_htmx.status_code == 200  # htmx swaps no 4xx: the section comes back with its errors
    assert message in with_htmx.content.decode()
    assert mine.windows.count() == 1


def test_a_changed_window_may_keep_its_own_days_but_not_take_anothers(
    client_as: Callable[[str], Client], mine: Expert
) -> None:
    first = _window(mine, "2027-01-01", "2027-03-01")
    _window(mine, "2027-04-01", "2027-05-01", kind="unavailable")
    client = client_as("officer")
    same = {"starts_on": "2027-01-01", "ends_on": "2027-03-15", "kind": "partial", "note": ""}
    assert client.post(f"/directory/availability/{first.pk}/edit/", same).status_code == 302
    into = {"starts_on": "2027-01-01", "ends_on": "2027-04-10", "kind": "partial", "note": ""}
    refused = client.post(f"/directory/availability/{first.pk}/edit/", into)
    assert refused.status_code == 400
    first.refresh_from_db()
    assert first.ends_on == date(2027, 3, 15)


def test_the_roster_search_uses_every_window(client_as: Callable[[str], Client]) -> None:
    busy_then_free = Expert.objects.create(person=make_person("TT"))
    _window(busy_then_free, "2027-01-01", "2027-01-31", kind="unavailable")
    _window(busy_then_free, "2027-02-01", "2027-02-28")
    partly = Expert.objects.create(person=make_person("JM"))
    _window(partly, "2027-01-10", None, kind="partial")
    away = Expert.objects.create(person=make_person("BB"))
    _window(away, "2026-06-01", "2027-12-31", kind="unavailable")
    Expert.objects.create(person=make_person("PA"))  # no window: not known to be available

    client = client_as("officer")

    def found(query: str) -> set[int]:
        return {e.pk for e in client.get(f"/directory/experts/?{query}").context["object_list"]}

    assert found("available_from=2027-01-05&available_to=2027-01-08") == set()
    assert found("available_from=2027-01-05&available_to=2027-01-20") == {partly.pk}
    assert found("available_from=2027-01-20&available_to=2027-02-03") == {busy_then_free.pk, partly.pk}
    assert found("available_on=2027-02-15") == {busy_then_free.pk, partly.pk}
    assert found("available_on=2030-01-01") == {partly.pk}  # a window without an end
    assert found("available_from=2027-03-01") == {partly.pk}  # one bound: that day
    assert len(found("")) == 4
    assert client.get("/directory/experts/?available_from=soon").status_code == 200  # an ignored bad date


def test_windows_belong_to_their_expert_only(
    client_as: Callable[[str], Client], persona: Callable[[str], User], mine: Expert
) -> None:
    other = Expert.objects.create(person=make_person("JM"))
    theirs = _window(other, "2027-01-01", "2027-02-01")
    expert = client_as("expert")
    body = {"starts_on": "2027-05-01", "ends_on": "", "kind": "available", "note": ""}
    assert expert.post(f"/directory/experts/{other.pk}/availability/", body).status_code == 404
    assert expert.get(f"/directory/availability/{theirs.pk}/edit/").status_code == 404
    assert expert.post(f"/directory/availability/{theirs.pk}/edit/", body).status_code == 404
    assert expert.post(f"/directory/availability/{theirs.pk}/remove/").status_code == 404
    for who in ("coordinator", "focal_point", "donor", "csirt_analyst"):
        client = client_as(who)
        assert client.get(f"/directory/availability/{theirs.pk}/edit/").status_code == 404
        assert client.post(f"/directory/availability/{theirs.pk}/remove/").status_code == 404
    assert other.windows.count() == 1
    assert client_as("admin").post(f"/directory/availability/{theirs.pk}/remove/").status_code == 302
    assert not other.windows.exists()


def test_certifications_are_corrected_and_removed_with_an_audit(
    client_as: Callable[[str], Client], mine: Expert
) -> None:
    lapsed = Certification.objects.create(
        expert=mine, name="GCIH", issuer="GIAC", obtained_on=date(2019, 1, 1), expires_on=date(2021, 1, 1)
    )
    client = client_as("expert")
    page = client.get(f"/directory/experts/{mine.pk}/").content.decode()
    assert 'class="expired"' in page
    assert f"/directory/certifications/{lapsed.pk}/edit/" in page
    form = client.get(f"/directory/certifications/{lapsed.pk}/edit/", headers=HTMX)
    assert form.status_code == 200
    assert 'value="GCIH"' in form.content.decode()
    renewed = {"name": "GCIH", "issuer": "GIAC", "obtained_on": "2024-01-01", "expires_on": "2031-01-01"}
    response = client.post(f"/directory/certifications/{lapsed.pk}/edit/", renewed, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#certifications"
    assert 'class="expired"' not in response.content.decode()
    lapsed.refresh_from_db()
    assert lapsed.expires_on == date(2031, 1, 1)
    change = AuditRecord.objects.get(action="expert.certification_change")
    assert change.changes["expires_on"] == ["2021-01-01", "2031-01-01"]
    assert "name" not in change.changes  # only what changed

    backwards = {**renewed, "expires_on": "2023-12-31"}
    refused = client.post(f"/directory/certifications/{lapsed.pk}/edit/", backwards)
    assert refused.status_code == 400
    assert refused.context["form"].errors["expires_on"]
    lapsed.refresh_from_db()
    assert lapsed.expires_on == date(2031, 1, 1)
    assert AuditRecord.objects.filter(action="expert.certification_change").count() == 1

    officer = client_as("officer")
    assert officer.post(f"/directory/certifications/{lapsed.pk}/remove/").status_code == 302
    assert not Certification.objects.filter(pk=lapsed.pk).exists()
    assert AuditRecord.objects.get(action="expert.certification_remove").changes["name"] == "GCIH"


def test_only_she_and_the_secretariat_touch_her_certifications(
    client_as: Callable[[str], Client], mine: Expert
) -> None:
    other = Expert.objects.create(person=make_person("JM"))
    theirs = Certification.objects.create(expert=other, name="CISSP", issuer="ISC2", obtained_on=date(2022, 1, 1))
    body = {"name": "Mine", "issuer": "X", "obtained_on": "2022-01-01", "expires_on": ""}
    for who in ("expert", "coordinator", "focal_point", "donor", "csirt_analyst"):
        client = client_as(who)
        assert client.get(f"/directory/certifications/{theirs.pk}/edit/").status_code == 404
        assert client.post(f"/directory/certifications/{theirs.pk}/edit/", body).status_code == 404
        assert client.post(f"/directory/certifications/{theirs.pk}/remove/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "CISSP"
    assert client_as("admin").post(f"/directory/certifications/{theirs.pk}/edit/", body).status_code == 302
    theirs.refresh_from_db()
    assert theirs.name == "Mine"


def test_windows_are_added_over_the_api_and_overlaps_refused(persona: Callable[[str], User], mine: Expert) -> None:
    _token, secret = account_actions.create_api_token(
        persona("expert"), actor=persona("expert"), name="t", scope="write", days=1
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def post(body: object) -> tuple[int, Any]:
        response = api.post(f"/api/v1/experts/{mine.pk}/windows/", json.dumps(body), content_type="application/json")
        return response.status_code, response.json()

    code, window = post({"starts_on": "2027-01-01", "ends_on": "2027-02-01", "kind": "partial"})
    assert code == 201, window
    assert (window["kind"], window["ends_on"]) == ("partial", "2027-02-01")
    code, answer = post({"starts_on": "2027-01-20"})
    assert code == 400
    assert "starts_on" in answer
    code, answer = post({"starts_on": "2027-03-01", "hours": 3})
    assert (code, list(answer)) == (400, ["hours"])
    assert mine.windows.count() == 1
    detail = api.get(f"/api/v1/experts/{mine.pk}/").json()
    assert [w["starts_on"] for w in detail["windows"]] == ["2027-01-01"]
    other = Expert.objects.create(person=make_person("JM"))
    path = f"/api/v1/experts/{other.pk}/windows/"
    refused = api.post(path, {"starts_on": "2027-01-01"}, content_type="application/json")
    assert refused.status_code == 404
    assert not other.windows.exists()


def test_the_api_flags_expired_certifications(persona: Callable[[str], User], mine: Expert) -> None:
    Certification.objects.create(
        expert=mine, name="Old", issuer="X", obtained_on=date(2019, 1, 1), expires_on=date(2021, 1, 1)
    )
    Certification.objects.create(
        expert=mine, name="Live", issuer="X", obtained_on=date(2024, 1, 1), expires_on=date(2099, 1, 1)
    )
    Certification.objects.create(expert=mine, name="Forever", issuer="X", obtained_on=date(2024, 1, 1))
    _token, secret = account_actions.create_api_token(
        persona("officer"), actor=persona("officer"), name="t", scope="read", days=1
    )
    body = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"/api/v1/experts/{mine.pk}/").json()
    assert {c["name"]: c["expired"] for c in body["certifications"]} == {"Old": True, "Live": False, "Forever": False}


def _api(user: User) -> Client:
    _token, secret = account_actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_windows_and_certifications_are_changed_and_removed_over_the_api(
    persona: Callable[[str], User], mine: Expert
) -> None:
    api = _api(persona("expert"))
    first, second = _window(mine, "2027-01-01", "2027-01-31"), _window(mine, "2027-03-01", "2027-03-31")
    changed = api.patch(
        f"/api/v1/availability-windows/{second.pk}/", {"kind": "partial"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["kind"], changed.json()["starts_on"]) == ("partial", "2027-03-01")  # the rest is kept
    clash = api.patch(
        f"/api/v1/availability-windows/{second.pk}/", {"starts_on": "2027-01-15"}, content_type="application/json"
    )
    assert clash.status_code == 400
    assert "starts_on" in clash.json()
    second.refresh_from_db()
    assert second.starts_on == date(2027, 3, 1)  # nothing half-saved
    assert api.delete(f"/api/v1/availability-windows/{first.pk}/").status_code == 204
    assert list(mine.windows.values_list("pk", flat=True)) == [second.pk]
    assert AuditRecord.objects.filter(action="expert.window_remove").count() == 1

    certification = Certification.objects.create(
        expert=mine, name="GCIH", issuer="GIAC", obtained_on=date(2024, 1, 1), expires_on=date(2027, 1, 1)
    )
    path = f"/api/v1/certifications/{certification.pk}/"
    renewed = api.patch(path, {"expires_on": "2030-01-01"}, content_type="application/json")
    assert renewed.status_code == 200
    assert renewed.json()["expires_on"] == "2030-01-01"
    backwards = api.patch(path, {"expires_on": "2023-01-01"}, content_type="application/json")
    assert backwards.status_code == 400
    assert "expires_on" in backwards.json()
    assert api.patch(path, {"grade": "A"}, content_type="application/json").status_code == 400  # unknown field
    assert AuditRecord.objects.filter(action="expert.certification_change").count() == 1
    assert api.delete(path).status_code == 204
    assert not Certification.objects.filter(pk=certification.pk).exists()

    other = Expert.objects.create(person=make_person("JM"))
    theirs = _window(other, "2027-01-01")
    assert (
        api.patch(f"/api/v1/availability-windows/{theirs.pk}/", {}, content_type="application/json").status_code == 404
    )
    assert api.delete(f"/api/v1/availability-windows/{theirs.pk}/").status_code == 404
    assert AvailabilityWindow.objects.filter(pk=theirs.pk).exists()


def test_an_expert_applies_over_the_api(persona: Callable[[str], User]) -> None:
    expert_user = persona("expert")
    make_person("TT", user=expert_user)
    api = _api(expert_user)
    answer = api.post(
        "/api/v1/roster/apply/",
        {"summary": "Port security trainer.", "skills": ["port-security"]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert (answer.json()["status"], answer.json()["skills"]) == ("applied", ["port-security"])
    again = api.post("/api/v1/roster/apply/", {}, content_type="application/json")
    assert again.status_code == 400  # one entry per person
    assert (
        _api(persona("focal_point")).post("/api/v1/roster/apply/", {}, content_type="application/json").status_code
        == 404
    )
