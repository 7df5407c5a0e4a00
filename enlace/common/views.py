"""Public pages, the dashboard shell, health, language switching and error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from enlace.accounts.actions import set_preferred_language
from enlace.accounts.models import RoleAssignment, signed_in_user
from enlace.common.health import worker_status
from enlace.notifications.models import Notification
from enlace.workplan.models import Program


@method_decorator(login_not_required, name="dispatch")
class HomeView(TemplateView):
    """The public home page: what Enlace is and the programs of the current work plan."""

    template_name = "common/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["programs"] = Program.objects.visible_to(self.request.user)
        return context


class DashboardView(TemplateView):
    """The signed-in user's start page: her roles and the modules she can open."""

    template_name = "common/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["roles"] = RoleAssignment.objects.visible_to(self.request.user).filter(user=self.request.user.pk)
        context["roles"] = context["roles"].select_related("state", "program")
        context["unread"] = list(
            Notification.objects.restrict(self.request.user, "view").filter(read_at__isnull=True)[:5]
        )
        return context


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is kept as her preference."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        if request.user.is_authenticated:
            user = signed_in_user(request)
            set_preferred_language(user, code, actor=user)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
    return response


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Is the database reachable and is the task worker keeping up? No data, no auth."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any database failure is reported, not raised
        checks["database"] = "unavailable"
    checks["worker"] = worker_status() if checks["database"] == "ok" else "unknown"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks, "time": timezone.now().isoformat()},
        status=200 if healthy else 503,
    )


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 page in the user's language."""
    return _error(request, "400.html", 400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 page in the user's language."""
    return _error(request, "403.html", 403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 page in the user's language."""
    return _error(request, "404.html", 404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """500 page in the user's language, with the request id and no stack trace."""
    return render(request, "500.html", {"request_id": getattr(request, "request_id", "")}, status=500)
