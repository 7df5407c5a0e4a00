"""Funding pages: the overview per program, a program's activities, funds, donors, transaction, rate,
requirement, allocation and donation entry, and the donations list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common import charts
from enlace.directory.forms import add_errors
from enlace.funding import actions
from enlace.funding.forms import (
    AllocationForm,
    DonationForm,
    DonorForm,
    FundForm,
    LinkUserForm,
    RateForm,
    RequirementForm,
    ReversalForm,
    TransactionForm,
    WithdrawalForm,
)
from enlace.funding.models import (
    Allocation,
    Donation,
    Donor,
    DonorUser,
    ExchangeRate,
    Fund,
    Requirement,
    Transaction,
)
from enlace.funding.money import Funding
from enlace.funding.totals import overview_programs, program_funding, sees_requirements, visible_funding
from enlace.workplan.models import Activity, Program


def _get(request: HttpRequest, queryset: Any, action: str = "view", **lookup: Any) -> Any:
    """The object through its policy for `action`; forbidden or missing is 404."""
    return get_object_or_404(queryset.restrict(request.user, action), **lookup)


def _need(model: type[Model], request: HttpRequest, action: str = "view") -> None:
    if not policy_for(model).can(request.user, action):
        raise Http404


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1900 < int(raw) < 3000 else None


def _funding(
    request: HttpRequest, year: int | None, *, requirements_too: bool = True, **filters: Any
) -> tuple[Funding, QuerySet[Transaction]]:
    """Totals from the transactions the user may see (a donor: her own money only), and those transactions."""
    return visible_funding(request.user, year, requirements_too=requirements_too, **filters)


TRANSACTIONS_PER_PAGE = 50


def _transaction_page(request: HttpRequest, rows: QuerySet[Transaction]) -> dict[str, Any]:
    """One page of the transactions, newest first, each with its reversal or what it reverses, the ones the
    user may reverse, and what the pagination links need."""
    related = ("donor", "fund", "program", "activity", "reverses", "reversal")
    page = Paginator(rows.select_related(*related).order_by("-value_date", "-pk"), TRANSACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    open_ids = [t.pk for t in page.object_list if t.reverses_id is None and t.reversed_by is None]
    reversible: set[int] = set()
    if open_ids and policy_for(Transaction).can(request.user, "reverse"):
        mine = Transaction.objects.restrict(request.user, "reverse").filter(pk__in=open_ids)
        reversible = set(mine.values_list("pk", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "transactions": page.object_list,
        "reversible": reversible,
        "reversal_form": ReversalForm(),
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query_without_page": query.urlencode(),
    }


def overview(request: HttpRequest) -> HttpResponse:
    """Funds per program: requirement, committed, received, funded, gap; pledges apart; the chart."""
    _need(Transaction, request)
    user = signed_in_user(request)
    year = _year(request)
    funding, transactions = _funding(request, year)
    rows = overview_programs(user, funding)
    chart = charts.columns(
        [p.name for p, _t in rows],
        [[int(t.requirement or 0) for _p, t in rows], [int(t.funded) for _p, t in rows]],
    )
    years = sorted({day.year for day in transactions.dates("value_date", "year")} | ({year} if year else set()))
    context = {
        "rows": rows,
        "funding": funding,
        "chart": chart,
        "year": year,
        "years": years,
        "show_requirement": policy_for(Requirement).can(user, "view"),
        "funds": Fund.objects.visible_to(user).select_related("program"),
        "can_add": policy_for(Transaction).can(user, "add"),
        "is_secretariat": user.is_secretariat,
    }
    return render(request, "funding/overview.html", context)


def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One program's funding, activity by activity."""
    _need(Transaction, request)
    user = signed_in_user(request)
    program, funding, transactions, rows = program_funding(user, code, _year(request))
    context = {
        "program": program,
        "totals": funding.programs.get(program.pk),
        "rows": rows,
        "funding": funding,
        "year": _year(request),
        "show_requirement": sees_requirements(user),
        **_transaction_page(request, transactions),
    }
    return render(request, "funding/program_detail.html", context)


def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund: its donors and earmark, the transactions the user may see, and its allocations."""
    user = signed_in_user(request)
    fund = _get(request, Fund.objects, pk=pk)
    transactions = Transaction.objects.visible_to(user).filter(fund=fund)
    allocations = list(
        Allocation.objects.visible_to(user).filter(fund=fund).select_related("activity", "reverses", "reversal")
    )
    open_ids = [a.pk for a in allocations if a.reverses_id is None and a.reversed_by is None]
    reversible: set[int] = set()
    if open_ids and policy_for(Allocation).can(user, "reverse"):
        mine = Allocation.objects.restrict(user, "reverse").filter(pk__in=open_ids)
        reversible = set(mine.values_list("pk", flat=True))
    context = {
        "fund": fund,
        "donors": fund.donors.all(),
        "allocations": allocations,
        "reversible_allocations": reversible,
        **_transaction_page(request, transactions),
    }
    return render(request, "funding/fund_detail.html", context)


def donor_list(request: HttpRequest) -> HttpResponse:
    """The donors the user may see (a donor user: her own)."""
    _need(Donor, request)
    user = signed_in_user(request)
    context = {"donors": Donor.objects.visible_to(user), "can_add": policy_for(Donor).can(user, "add")}
    return render(request, "funding/donor_list.html", context)


def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A donor: its transactions, what they funded, its donations and linked users; every read is audited."""
    user = signed_in_user(request)
    donor = _get(request, Donor.objects, pk=pk)
    record("funding.donor.view", actor=user, obj=donor)
    funding, transactions = _funding(request, None, requirements_too=False, donor=donor)
    programs = Program.objects.filter(pk__in=list(funding.programs)).order_by("position")
    activity_qs = Activity.objects.filter(pk__in=list(funding.activities)).select_related("program")
    context = {
        "donor": donor,
        **_transaction_page(request, transactions),
        "funding": funding,
        "programs": [(p, funding.programs[p.pk]) for p in programs],
        "activities": [(a, funding.activities[a.pk]) for a in activity_qs],
        "donations": Donation.objects.visible_to(user)
        .filter(donor=donor, withdrawn_at__isnull=True)
        .select_related("state"),
        "links": DonorUser.objects.visible_to(user).filter(donor=donor).select_related("user"),
        "link_form": LinkUserForm() if policy_for(DonorUser).can(user, "add") else None,
    }
    return render(request, "funding/donor_detail.html", context)


