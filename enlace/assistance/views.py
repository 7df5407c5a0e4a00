"""Assistance pages: requests and their workflow, missions with findings and recommendations, follow-up."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.assistance import actions, followup
from enlace.assistance.filters import MissionFilter, RequestFilter
from enlace.assistance.forms import (
    AssignForm,
    DocumentForm,
    FindingForm,
    MissionForm,
    RecommendationForm,
    RecommendationStatusForm,
    RequestForm,
    TransitionForm,
    WithdrawForm,
)
from enlace.assistance.models import (
    DONE,
    NEXT,
    AssistanceRequest,
    Finding,
    Mission,
    Recommendation,
    RecommendationNote,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from enlace.audit.actions import record
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory.forms import add_errors


def _get(request: HttpRequest, queryset: Any, pk: int, action: str = "view") -> Any:
    """The object through its policy for `action`; forbidden or missing is 404."""
    return get_object_or_404(queryset.restrict(request.user, action), pk=pk)


def _refused(request: HttpRequest, exc: ValidationError, back: str) -> HttpResponse:
    """Bad input on a POST: the reasons, in the user's language, with a 400."""
    return render(request, "assistance/refused.html", {"errors": exc.messages, "back": back}, status=400)


class RequestListView(PolicyListView):
    """The requests the user may see: all for the Secretariat, her state's for a coordinator."""

    model = AssistanceRequest
    template_name = "assistance/request_list.html"
    filterset_class = RequestFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("state", "program", "officer")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(AssistanceRequest).can(self.request.user, "add")
        return context


