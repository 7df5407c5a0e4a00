"""The profile: name, language and time zone, in the page and the API; times shown in the user's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.test import Client

from enlace.accounts import actions
from enlace.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_profile_page_saves_language_and_time_zone(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as("focal_point")
    response = client.post(
        "/me/profile/", {"full_name": "Ana Pérez", "preferred_language": "es", "time_zone": "America/Santiago"}
    )
    assert response.status_code == 302
    user = persona("focal_point")
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == ("Ana Pérez", "es", "America/Santiago")


def test_unknown_time_zone_is_refused_in_the_page_and_the_api(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as("focal_point")
    response = client.post("/me/profile/", {"full_name": "X", "preferred_language": "en", "time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    user = persona("focal_point")
    _token, secret = actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = api.patch("/api/v1/me/", '{"time_zone": "Mars/Olympus"}', content_type="application/json")
    assert refused.status_code == 400
    assert "time_zone" in refused.json()
    accepted = api.patch("/api/v1/me/", '{"time_zone": "America/Port-au-Prince"}', content_type="application/json")
    assert accepted.status_code == 200
    assert accepted.json()["time_zone"] == "America/Port-au-Prince"
    user.refresh_from_db()
    assert user.full_name != "X"


def test_dates_are_shown_in_the_users_time_zone(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    client = client_as("focal_point")
    user = persona("focal_point")
    token, _secret = actions.create_api_token(user, actor=user, name="late", scope="read", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=datetime(2030, 1, 1, 23, 30, tzinfo=UTC))
    assert "01/01/2030" in client.get("/me/tokens/").content.decode()
    actions.update_profile(user, actor=user, time_zone="Pacific/Kiritimati")  # UTC+14: already 2 January
    page = client.get("/me/tokens/").content.decode()
    assert "01/02/2030" in page
    assert "01/01/2030" not in page
