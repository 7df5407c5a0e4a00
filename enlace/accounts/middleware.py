"""Per-user language, session timeouts and mandatory MFA, applied before any view runs."""

from __future__ import annotations

import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SESSION_STARTED = "enlace_session_started"
SESSION_SEEN = "enlace_session_seen"
SESSION_MFA_OK = "enlace_mfa_ok"

# Paths a signed-in user without a second factor may still reach: enrolment, sign-out, language.
_MFA_ENROLMENT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/i18n/",
    "/static/",
    "/health/",
    "/taxii2/",  # TAXII ignores the session: each request carries a token, whose owner must have MFA
)


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins over the browser's, and her time zone is used (after auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.preferred_language:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(ZoneInfo(user.time_zone or "UTC"))
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT of inactivity or SESSION_ABSOLUTE_TIMEOUT in total."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has expired.")}, status=401)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            request.session.setdefault(SESSION_STARTED, now)
            # Saving the session on every request would cost a write each time; once a minute is enough.
            if now - seen >= 60 or SESSION_SEEN not in request.session:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """A signed-in user without a second factor reaches nothing but MFA enrolment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.session.get(SESSION_MFA_OK):
            from allauth.mfa.utils import is_mfa_enabled

            if is_mfa_enabled(user):
                request.session[SESSION_MFA_OK] = True
            elif not request.path.startswith(_MFA_ENROLMENT_PREFIXES):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Set up a second factor before using Enlace.")}, status=403)
                messages.warning(request, _("Set up a second factor (an authenticator app or a passkey) to continue."))
                return redirect("mfa_index")
        return self.get_response(request)
