"""Activity pages: the list, one activity, recording and changing one, and the coverage of a plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory.forms import add_errors
from enlace.workplan import actions
from enlace.workplan.activity_part_views import part_context
from enlace.workplan.coverage import coverage
from enlace.workplan.forms import ActivityForm
from enlace.workplan.models import Activity, Participation, WorkPlan
from enlace.workplan.participant_counts import count_participants
from enlace.workplan.policies import reportable_programs


class ActivityListView(PolicyListView):
    """The activities the user may see (the Secretariat: all; a coordinator: her states'), newest first."""

    model = Activity
    template_name = "workplan/activity_list.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("program").prefetch_related("states").order_by("-starts_on", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(Activity).can(self.request.user, "add")
        context["report_programs"] = reportable_programs(self.request.user)
        context["can_see_participants"] = policy_for(Participation).can(self.request.user, "view")
        return context


class ActivityDetailView(PolicyDetailView):
    """One activity and the proposed activities of the work plan it implements."""

    model = Activity
    template_name = "workplan/activity_detail.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("program", "responsible_officer")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.object))
        if context["can_change"]:
            context.update(part_context(self.request, self.object))
        user = signed_in_user(self.request)
        if policy_for(Participation).can(user, "view"):
            context["counts"] = count_participants(
                Participation.objects.restrict(user, "view").filter(activity=self.object)
            )
        return context


def detail_context(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    """The activity page's mandates, partners, budgets, and whether the user may change it."""
    user = signed_in_user(request)
    return {
        "object": activity,
        "mandates": activity.implements.select_related("plan_program__plan", "plan_program__parent"),
        "partners": activity.partners.select_related("institution"),
        "budgets": activity.budgets.all(),
        "can_change": policy_for(Activity).can(user, "change", activity),
        "can_export": policy_for(Activity).can(user, "add"),
    }


class ActivityFormView(View):
    """Record an activity (pk absent) or change one; an officer works in her own programs."""

    template_name = "workplan/activity_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Activity).can(request.user, "add" if "pk" not in kwargs else "change"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def _activity(self, request: HttpRequest, pk: int | None) -> Activity | None:
        if pk is None:
            return None
        return get_object_or_404(Activity.objects.restrict(request.user, "change"), pk=pk)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        activity = self._activity(request, pk)
        form = ActivityForm(instance=activity, user=signed_in_user(request))
        return render(request, self.template_name, {"form": form, "activity": activity})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        user = signed_in_user(request)
        activity = self._activity(request, pk)
        # The form edits a copy: the action re-reads the stored activity to audit what changed.
        form = ActivityForm(request.POST, instance=Activity(), user=user)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                if activity is None:
                    activity = actions.create_activity(actor=user, **fields)
                    messages.success(request, _("The activity was recorded."))
                else:
                    actions.update_activity(actor=user, activity=activity, **fields)
                    messages.success(request, _("The activity was saved."))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("workplan:activity_detail", pk=activity.pk)
        return render(request, self.template_name, {"form": form, "activity": activity}, status=400)


def plan_coverage(request: HttpRequest, term: str) -> HttpResponse:
    """Each proposed activity of the plan with what implements it; mandates with nothing; activities with no mandate."""
    user = signed_in_user(request)
    if not policy_for(Activity).can(user, "add"):  # the Secretariat: it sees every activity
        raise Http404
    plan = get_object_or_404(WorkPlan.objects.restrict(user, "view"), term=term)
    return render(request, "workplan/workplan_coverage.html", {"plan": plan, "coverage": coverage(plan, user)})
