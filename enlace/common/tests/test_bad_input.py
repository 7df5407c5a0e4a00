"""Bad input gets a clear 4xx in the user's language, never a 500, and nothing is half-written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from enlace.accounts import actions
from enlace.accounts.models import User
from enlace.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(persona: Callable[[str], User]) -> Client:
    """An API client with a write token of the focal-point persona."""
    user = persona("focal_point")
    _token, secret = actions.create_api_token(user, actor=user, name="t", scope="write", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _patch(api: Client, body: str, **extra: str) -> tuple[int, dict[str, object]]:
    response = api.patch("/api/v1/me/", body, content_type="application/json", **extra)
    return response.status_code, response.json()


def test_malformed_json_is_a_400(api: Client) -> None:
    status, body = _patch(api, '{"full_name": ')
    assert status == 400
    assert "JSON" in str(body["detail"])


def test_wrong_type_is_a_400_naming_the_field(api: Client, persona: Callable[[str], User]) -> None:
    status, body = _patch(api, '{"full_name": {"nested": true}}')
    assert status == 400
    assert "full_name" in body
    assert persona("focal_point").full_name != "{'nested': True}"


def test_unknown_field_is_a_400_and_nothing_is_written(api: Client, persona: Callable[[str], User]) -> None:
    before = AuditRecord.objects.count()
    status, body = _patch(api, '{"full_name": "New Name", "is_superuser": true}')
    assert status == 400
    assert body == {"is_superuser": ["Unknown field."]}
    user = persona("focal_point")
    user.refresh_from_db()
    assert user.full_name != "New Name"
    assert AuditRecord.objects.count() == before


def test_read_only_field_cannot_be_written(api: Client) -> None:
    status, body = _patch(api, '{"email": "takeover@example.org"}')
    assert status == 400
    assert "email" in body


def test_invalid_choice_is_a_400(api: Client) -> None:
    status, body = _patch(api, '{"preferred_language": "klingon"}')
    assert status == 400
    assert "preferred_language" in body


def test_oversize_body_is_a_413(api: Client, settings: object) -> None:
    huge = '{"full_name": "' + "x" * 3_000_000 + '"}'
    status, body = _patch(api, huge)
    assert status == 413
    assert body["detail"] == "The request body is too large."


def test_wrong_media_type_is_a_415(api: Client) -> None:
    response = api.patch("/api/v1/me/", "full_name=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_errors_come_in_the_requests_language(api: Client) -> None:
    status, body = _patch(api, '{"full_name": "x", "unknown": 1}', HTTP_ACCEPT_LANGUAGE="es")
    assert status == 400
    assert body == {"unknown": ["Campo desconocido."]}


def test_unknown_api_path_is_a_json_404(api: Client) -> None:
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404


def test_form_errors_are_400_in_the_users_language(client_as: Callable[[str], Client]) -> None:
    client = client_as("focal_point")
    response = client.post("/me/profile/", {"full_name": "", "preferred_language": "xx"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert 'lang="en"' in response.content.decode()  # the user's own preference (en) wins over the browser


def test_404_page_is_translated_and_has_no_stack_trace(client: Client) -> None:
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="pt-br")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="pt-br"' in page
    assert "Traceback" not in page
