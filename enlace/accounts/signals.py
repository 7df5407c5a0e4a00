"""Sign-in events and second-factor changes go to the audit trail."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from enlace.accounts.middleware import SESSION_MFA_OK, SESSION_SEEN, SESSION_STARTED
from enlace.audit.actions import record


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Start the session clocks and audit the sign-in (the session key was already rotated)."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    request.session.pop(SESSION_MFA_OK, None)
    record("user.login", actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Audit the sign-out."""
    if user is not None:
        record("user.logout", actor=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Audit a failed sign-in with the address tried (never the password)."""
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(
        "user.login_failed",
        actor=None,
        object_type="accounts.user",
        object_repr=tried[:200],
        changes={"email": tried},
    )


@receiver(authenticator_added)
def on_authenticator_added(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Audit a new second factor."""
    record("user.mfa_added", actor=user, obj=user, changes={"type": authenticator.type})


@receiver(authenticator_removed)
def on_authenticator_removed(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Audit a removed second factor; the session must prove MFA again."""
    request.session.pop(SESSION_MFA_OK, None)
    record("user.mfa_removed", actor=user, obj=user, changes={"type": authenticator.type})


@receiver(authenticator_reset)
def on_authenticator_reset(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Audit regenerated recovery codes."""
    record("user.mfa_reset_codes", actor=user, obj=user, changes={"type": authenticator.type})
