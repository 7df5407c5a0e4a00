"""Signing in: password then TOTP, throttling, session rotation and timeouts, sign-out."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from enlace.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from enlace.audit.models import AuditRecord
from enlace.common.testing import PASSWORD, make_user, sign_in, totp_now

pytestmark = pytest.mark.django_db


def test_password_then_totp_signs_in_and_reaches_the_dashboard(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/authenticate/")
    # Password alone: still anonymous, the dashboard sends back to sign-in.
    assert client.get("/dashboard/").status_code == 302
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code == 302
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert user.full_name in page.content.decode()
    assert AuditRecord.objects.filter(action="user.login", actor=user).exists()


def test_wrong_second_factor_is_refused(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    wrong = "000000" if totp_now() != "000000" else "111111"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/dashboard/").status_code == 302


def test_wrong_password_is_refused_and_audited(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    response = client.post("/accounts/login/", {"login": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditRecord.objects.filter(action="user.login_failed", changes__email=user.email).exists()


def test_repeated_failures_are_throttled_even_with_the_right_password(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_id_changes_on_sign_in(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.cookies["sessionid"] = before
    sign_in(client, user)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_sign_out_deletes_the_server_session(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    sign_in(client, user)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # Replaying the old cookie reaches nothing.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/dashboard/").status_code == 302


def test_account_without_second_factor_reaches_only_enrolment(client: Client) -> None:
    user = make_user("focal_point", state="CL", mfa=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    for path in ["/dashboard/", "/me/profile/", "/me/tokens/", "/audit/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == "/accounts/2fa/", path
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 403


def test_idle_session_expires(client: Client, settings: object) -> None:
    user = make_user("focal_point", state="CL")
    sign_in(client, user)
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert client.get("/dashboard/").status_code == 302


def test_absolute_session_lifetime_ends_an_active_session(client: Client) -> None:
    user = make_user("focal_point", state="CL")
    sign_in(client, user)
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - 13 * 3600
    session.save()
    assert client.get("/dashboard/").status_code == 302


def test_public_sign_up_is_closed(client: Client) -> None:
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    from enlace.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_mfa_reset_ends_every_session_and_token_of_the_user(client: Client) -> None:
    from enlace.accounts import actions
    from enlace.accounts.models import ApiToken

    user = make_user("focal_point", state="CL")
    sign_in(client, user)
    token, _secret = actions.create_api_token(user, actor=user, name="t", scope="read", days=5)
    assert client.get("/dashboard/").status_code == 200
    admin = make_user("secretariat_admin")
    actions.reset_mfa(user, actor=admin, reason="phone stolen")
    assert client.get("/dashboard/").status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    entry = AuditRecord.objects.filter(action="user.mfa_reset").latest("seq")
    assert entry.reason == "phone stolen"
    assert entry.actor == admin


def test_mfa_reset_page_is_for_administrators_and_asks_for_a_reason(client: Client) -> None:
    from allauth.mfa.models import Authenticator

    admin = make_user("secretariat_admin")
    target = make_user("focal_point", state="CL")
    sign_in(client, admin)
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    refused = client.post(f"/me/users/{target.pk}/mfa-reset/", {"reason": ""})
    assert refused.status_code == 400
    assert Authenticator.objects.filter(user=target).exists()
    done = client.post(f"/me/users/{target.pk}/mfa-reset/", {"reason": "lost device"})
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=target).exists()


def test_totp_secrets_are_encrypted_at_rest() -> None:
    from allauth.mfa.models import Authenticator

    from enlace.common.testing import TOTP_SECRET

    user = make_user("focal_point", state="CL")
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert TOTP_SECRET not in stored
    from allauth.mfa.utils import decrypt

    assert decrypt(stored) == TOTP_SECRET


def test_createsuperuser_makes_a_secretariat_administrator() -> None:
    from enlace.accounts.models import User
    from enlace.accounts.roles import Role

    user = User.objects.create_superuser("boss@example.org", PASSWORD, full_name="Boss")
    assert user.has_role(Role.SECRETARIAT_ADMIN)


def test_audit_records_the_client_address_behind_trusted_proxies(client: Client, settings: object) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    user = make_user("focal_point", state="CL")
    client.post(
        "/accounts/login/",
        {"login": user.email, "password": "wrong-password-1"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        REMOTE_ADDR="10.0.0.2",
    )
    assert AuditRecord.objects.filter(action="user.login_failed").latest("seq").ip == "203.0.113.7"
