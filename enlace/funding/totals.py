"""The funding totals a user may see — a donor user her own money only — shared by the funding pages and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from enlace.accounts.policy_base import AnyUser, policy_for
from enlace.funding.models import Requirement, Transaction
from enlace.funding.money import ROW_FIELDS, Funding, RateBook, Row, Totals, compute
from enlace.workplan.models import Activity, Program


def visible_funding(
    user: AnyUser, year: int | None = None, *, requirements_too: bool = True, **filters: Any
) -> tuple[Funding, QuerySet[Transaction]]:
    """Totals from the transactions the user may see (filtered by `filters`, dated in `year` when given) and those
    transactions; requirements count only where she may see them. Unconverted transactions are model instances,
    so that they can be named."""
    rows = Transaction.objects.visible_to(user).filter(**filters)
    if year:
        rows = rows.filter(value_date__year=year)
    requirements: list[tuple[int | None, int | None, Decimal]] = []
    if requirements_too and policy_for(Requirement).can(user, "view"):
        reqs = Requirement.objects.visible_to(user)
        if year:
            reqs = reqs.filter(year=year)
        requirements = list(reqs.values_list("program_id", "activity_id", "amount_usd"))
    # Values, not model instances: ten years hold tens of thousands of transactions.
    funding = compute([Row(*values) for values in rows.values_list(*ROW_FIELDS)], RateBook.load(), requirements)
    if funding.unconverted:  # rare (a rate is missing): name them as the user knows them
        full = Transaction.objects.visible_to(user).in_bulk([row.pk for row, _error in funding.unconverted])  # type: ignore[attr-defined]
        funding.unconverted = [(full[row.pk], error) for row, error in funding.unconverted]  # type: ignore[attr-defined]
    return funding, rows


def sees_requirements(user: AnyUser) -> bool:
    """Whether the user may see requirements, hence gaps (a donor user may not)."""
    return policy_for(Requirement).can(user, "view")


def overview_programs(user: Any, funding: Funding) -> list[tuple[Program, Totals]]:
    """The programs of the overview with their totals: all for the Secretariat, those with her money for a donor."""
    sees_all = user.is_secretariat
    programs = [p for p in Program.objects.order_by("position") if sees_all or p.pk in funding.programs]
    return [(p, funding.programs.get(p.pk) or Totals()) for p in programs]


def program_funding(
    user: Any, code: str, year: int | None = None
) -> tuple[Program, Funding, QuerySet[Transaction], list[tuple[Activity, Totals | None]]]:
    """One program's funding, its transactions and its activities with their totals (a donor user: only those
    with her money). Http404 for an unknown program, or one a donor user has given nothing to."""
    program = get_object_or_404(Program, code=code)
    funding, transactions = visible_funding(user, year, program=program)
    if not user.is_secretariat and program.pk not in funding.programs:
        raise Http404
    activities = Activity.objects.filter(program=program).order_by("starts_on", "pk")
    if not user.is_secretariat:
        activities = activities.filter(pk__in=list(funding.activities))
    return program, funding, transactions, [(a, funding.activities.get(a.pk)) for a in activities]
