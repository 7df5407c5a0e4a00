"""Expert roster pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory import actions, roster
from enlace.directory.filters import ExpertFilter
from enlace.directory.forms import (
    CertificationForm,
    ExpertForm,
    MissionForm,
    ReasonForm,
    add_errors,
)
from enlace.directory.models import (
    CERTIFICATION_WARNING_DAYS,
    Expert,
)


class ExpertListView(PolicyListView):
    """The regional roster of certified experts and trainers, searchable by the Secretariat."""

    model = Expert
    template_name = "directory/expert_list.html"
    filterset_class = ExpertFilter

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("person__institution__state")
            .prefetch_related("skills", "certifications")
            .distinct()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["warn_before"] = timezone.localdate() + timedelta(days=CERTIFICATION_WARNING_DAYS)
        context["today"] = timezone.localdate()
        context["can_add"] = policy_for(Expert).can(self.request.user, "add")
        return context


class ExpertDetailView(PolicyDetailView):
    """An expert's profile: skills, languages, certifications (with lapse warnings), availability, missions."""

    model = Expert
    template_name = "directory/expert_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("person__institution__state", "removed_by")
            .prefetch_related("skills", "certifications", "missions__state")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["warn_before"] = timezone.localdate() + timedelta(days=CERTIFICATION_WARNING_DAYS)
        context["today"] = timezone.localdate()
        context["can_change"] = policy_for(Expert).can(self.request.user, "change", self.object)
        context["certification_form"] = CertificationForm() if context["can_change"] else None
        context["mission_form"] = MissionForm() if context["can_change"] else None
        context["can_remove"] = policy_for(Expert).can(self.request.user, "delete", self.object)
        context["reason_form"] = ReasonForm() if context["can_remove"] else None
        return context


class ExpertFormView(View):
    """Put a person on the roster (the Secretariat), or change an entry (the Secretariat, or the expert herself)."""

    template_name = "directory/expert_form.html"

    def _expert(self, request: HttpRequest, pk: int | None) -> Expert | None:
        if pk is None:
            if not policy_for(Expert).can(request.user, "add"):
                raise Http404
            return None
        return get_object_or_404(
            Expert.objects.restrict(request.user, "change").select_related("person__institution__state"), pk=pk
        )

    def _form(self, request: HttpRequest, expert: Expert | None, data: Any = None) -> ExpertForm:
        initial = {}
        if expert is not None:
            initial = {name: getattr(expert, name) for name in ("summary", "available_from", "available_until")}
            initial |= {"skills": list(expert.skills.all()), "languages": expert.person.languages}
        return ExpertForm(data, initial=initial, user=signed_in_user(request), creating=expert is None)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        expert = self._expert(request, pk)
        return render(request, self.template_name, {"form": self._form(request, expert), "expert": expert})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        expert = self._expert(request, pk)
        form = self._form(request, expert, request.POST)
        if form.is_valid():
            try:
                saved = roster.save_expert(expert, actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The roster entry was saved."))
                return redirect("directory:expert_detail", pk=saved.pk)
        return render(request, self.template_name, {"form": form, "expert": expert}, status=400)


def my_expert_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's own roster entry."""
    expert = Expert.objects.visible_to(request.user).filter(person__user=signed_in_user(request)).first()
    if expert is None:
        raise Http404
    return redirect("directory:expert_detail", pk=expert.pk)


@require_POST
def certification_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a certification to an expert (herself or the Secretariat)."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "change"), pk=pk)
    form = CertificationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_certification(expert, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The certification was added."))
            return redirect("directory:expert_detail", pk=expert.pk)
    return render(request, "directory/certification_form.html", {"expert": expert, "form": form}, status=400)


@require_POST
def mission_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a mission the expert delivered (herself or the Secretariat)."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "change"), pk=pk)
    form = MissionForm(request.POST)
    if form.is_valid():
        try:
            roster.add_mission(expert, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The mission was recorded."))
            return redirect("directory:expert_detail", pk=expert.pk)
    return render(request, "directory/mission_form.html", {"expert": expert, "form": form}, status=400)


@require_POST
def expert_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat takes an expert off the roster, with a reason; her entry and missions stay."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "delete"), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the expert leaves the roster."))
        return redirect("directory:expert_detail", pk=expert.pk)
    try:
        roster.remove_expert(expert, actor=signed_in_user(request), reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The expert was removed from the roster."))
    return redirect("directory:expert_detail", pk=expert.pk)


@require_POST
def expert_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat puts a removed expert back on the roster."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "delete"), pk=pk)
    try:
        roster.reinstate_expert(expert, actor=signed_in_user(request), reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The expert is back on the roster."))
    return redirect("directory:expert_detail", pk=expert.pk)
