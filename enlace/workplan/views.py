"""Work-plan pages: the plans, one plan as a tree, what changed from the previous plan, and the import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.workplan import diff
from enlace.workplan.actions import MAX_BYTES, import_plan
from enlace.workplan.forms import PlanImportForm
from enlace.workplan.models import Activity, WorkPlan
from enlace.workplan.reader import PlanImportError
from enlace.workplan.tree import plan_tree


class PlanListView(PolicyListView):
    """The imported work plans, newest term first."""

    model = WorkPlan
    template_name = "workplan/workplan_list.html"

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .annotate(
                program_count=Count("plan_programs", filter=Q(plan_programs__parent__isnull=True), distinct=True),
                activity_count=Count("plan_programs__activities", distinct=True),
            )
            .order_by("-term")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_import"] = policy_for(WorkPlan).can(self.request.user, "add")
        context["can_see_activities"] = policy_for(Activity).can(self.request.user, "view")
        return context


class PlanDetailView(PolicyDetailView):
    """One plan: programs → sub-programs → objectives → proposed activities, in the plan's own language."""

    model = WorkPlan
    slug_field = "term"
    slug_url_kwarg = "term"
    template_name = "workplan/workplan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["programs"] = plan_tree(self.object, signed_in_user(self.request))
        context["introduction"] = [p for p in self.object.introduction.split("\n\n") if p]
        context["outreach"] = [p for p in self.object.outreach.split("\n\n") if p]
        context["can_see_coverage"] = policy_for(Activity).can(self.request.user, "add")
        return context


def plan_diff(request: HttpRequest, term: str) -> HttpResponse:
    """What changed from the plan of the previous term: objectives and activities added, removed and changed."""
    user = signed_in_user(request)
    if not policy_for(WorkPlan).can(user, "view"):
        raise Http404
    plans = WorkPlan.objects.restrict(user, "view")
    plan = get_object_or_404(plans, term=term)
    previous = plans.filter(term__lt=plan.term).order_by("-term").first()
    sections = diff.compare(plan_tree(previous, user), plan_tree(plan, user)) if previous else []
    context = {"plan": plan, "previous": previous, "sections": sections, "totals": diff.summary(sections)}
    return render(request, "workplan/workplan_diff.html", context)


class PlanImportView(View):
    """The Secretariat imports an approved plan: all or nothing; a file it cannot read is reported line by line."""

    template_name = "workplan/workplan_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(WorkPlan).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PlanImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanImportForm(request.POST, request.FILES)
        problems = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_plan(
                    actor=signed_in_user(request),
                    data=upload.read(MAX_BYTES + 1),  # enough to know it is too large
                    filename=upload.name,
                    language=form.cleaned_data["language"],
                    term=form.cleaned_data["term"],
                )
            except PlanImportError as exc:
                problems = exc.problems
            else:
                if result.created:
                    messages.success(request, _("The work plan %(term)s was imported.") % {"term": result.plan.term})
                else:
                    message = _("The work plan %(term)s was already imported and is unchanged: nothing was written.")
                    messages.info(request, message % {"term": result.plan.term})
                return redirect("workplan:plan_detail", term=result.plan.term)
        context = {"form": form, "problems": problems}
        return render(request, self.template_name, context, status=400)
