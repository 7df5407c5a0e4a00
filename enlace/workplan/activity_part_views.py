"""Adding and removing an activity's partners and budgets from its page (HTMX swaps the section; without
JavaScript the page reloads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.directory.forms import add_errors
from enlace.workplan import actions
from enlace.workplan.forms import BudgetForm, PartnerForm
from enlace.workplan.models import Activity, ActivityBudget, ActivityPartner


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.restrict(request.user, "change"), pk=pk)


def part_context(request: HttpRequest, activity: Activity, **forms: Any) -> dict[str, Any]:
    """What the partners-and-budgets section of the activity page needs."""
    user = signed_in_user(request)
    return {
        "object": activity,
        "partners": activity.partners.select_related("institution"),
        "budgets": activity.budgets.all(),
        "can_change": True,
        "partner_form": forms.get("partner_form") or PartnerForm(user=user, prefix="partner"),
        "budget_form": forms.get("budget_form") or BudgetForm(prefix="budget"),
    }


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted  # type: ignore[attr-defined]


def _done(request: HttpRequest, message: str) -> None:
    if not _htmx(request):  # a swapped section has no place for the message; the new row says it
        messages.success(request, message)


def _answer(request: HttpRequest, activity: Activity, *, status: int = 200, **forms: Any) -> HttpResponse:
    if _htmx(request):
        context = part_context(request, activity, **forms)
        return render(request, "workplan/activity_detail.html#parts", context, status=status)
    if status == 200:
        return redirect("workplan:activity_detail", pk=activity.pk)
    from enlace.workplan.activity_views import detail_context

    context = {**detail_context(request, activity), **part_context(request, activity, **forms)}
    return render(request, "workplan/activity_detail.html", context, status=status)


@require_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an organisation to the activity in an IATI role."""
    activity = _activity(request, pk)
    form = PartnerForm(request.POST, user=signed_in_user(request), prefix="partner")
    if form.is_valid():
        try:
            actions.add_partner(actor=signed_in_user(request), activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            _done(request, _("The partner was added."))
            return _answer(request, activity)
    return _answer(request, activity, status=400, partner_form=form)


@require_POST
def partner_remove(request: HttpRequest, pk: int, part: int) -> HttpResponse:
    """Take an organisation off the activity."""
    activity = _activity(request, pk)
    partner = get_object_or_404(ActivityPartner.objects.filter(activity=activity), pk=part)
    actions.remove_partner(actor=signed_in_user(request), partner=partner)
    _done(request, _("The partner was removed."))
    return _answer(request, activity)


@require_POST
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a budget period to the activity."""
    activity = _activity(request, pk)
    form = BudgetForm(request.POST, prefix="budget")
    if form.is_valid():
        try:
            actions.add_budget(actor=signed_in_user(request), activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            _done(request, _("The budget was added."))
            return _answer(request, activity)
    return _answer(request, activity, status=400, budget_form=form)


@require_POST
def budget_remove(request: HttpRequest, pk: int, part: int) -> HttpResponse:
    """Take a budget period off the activity."""
    activity = _activity(request, pk)
    budget = get_object_or_404(ActivityBudget.objects.filter(activity=activity), pk=part)
    actions.remove_budget(actor=signed_in_user(request), budget=budget)
    _done(request, _("The budget was removed."))
    return _answer(request, activity)
