"""A work plan as a tree (programs → sub-programs → objectives and activities) in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from enlace.accounts.models import User
from enlace.workplan.models import PlanObjective, PlanProgram, ProposedActivity, WorkPlan


def plan_tree(plan: WorkPlan, user: User) -> list[PlanProgram]:
    """The plan's programs in order, each with `.children` (its sub-programs), objectives and activities prefetched.

    Three queries whatever the size of the plan; every row comes through its model's policy.
    """
    nodes = list(
        PlanProgram.objects.restrict(user, "view")
        .filter(plan=plan)
        .select_related("program")
        .prefetch_related(
            Prefetch("objectives", queryset=PlanObjective.objects.restrict(user, "view").order_by("position")),
            Prefetch("activities", queryset=ProposedActivity.objects.restrict(user, "view").order_by("position")),
        )
        .order_by("position", "pk")
    )
    by_parent: dict[int | None, list[PlanProgram]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    for node in nodes:
        node.children = by_parent.get(node.pk, [])  # type: ignore[attr-defined]  # set for templates and serializers
    return by_parent.get(None, [])
