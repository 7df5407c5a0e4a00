"""Coverage of a work plan: each proposed activity with the activities that implement it, the mandates with
nothing yet, and the activities of the plan's term that implement no mandate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from enlace.accounts.models import User
from enlace.workplan.models import Activity, PlanProgram, ProposedActivity, WorkPlan
from enlace.workplan.tree import plan_tree


@dataclass
class Coverage:
    """The plan's tree (each proposed activity with `.implementing`), and what is not covered either way."""

    programs: list[PlanProgram]
    mandates: int
    covered: int
    uncovered: list[ProposedActivity]
    unmandated: list[Activity]


def term_dates(plan: WorkPlan) -> tuple[date, date]:
    """The first and last day of the years the plan's term names (2021-2022: 1 Jan 2021 to 31 Dec 2022)."""
    first, last = (int(year) for year in plan.term.split("-"))
    return date(first, 1, 1), date(last, 12, 31)


def coverage(plan: WorkPlan, user: User) -> Coverage:
    """What implements each mandate of `plan`, through the activity policy; a fixed number of queries."""
    programs = plan_tree(plan, user)
    visible = Activity.objects.restrict(user, "view")
    links = (
        ProposedActivity.implementations.through.objects.filter(
            proposedactivity__plan_program__plan=plan, activity__in=visible
        )
        .select_related("activity")
        .order_by("activity__starts_on", "activity_id")
    )
    implementing: dict[int, list[Activity]] = {}
    for link in links:
        implementing.setdefault(link.proposedactivity_id, []).append(link.activity)
    mandates: list[ProposedActivity] = []
    for top in programs:
        for node in [top, *top.children]:  # type: ignore[attr-defined]  # set by plan_tree
            for mandate in node.activities.all():
                mandate.implementing = implementing.get(mandate.pk, [])
                mandates.append(mandate)
    start, end = term_dates(plan)
    unmandated = list(
        visible.filter(implements__isnull=True, starts_on__range=(start, end))
        .select_related("program")
        .order_by("starts_on", "pk")
    )
    uncovered = [m for m in mandates if not m.implementing]  # type: ignore[attr-defined]  # set above
    return Coverage(programs, len(mandates), len(mandates) - len(uncovered), uncovered, unmandated)