@require_POST
def donor_link_user(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat links a donor-role user to the donor."""
    _need(DonorUser, request, "add")
    donor = _get(request, Donor.objects, pk=pk)
    form = LinkUserForm(request.POST)
    if not form.is_valid():
        return _refused(request, [_("Choose a user holding the donor role.")])
    try:
        actions.link_donor_user(actor=signed_in_user(request), donor=donor, user=form.cleaned_data["user"])
    except ValidationError as exc:
        return _refused(request, exc.messages)
    messages.success(request, _("The user is linked to the donor."))
    return redirect("funding:donor_detail", pk=donor.pk)


def _refused(request: HttpRequest, errors: list[str]) -> HttpResponse:
    return render(request, "funding/refused.html", {"errors": errors}, status=400)


def _entry(
    request: HttpRequest,
    *,
    model: type[Model],
    form_class: type[forms.Form],
    write: Callable[..., Any],
    title: Any,
    done: Callable[[Any], HttpResponse],
    extra: dict[str, Any] | None = None,
    template: str = "funding/entry_form.html",
) -> HttpResponse:
    """A Secretariat entry page: the form, then its action; bad input is a 400 with the reasons."""
    _need(model, request, "add")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = write(actor=signed_in_user(request), **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return done(made)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "title": title, **(extra or {})}, status=status)


def donor_create(request: HttpRequest) -> HttpResponse:
    """Add a donor."""
    return _entry(
        request,
        model=Donor,
        form_class=DonorForm,
        write=actions.create_donor,
        title=gettext_lazy("New donor"),
        done=lambda d: redirect("funding:donor_detail", pk=d.pk),
    )


def fund_create(request: HttpRequest) -> HttpResponse:
    """Add a fund."""
    return _entry(
        request,
        model=Fund,
        form_class=FundForm,
        write=actions.create_fund,
        title=gettext_lazy("New fund"),
        done=lambda f: redirect("funding:fund_detail", pk=f.pk),
    )


def transaction_create(request: HttpRequest) -> HttpResponse:
    """Record a pledge, commitment, contribution, disbursement or expenditure."""
    return _entry(
        request,
        model=Transaction,
        form_class=TransactionForm,
        write=actions.record_transaction,
        title=gettext_lazy("New transaction"),
        done=lambda t: redirect("funding:overview"),
    )


def allocation_create(request: HttpRequest) -> HttpResponse:
    """Allocate part of a fund to an activity."""
    return _entry(
        request,
        model=Allocation,
        form_class=AllocationForm,
        write=actions.allocate,
        title=gettext_lazy("New allocation"),
        done=lambda a: redirect("funding:fund_detail", pk=a.fund_id),
    )


def requirement_create(request: HttpRequest) -> HttpResponse:
    """Set a program's or an activity's requirement for a year."""
    return _entry(
        request,
        model=Requirement,
        form_class=RequirementForm,
        write=actions.set_requirement,
        title=gettext_lazy("Funding requirement"),
        done=lambda r: redirect("funding:overview"),
    )


def rate_list(request: HttpRequest) -> HttpResponse:
    """The exchange rates, and the form to enter one."""
    _need(ExchangeRate, request)
    return _entry(
        request,
        model=ExchangeRate,
        form_class=RateForm,
        write=actions.set_rate,
        title=gettext_lazy("Exchange rates"),
        done=lambda r: redirect("funding:rate_list"),
        extra={"rates": ExchangeRate.objects.visible_to(request.user)},
        template="funding/rate_list.html",
    )


def donation_list(request: HttpRequest) -> HttpResponse:
    """The in-kind donations the user may see: all for the Secretariat, her states' for a coordinator; the
    withdrawn ones only with `?withdrawn=1`."""
    _need(Donation, request)
    user = signed_in_user(request)
    rows = Donation.objects.visible_to(user).select_related("state", "institution", "donor", "activity", "fund")
    show_withdrawn = request.GET.get("withdrawn") == "1"
    if not show_withdrawn:
        rows = rows.filter(withdrawn_at__isnull=True)
    can_change = policy_for(Donation).can(user, "change")
    context = {
        "donations": rows,
        "can_add": policy_for(Donation).can(user, "add"),
        # Donations have no program: whoever may change one may change them all (DonationPolicy).
        "can_change": can_change,
        "withdrawal_form": WithdrawalForm() if can_change else None,
        "show_withdrawn": show_withdrawn,
    }
    return render(request, "funding/donation_list.html", context)


def donation_create(request: HttpRequest) -> HttpResponse:
    """Record an in-kind donation."""
    return _entry(
        request,
        model=Donation,
        form_class=DonationForm,
        write=actions.record_donation,
        title=gettext_lazy("New in-kind donation"),
        done=lambda d: redirect("funding:donation_list"),
    )
