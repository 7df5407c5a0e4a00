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
    PERSON_SEARCH_MIN,
    AvailabilityWindowForm,
    CertificationForm,
    ExpertForm,
    MissionForm,
    ReasonForm,
    RosterPersonForm,
    add_errors,
    person_label,
    search_people,
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
            .prefetch_related("skills", "certifications", "windows")
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
            .prefetch_related("skills", "certifications", "missions__state", "windows")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context |= expert_context(self.request, self.object)
        context["mission_form"] = MissionForm() if context["can_change"] else None
        context["can_remove"] = policy_for(Expert).can(self.request.user, "delete", self.object)
        context["reason_form"] = ReasonForm() if context["can_remove"] else None
        return context


def expert_context(request: HttpRequest, expert: Expert) -> dict[str, Any]:
    """What the profile's certification and availability sections (and their HTMX partials) need."""
    can_change = policy_for(Expert).can(request.user, "change", expert)
    return {
        "object": expert,
        "warn_before": timezone.localdate() + timedelta(days=CERTIFICATION_WARNING_DAYS),
        "today": timezone.localdate(),
        "can_change": can_change,
        "certification_form": CertificationForm() if can_change else None,
        "window_form": AvailabilityWindowForm(auto_id="id_window_%s") if can_change else None,
    }


class ExpertFormView(View):
    """Put a person on the roster (the Secretariat finds her by name), or change an entry (she, the Secretariat)."""

    template_name = "directory/expert_form.html"

    def _expert(self, request: HttpRequest, pk: int | None) -> Expert | None:
        if pk is None:
            if not policy_for(Expert).can(request.user, "add"):
                raise Http404
            return None
        return get_object_or_404(
            Expert.objects.restrict(request.user, "change").select_related("person__institution__state"), pk=pk
        )

    def _form(self, expert: Expert | None, data: Any = None) -> ExpertForm:
        initial = {}
        if expert is not None:
            initial = {
                "summary": expert.summary,
                "skills": list(expert.skills.all()),
                "languages": expert.person.languages,
            }
        return ExpertForm(data, initial=initial)

    def _render(self, request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
        if context["expert"] is None:
            context |= people_context(request, request.GET.get("q", ""), context.get("person_form"))
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        expert = self._expert(request, pk)
        return self._render(request, {"form": self._form(expert), "expert": expert})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        expert = self._expert(request, pk)
        user = signed_in_user(request)
        form = self._form(expert, request.POST)
        person_form = RosterPersonForm(request.POST, user=user) if expert is None else None
        if form.is_valid() and (person_form is None or person_form.is_valid()):
            person = person_form.cleaned_data["person"] if person_form is not None else None
            try:
                saved = roster.save_expert(expert, actor=user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(person_form if person_form is not None and "person" in exc.message_dict else form, exc)
            else:
                messages.success(request, _("The roster entry was saved."))
                return redirect("directory:expert_detail", pk=saved.pk)
        context = {"form": form, "expert": expert, "person_form": person_form}
        return self._render(request, context, status=400)


def people_context(request: HttpRequest, query: str, person_form: RosterPersonForm | None = None) -> dict[str, Any]:
    """The people search's results for `query`, and the person already chosen (kept through a failed save)."""
    user = signed_in_user(request)
    people = search_people(user, query)
    chosen = None
    if person_form is not None and person_form.is_bound and not person_form.errors.get("person"):
        chosen = person_form.cleaned_data.get("person")
        if chosen is not None and chosen not in people:
            people.insert(0, chosen)
    return {
        "query": query,
        "people": [(person.pk, person_label(person)) for person in people],
        "chosen": chosen.pk if chosen is not None else None,
        "too_short": len(query.strip()) < PERSON_SEARCH_MIN,
        "min_letters": PERSON_SEARCH_MIN,
        "person_errors": person_form.errors.get("person") if person_form is not None else None,
    }


def expert_person_search(request: HttpRequest) -> HttpResponse:
    """The people search of the roster's Add page (HTMX): matching people the Secretariat may see."""
    if not policy_for(Expert).can(request.user, "add"):
        raise Http404
    return render(request, "directory/expert_form.html#people", people_context(request, request.GET.get("q", "")))


class ExpertApplyView(View):
    """An expert applies herself to the roster; one already on it (or waiting) is sent to her entry."""

    template_name = "directory/expert_apply.html"

    def _person(self, request: HttpRequest) -> Any:
        person = roster.own_person(signed_in_user(request))
        if person is None:
            raise Http404
        return person

    def get(self, request: HttpRequest) -> HttpResponse:
        person = self._person(request)
        existing = Expert.objects.filter(person=person).first()
        if existing is not None:
            return redirect("directory:expert_detail", pk=existing.pk)
        form = ExpertForm(initial={"languages": person.languages})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._person(request)
        form = ExpertForm(request.POST)
        if form.is_valid():
            try:
                expert = roster.apply_to_roster(actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Your application was sent to the Secretariat."))
                return redirect("directory:expert_detail", pk=expert.pk)
        return render(request, self.template_name, {"form": form}, status=400)


@require_POST
def expert_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat accepts an expert's application (declining is a removal with the reason)."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "delete"), pk=pk)
    try:
        roster.accept_expert(expert, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directory:expert_detail", pk=expert.pk)
    messages.success(request, _("The expert is on the roster."))
    return redirect("directory:expert_detail", pk=expert.pk)


def my_expert_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's own roster entry, or the application form when she has none yet."""
    expert = Expert.objects.visible_to(request.user).filter(person__user=signed_in_user(request)).first()
    if expert is None:
        if roster.own_person(signed_in_user(request)) is not None:
            return redirect("directory:expert_apply")
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
