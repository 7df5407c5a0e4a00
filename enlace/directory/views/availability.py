"""An expert's availability windows and certifications, kept from her profile (HTMX partials).

A write answers an HTMX request with the section's partial and any other request with a redirect to the
profile. Refused input answers 400 with the form and its errors; an HTMX request gets the partial with
its errors and 200, because htmx swaps no 4xx answer and the errors must show where the form was.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from enlace.accounts.models import signed_in_user
from enlace.directory import actions, availability
from enlace.directory.forms import AvailabilityWindowForm, CertificationForm, add_errors
from enlace.directory.models import AvailabilityWindow, Certification, Expert
from enlace.directory.views.roster import expert_context


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _section(request: HttpRequest, expert: Expert, partial: str, status: int = 200, **extra: Any) -> HttpResponse:
    expert = Expert.objects.prefetch_related("windows", "certifications").get(pk=expert.pk)
    context = expert_context(request, expert) | extra
    return render(request, f"directory/expert_detail.html#{partial}", context, status=status)


def _done(request: HttpRequest, expert: Expert, partial: str, message: str) -> HttpResponse:
    if _htmx(request):  # an edit form swaps itself; once saved, the whole section is redrawn
        return reswap(retarget(_section(request, expert, partial), f"#{partial}"), "outerHTML")
    messages.success(request, message)
    return redirect("directory:expert_detail", pk=expert.pk)


def _refused(request: HttpRequest, expert: Expert, partial: str, template: str, **forms: Any) -> HttpResponse:
    if _htmx(request):
        return _section(request, expert, partial, **forms)
    return render(request, template, {"expert": expert, **forms}, status=400)


@require_POST
def window_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an availability window to an expert (herself or the Secretariat)."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "change"), pk=pk)
    form = AvailabilityWindowForm(request.POST, auto_id="id_window_%s")
    if form.is_valid():
        try:
            availability.save_window(None, actor=signed_in_user(request), expert=expert, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _done(request, expert, "windows", _("The availability window was added."))
    return _refused(request, expert, "windows", "directory/window_form.html", window_form=form)


@require_http_methods(["GET", "POST"])
def window_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an availability window: GET gives its form (an HTMX partial or a page), POST saves it."""
    window = get_object_or_404(
        AvailabilityWindow.objects.restrict(request.user, "change").select_related("expert"), pk=pk
    )
    auto_id = f"id_window_{window.pk}_%s"
    if request.method == "GET":
        initial = {"starts_on": window.starts_on, "ends_on": window.ends_on, "kind": window.kind, "note": window.note}
        form = AvailabilityWindowForm(initial=initial, auto_id=auto_id)
        template = "directory/window_form.html#form" if _htmx(request) else "directory/window_form.html"
        return render(request, template, {"expert": window.expert, "window": window, "window_form": form})
    form = AvailabilityWindowForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            availability.save_window(window, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _done(request, window.expert, "windows", _("The availability window was saved."))
    window.refresh_from_db()
    if _htmx(request):
        return render(
            request, "directory/window_form.html#form", {"expert": window.expert, "window": window, "window_form": form}
        )
    return render(
        request,
        "directory/window_form.html",
        {"expert": window.expert, "window": window, "window_form": form},
        status=400,
    )


@require_POST
def window_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an availability window (the expert herself or the Secretariat)."""
    window = get_object_or_404(
        AvailabilityWindow.objects.restrict(request.user, "delete").select_related("expert"), pk=pk
    )
    expert = window.expert
    availability.remove_window(window, actor=signed_in_user(request))
    return _done(request, expert, "windows", _("The availability window was removed."))


@require_http_methods(["GET", "POST"])
def certification_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct or renew a certification: GET gives its form (an HTMX partial or a page), POST saves it."""
    certification = get_object_or_404(
        Certification.objects.restrict(request.user, "change").select_related("expert"), pk=pk
    )
    auto_id = f"id_certification_{certification.pk}_%s"
    context: dict[str, Any] = {"expert": certification.expert, "certification": certification}
    if request.method == "GET":
        fields = ("name", "issuer", "obtained_on", "expires_on")
        form = CertificationForm(initial={name: getattr(certification, name) for name in fields}, auto_id=auto_id)
        template = "directory/certification_form.html#form" if _htmx(request) else "directory/certification_form.html"
        return render(request, template, context | {"form": form})
    form = CertificationForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            actions.change_certification(certification, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _done(request, certification.expert, "certifications", _("The certification was saved."))
    certification.refresh_from_db()
    if _htmx(request):
        return render(request, "directory/certification_form.html#form", context | {"form": form})
    return render(request, "directory/certification_form.html", context | {"form": form}, status=400)


@require_POST
def certification_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a certification (the expert herself or the Secretariat)."""
    certification = get_object_or_404(
        Certification.objects.restrict(request.user, "delete").select_related("expert"), pk=pk
    )
    expert = certification.expert
    actions.remove_certification(certification, actor=signed_in_user(request))
    return _done(request, expert, "certifications", _("The certification was removed."))
