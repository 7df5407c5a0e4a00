"""Membership application pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory import applications
from enlace.directory.forms import (
    ApplicationForm,
    DecisionForm,
    add_errors,
)
from enlace.directory.models import (
    MembershipApplication,
)


class ApplicationListView(PolicyListView):
    """Membership applications: the applicant's own, her state's for a coordinator, all for the Secretariat."""

    model = MembershipApplication
    template_name = "directory/application_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network", "state", "applicant")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_apply"] = policy_for(MembershipApplication).can(self.request.user, "add")
        return context


class ApplicationCreateView(View):
    """A team head applies, with the official letter."""

    template_name = "directory/application_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(MembershipApplication).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ApplicationForm(initial={"network": "csirtamericas"})})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                application = applications.apply(actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            except PermissionDenied:
                form.add_error("state", _("You may apply only for a team of your own state."))
            else:
                messages.success(request, _("The application was sent to your national coordinator for endorsement."))
                return redirect("directory:application_detail", pk=application.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ApplicationDetailView(PolicyDetailView):
    """One application: its status, the 20-working-day target, and the next step for whoever may take it."""

    model = MembershipApplication
    template_name = "directory/application_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network", "state")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy, user, application = policy_for(MembershipApplication), self.request.user, self.object
        context["due"] = applications.decision_due(application)
        context["can_endorse"] = application.status == "submitted" and policy.can(user, "endorse", application)
        context["can_decide"] = application.status == "endorsed" and policy.can(user, "decide", application)
        context["decision_form"] = DecisionForm() if context["can_decide"] else None
        return context


@require_POST
def application_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    """The state's national coordinator endorses an application."""
    application = get_object_or_404(MembershipApplication.objects.restrict(request.user, "endorse"), pk=pk)
    try:
        applications.endorse(application, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The application is endorsed and goes to the Secretariat."))
    return redirect("directory:application_detail", pk=pk)


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat accepts (the team joins the network) or declines with a reason."""
    application = get_object_or_404(MembershipApplication.objects.restrict(request.user, "decide"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            applications.decide(
                application,
                actor=signed_in_user(request),
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
                meeting_on=form.cleaned_data["meeting_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("directory:application_detail", pk=pk)


def application_document(request: HttpRequest, pk: int) -> FileResponse:
    """The application's letter, always as a download, to those who may see the application."""
    application = get_object_or_404(MembershipApplication.objects.visible_to(request.user), pk=pk)
    record(
        "application.document_download", actor=request.user, obj=application, changes={"state": application.state.iso2}
    )
    response = FileResponse(
        application.document.open("rb"),
        as_attachment=True,
        filename=f"application-{application.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
