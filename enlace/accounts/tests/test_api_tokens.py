"""Personal API tokens: shown once, hashed at rest, scoped, expiring, revocable, announced by e-mail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from enlace.accounts import actions
from enlace.accounts.models import ApiToken, User
from enlace.audit.models import AuditRecord
from enlace.common.testing import PASSWORD, make_user, sign_in

pytestmark = pytest.mark.django_db


def _token(user: User, scope: str = "read", days: int = 30) -> tuple[ApiToken, str]:
    return actions.create_api_token(user, actor=user, name="script", scope=scope, days=days)


def test_token_is_stored_hashed_and_authenticates() -> None:
    user = make_user("focal_point", state="CL")
    token, secret = _token(user)
    assert secret.startswith(f"enl_{token.key_id}_")
    assert secret.split("_", 2)[2] not in token.secret_hash
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_creating_a_token_is_audited_and_announced_by_mail_in_the_users_language(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    user = make_user("focal_point", state="CL", language="es")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        token, _secret = _token(user)
    assert AuditRecord.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert token.key_id in mail.outbox[0].body


@pytest.mark.parametrize("header", ["Bearer enl_nothing_here", "Bearer garbage", "Bearer enl_abc", "Bearer a b"])
def test_malformed_or_unknown_tokens_are_refused(header: str) -> None:
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_wrong_secret_for_a_real_key_id_is_refused() -> None:
    user = make_user("focal_point", state="CL")
    token, _secret = _token(user)
    forged = f"enl_{token.key_id}_{'x' * 43}"
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401


def test_read_token_cannot_write_but_write_token_can() -> None:
    user = make_user("focal_point", state="CL")
    _read, read_secret = _token(user, scope="read")
    _write, write_secret = _token(user, scope="write")
    body = '{"full_name": "Via API"}'
    refused = Client().patch(
        "/api/v1/me/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {read_secret}"
    )
    assert refused.status_code == 403
    accepted = Client().patch(
        "/api/v1/me/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {write_secret}"
    )
    assert accepted.status_code == 200
    user.refresh_from_db()
    assert user.full_name == "Via API"


def test_expired_and_revoked_tokens_are_refused() -> None:
    user = make_user("focal_point", state="CL")
    expired, expired_secret = _token(user)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {expired_secret}").status_code == 401
    revoked, revoked_secret = _token(user)
    actions.revoke_api_token(revoked, actor=user)
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {revoked_secret}").status_code == 401


def test_token_of_a_user_whose_second_factor_was_reset_stops_working() -> None:
    user = make_user("focal_point", state="CL")
    _token_obj, secret = _token(user)
    actions.reset_mfa(user, actor=None, reason="lost phone")
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_revoking_through_the_api_and_someone_elses_token_is_missing() -> None:
    owner = make_user("focal_point", state="CL")
    other = make_user("focal_point", state="CL")
    token, _secret = _token(owner, scope="write")
    _other_token, other_secret = _token(other, scope="write")
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {other_secret}")
    assert stranger.post(f"/api/v1/tokens/{token.pk}/revoke/").status_code == 404
    assert stranger.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    _own, own_secret = _token(owner, scope="write")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {own_secret}").post(f"/api/v1/tokens/{token.pk}/revoke/")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None


def test_creating_a_token_in_the_page_requires_recent_reauthentication(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    sign_in(client, user)
    # Signing in is not enough: creating a token asks for the password again.
    response = client.post("/me/tokens/new/", {"name": "ci", "scope": "read", "days": 30})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not ApiToken.objects.filter(user=user).exists()
    # allauth then replays the stashed request: the token is created by the confirmation itself.
    created = client.post(response.url, {"password": PASSWORD})
    assert created.status_code == 302
    assert created.url == "/me/tokens/"
    token = ApiToken.objects.get(user=user)
    assert f"enl_{token.key_id}_" in client.get("/me/tokens/").content.decode()
    # Shown once: the next visit of the list page no longer shows the secret.
    assert "enl_" + token.key_id + "_" not in client.get("/me/tokens/").content.decode()


def test_token_form_refuses_bad_input_without_writing(client_as: Callable[[str], Client]) -> None:
    client = client_as("focal_point")
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    response = client.post("/me/tokens/new/", {"name": "", "scope": "admin", "days": 9999})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_in_the_page(client_as: Callable[[str], Client], persona: Callable[[str], User]) -> None:
    client = client_as("focal_point")
    token, _secret = _token(persona("focal_point"))
    response = client.post(f"/me/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
