"""The assistance demo: requests at every stage from several states, two missions with recommendations at
every status, and each demo coordinator sees only her own state's requests."""

from __future__ import annotations

import pytest
from django.test import Client

from enlace.accounts import demo as accounts_demo
from enlace.accounts.models import User
from enlace.assistance import demo
from enlace.assistance.models import AssistanceRequest, Mission, Recommendation, RequestStatus

pytestmark = pytest.mark.django_db


def test_demo_requests_and_missions_cover_every_status_and_stay_within_their_state() -> None:
    accounts_demo.load()
    demo.load()
    demo.load()  # a second run changes nothing
    assert set(AssistanceRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(AssistanceRequest.objects.values_list("state__iso2", flat=True)) == {"AR", "JM", "HT"}
    assert Mission.objects.count() == 2
    assert set(Recommendation.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "implemented",
        "not_implemented",
    }
    assert any(r.overdue for r in Recommendation.objects.all())
    client = Client()
    client.force_login(User.objects.get(email="coordinator.jm@enlace.demo"))
    rows = client.get("/api/v1/assistance-requests/").json()["results"]
    assert {row["state"] for row in rows} == {"JM"}
    assert len(rows) == AssistanceRequest.objects.filter(state__iso2="JM").count()
