"""Partners and budgets of an activity: added and removed from its page (HTMX or not), audited, validated; and
activities written over the API with the form's validation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from enlace.accounts.actions import create_api_token
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, ActivityBudget, ActivityPartner, Program

pytestmark = pytest.mark.django_db


def _activity(program: str = "cybersecurity") -> Activity:
    return create_activity(
        actor=None,
        title="CSIRT training",
        program=Program.objects.get(code=program),
        kind="training",
        modality="virtual",
        starts_on=date(2026, 4, 1),
        states=list(MemberState.objects.filter(iso2__in=["AR"])),
    )


PARTNER = {"partner-name": "Government of Canada", "partner-role": "1", "partner-org_type": "10", "partner-ref": ""}
BUDGET = {
    "budget-period_start": "2026-01-01",
    "budget-period_end": "2026-12-31",
    "budget-value": "50000",
    "budget-currency": "USD",
    "budget-kind": "1",
}


def test_an_officer_adds_and_removes_partners_and_budgets_audited(client_as: Callable[[str], Client]) -> None:
    activity = _activity()
    officer = client_as("officer")
    page = officer.get(f"/workplan/activities/{activity.pk}/")
    assert page.status_code == 200
    assert "Add a partner" in page.content.decode()
    response = officer.post(f"/workplan/activities/{activity.pk}/partners/", PARTNER, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Government of Canada" in response.content.decode()
    assert "<html" not in response.content.decode()  # the section only
    response = officer.post(f"/workplan/activities/{activity.pk}/budgets/", BUDGET)
    assert response.status_code == 302
    budget = ActivityBudget.objects.get(activity=activity)
    partner = ActivityPartner.objects.get(activity=activity)
    assert (partner.role, partner.org_type, str(budget.value)) == (1, 10, "50000.00")
    officer.post(f"/workplan/activities/{activity.pk}/partners/{partner.pk}/remove/")
    officer.post(f"/workplan/activities/{activity.pk}/budgets/{budget.pk}/remove/")
    assert not activity.partners.exists()
    assert not activity.budgets.exists()
    actions = list(AuditRecord.objects.filter(object_id=str(activity.pk)).values_list("action", flat=True))
    for action in ("partner_add", "budget_add", "partner_remove", "budget_remove"):
        assert f"activity.{action}" in actions


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget-period_end": "2025-12-31"}, "The period ends before it starts."),
        ({"budget-period_end": "2027-06-30"}, "A budget period lasts at most a year."),
        ({"budget-value": "-5"}, "greater than or equal to 0"),
        ({"budget-currency": "usd"}, "three-letter ISO 4217 code"),
    ],
)
def test_a_bad_budget_is_refused_and_nothing_is_written(
    client_as: Callable[[str], Client], changes: dict[str, str], message: str
) -> None:
    activity = _activity()
    response = client_as("officer").post(f"/workplan/activities/{activity.pk}/budgets/", {**BUDGET, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not activity.budgets.exists()


def test_a_partner_needs_an_iati_role(client_as: Callable[[str], Client]) -> None:
    activity = _activity()
    response = client_as("officer").post(
        f"/workplan/activities/{activity.pk}/partners/", {**PARTNER, "partner-role": "7"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not activity.partners.exists()


def test_others_cannot_change_partners(client_as: Callable[[str], Client]) -> None:
    border = _activity("border-security")
    officer = client_as("officer")  # runs cybersecurity only
    assert officer.post(f"/workplan/activities/{border.pk}/partners/", PARTNER).status_code == 404
    assert "Add a partner" not in officer.get(f"/workplan/activities/{border.pk}/").content.decode()
    coordinator = client_as("coordinator")
    assert coordinator.post(f"/workplan/activities/{_activity().pk}/budgets/", BUDGET).status_code == 404
    assert not ActivityPartner.objects.exists()
    assert not ActivityBudget.objects.exists()


def _api(user: User) -> Client:
    _token, secret = create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


BODY: dict[str, Any] = {
    "title": "Cyber crisis exercise",
    "program": "cybersecurity",
    "kind": "exercise",
    "modality": "in_person",
    "starts_on": "2026-05-04",
    "ends_on": "2026-05-06",
    "states": ["CL", "PE"],
    "status": 2,
    "partners": [{"name": "Government of Spain", "role": 1, "org_type": 10, "ref": "XM-DAC-50-1"}],
    "budgets": [{"period_start": "2026-01-01", "period_end": "2026-12-31", "value": "30000.00", "currency": "EUR"}],
}


def test_the_api_records_and_changes_an_activity_with_partners_and_budgets(persona: Callable[[str], User]) -> None:
    api = _api(persona("officer"))
    response = api.post("/api/v1/activities/", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["program"], body["states"], body["gender_significance"]) == ("cybersecurity", ["CL", "PE"], 1)
    assert body["partners"][0]["role"] == 1
    assert body["budgets"][0]["currency"] == "EUR"
    pk = body["id"]
    patched = api.patch(
        f"/api/v1/activities/{pk}/", {"status": 4, "budgets": []}, content_type="application/json"
    ).json()
    assert (patched["status"], patched["budgets"], patched["title"]) == (4, [], "Cyber crisis exercise")
    assert len(patched["partners"]) == 1  # left out: kept
    assert AuditRecord.objects.filter(action="activity.update", object_id=str(pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"program": "border-security"}, "program"),  # not the officer's program, as in the form
        ({"ends_on": "2026-01-01"}, "ends_on"),
        ({"states": ["ZZ"]}, "states"),
        ({"budgets": [{"period_start": "2026-01-01", "period_end": "2025-01-01", "value": "1"}]}, "period_end"),
        ({"partners": [{"name": "X", "role": 9}]}, "partners"),
    ],
)
def test_the_api_refuses_what_the_form_refuses_and_writes_nothing(
    persona: Callable[[str], User], changes: dict[str, Any], field: str
) -> None:
    api = _api(persona("officer"))
    response = api.post("/api/v1/activities/", {**BODY, **changes}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.content
    assert not Activity.objects.exists()