def request_create(request: HttpRequest) -> HttpResponse:
    """A national coordinator files a request for her state."""
    user = signed_in_user(request)
    if not policy_for(AssistanceRequest).can(user, "add"):
        raise Http404
    form = RequestForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = actions.file_request(
                actor=user,
                state=data["state"],
                program=data["program"],
                subject=data["subject"],
                description=data["description"],
                documents=[data["document"]] if data["document"] else [],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The request is filed; the Secretariat has been told."))
            return redirect("assistance:request_detail", pk=filed.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "assistance/request_form.html", {"form": form}, status=status)


class RequestDetailView(PolicyDetailView):
    """One request: its status and history, documents, officer and experts, and the allowed next steps."""

    model = AssistanceRequest
    template_name = "assistance/request_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("state", "program", "officer", "filed_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj, user = self.object, signed_in_user(self.request)
        policy = policy_for(AssistanceRequest)
        context["events"] = RequestEvent.objects.visible_to(user).filter(request=obj).select_related("actor")
        context["documents"] = RequestDocument.objects.visible_to(user).filter(request=obj)
        context["experts"] = obj.experts.select_related("person")
        context["missions"] = Mission.objects.visible_to(user).filter(request=obj)
        context["next_statuses"] = [RequestStatus(s) for s in NEXT.get(obj.status, ())]
        if policy.can(user, "transition", obj):
            form = TransitionForm()
            cast(forms.ChoiceField, form.fields["to"]).choices = [(s.value, s.label) for s in context["next_statuses"]]
            context["transition_form"] = form
            context["assign_form"] = AssignForm(
                user=user,
                initial={
                    "officer": obj.officer_id,
                    "experts": list(obj.experts.values_list("pk", flat=True)),
                    "activity_reference": obj.activity_reference,
                },
            )
        context["can_withdraw"] = policy.can(user, "withdraw", obj)
        context["withdraw_form"] = WithdrawForm()
        context["can_document"] = policy.can(user, "document", obj)
        context["document_form"] = DocumentForm()
        return context


@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat moves the request on (or declines it, with a reason)."""
    obj = _get(request, AssistanceRequest.objects, pk, "transition")
    form = TransitionForm(request.POST)
    back = obj_url(obj)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose a valid status.")), back)
    try:
        actions.transition(actor=signed_in_user(request), request=obj, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The request is now “%(status)s”.") % {"status": obj.get_status_display()})
    return redirect(back)


@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The state's coordinator withdraws a submitted request."""
    obj = _get(request, AssistanceRequest.objects, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        actions.withdraw(actor=signed_in_user(request), request=obj, reason=form.cleaned_data.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        return _refused(request, exc, obj_url(obj))
    messages.success(request, _("The request is withdrawn."))
    return redirect(obj_url(obj))


@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat assigns the officer, the experts and the answering activities."""
    obj = _get(request, AssistanceRequest.objects, pk, "assign")
    user = signed_in_user(request)
    form = AssignForm(request.POST, user=user)
    if not form.is_valid():
        return _refused(request, ValidationError([e for errs in form.errors.values() for e in errs]), obj_url(obj))
    try:
        actions.assign(actor=user, request=obj, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, exc, obj_url(obj))
    messages.success(request, _("The assignment is saved."))
    return redirect(obj_url(obj))


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document to an open request (its state's coordinator or the Secretariat)."""
    obj = _get(request, AssistanceRequest.objects, pk, "document")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose a file.")), obj_url(obj))
    try:
        actions.add_document(actor=signed_in_user(request), request=obj, upload=form.cleaned_data["upload"])
    except ValidationError as exc:
        return _refused(request, exc, obj_url(obj))
    messages.success(request, _("The document is attached."))
    return redirect(obj_url(obj))


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A request's document, always as a download, to those who see the request; audited."""
    document = get_object_or_404(RequestDocument.objects.visible_to(request.user).select_related("request"), pk=pk)
    record(
        "assistance.request.document.download",
        actor=request.user,
        obj=document.request,
        changes={"document": document.pk, "sha256": document.sha256},
    )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )


def obj_url(obj: Model) -> str:
    """The page of a request or a mission."""
    name = "assistance:request_detail" if isinstance(obj, AssistanceRequest) else "assistance:mission_detail"
    return reverse(name, args=[obj.pk])


class MissionListView(PolicyListView):
    """The missions the user may see: all for the Secretariat, her state's for a coordinator."""

    model = Mission
    template_name = "assistance/mission_list.html"
    filterset_class = MissionFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("state", "program")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(Mission).can(self.request.user, "add")
        return context


def mission_create(request: HttpRequest) -> HttpResponse:
    """The Secretariat records a mission."""
    user = signed_in_user(request)
    if not policy_for(Mission).can(user, "add"):
        raise Http404
    form = MissionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            mission = actions.record_mission(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect(obj_url(mission))
    status = 400 if request.method == "POST" else 200
    return render(request, "assistance/mission_form.html", {"form": form}, status=status)


class MissionDetailView(PolicyDetailView):
    """One mission: its findings (sensitive) and recommendations with their follow-up."""

    model = Mission
    template_name = "assistance/mission_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("state", "program", "request")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mission, user = self.object, signed_in_user(self.request)
        findings = Finding.objects.visible_to(user).filter(mission=mission)
        context["findings"] = findings
        if findings:
            record("assistance.findings.view", actor=user, obj=mission, changes={"findings": len(findings)})
        recommendations = (
            Recommendation.objects.visible_to(user).filter(mission=mission).select_related("owner_institution")
        )
        notes = RecommendationNote.objects.visible_to(user).filter(recommendation__mission=mission)
        by_recommendation: dict[int, list[RecommendationNote]] = {}
        for note in notes.select_related("author"):
            by_recommendation.setdefault(note.recommendation_id, []).append(note)
        context["recommendations"] = [(r, by_recommendation.get(r.pk, [])) for r in recommendations]
        context["experts"] = mission.experts.select_related("person")
        can_update = policy_for(Recommendation).can(user, "update_status")
        context["status_form"] = RecommendationStatusForm() if can_update else None
        if policy_for(Finding).can(user, "add"):
            context["finding_form"] = FindingForm()
            context["recommendation_form"] = RecommendationForm(state_id=mission.state_id)
        return context


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat records a finding."""
    mission = _get(request, Mission.objects, pk, "change")
    form = FindingForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError([e for errs in form.errors.values() for e in errs]), obj_url(mission))
    try:
        actions.add_finding(actor=signed_in_user(request), mission=mission, **form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    return redirect(obj_url(mission))


@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat records a recommendation."""
    mission = _get(request, Mission.objects, pk, "change")
    form = RecommendationForm(request.POST, state_id=mission.state_id)
    if not form.is_valid():
        return _refused(request, ValidationError([e for errs in form.errors.values() for e in errs]), obj_url(mission))
    try:
        actions.add_recommendation(actor=signed_in_user(request), mission=mission, **form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        return _refused(request, exc, obj_url(mission))
    return redirect(obj_url(mission))


@require_POST
def recommendation_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The owning state's coordinator (or the Secretariat) updates a recommendation's status, with a note."""
    recommendation = _get(request, Recommendation.objects.select_related("mission"), pk, "update_status")
    back = obj_url(recommendation.mission)
    form = RecommendationStatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError([e for errs in form.errors.values() for e in errs]), back)
    try:
        actions.update_recommendation(actor=signed_in_user(request), recommendation=recommendation, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The recommendation's follow-up is saved."))
    return redirect(back)


def followup_page(request: HttpRequest) -> HttpResponse:
    """Recommendations by status per state and per program, overdue flagged: what the user may see."""
    user = signed_in_user(request)
    if not policy_for(Recommendation).can(user, "view"):
        raise Http404
    visible = Recommendation.objects.visible_to(user)
    overdue = (
        visible.filter(due_date__lt=timezone.localdate())
        .exclude(status__in=DONE)
        .select_related("mission", "owner_state")
        .order_by("due_date")
    )
    context = {
        "states": followup.by_state(visible),
        "programs": followup.by_program(visible),
        "overdue": overdue,
    }
    return render(request, "assistance/followup.html", context)
