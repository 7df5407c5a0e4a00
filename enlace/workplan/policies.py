"""Who may see programs (everyone: they are on the public home page), work plans (members; the Secretariat
imports them) and activities (the Secretariat; coordinators those of their states)."""

from typing import Any

from django.db.models import Model, QuerySet

from enlace.accounts.policy_base import AnyUser, MembersPolicy, Policy, PublicPolicy, is_verified, register
from enlace.accounts.roles import Role
from enlace.workplan.models import (
    Activity,
    ActivityBudget,
    ActivityPartner,
    PlanObjective,
    PlanProgram,
    Program,
    ProposedActivity,
    WorkPlan,
)

register(Program, PublicPolicy())
for model in (WorkPlan, PlanProgram, PlanObjective, ProposedActivity):
    register(model, MembersPolicy())


class ActivityPolicy(Policy):
    """The Secretariat sees every activity and adds them; an officer changes her programs' (an administrator all);
    a national coordinator sees the activities involving her states. Nobody else."""

    def scope(self, user: AnyUser, queryset: QuerySet[Any], action: str) -> QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            if action in ("view", "add") or user.is_secretariat_admin:  # type: ignore[union-attr]
                return queryset
            if action == "change":
                return queryset.filter(program_id__in=user.program_ids_for(Role.SECRETARIAT_OFFICER))  # type: ignore[union-attr]
            return queryset.none()
        states = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        if action == "view" and states:
            return queryset.filter(pk__in=Activity.objects.filter(states__in=states).values("pk"))
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if user.is_secretariat:  # type: ignore[union-attr]
            if action in ("view", "add") or (action == "change" and user.is_secretariat_admin):  # type: ignore[union-attr]
                return True
            programs = user.program_ids_for(Role.SECRETARIAT_OFFICER)  # type: ignore[union-attr]
            return action == "change" and (obj is None or obj.program_id in programs)  # type: ignore[attr-defined]
        states = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        if action != "view" or not states:
            return False
        return obj is None or obj.states.filter(pk__in=states).exists()  # type: ignore[attr-defined]


register(Activity, ActivityPolicy())


class ActivityPartPolicy(Policy):
    """Partners and budgets follow their activity: seen by whoever sees it, changed by whoever may change it."""

    def scope(self, user: AnyUser, queryset: QuerySet[Any], action: str) -> QuerySet[Any]:
        wanted = "view" if action == "view" else "change"
        return queryset.filter(activity__in=Activity.objects.restrict(user, wanted).values("pk"))

    def can(self, user: AnyUser, action: str, obj: Model | None = None) -> bool:
        wanted = "view" if action == "view" else "change"
        return ActivityPolicy().can(user, wanted, obj.activity if obj is not None else None)  # type: ignore[attr-defined]


for part in (ActivityPartner, ActivityBudget):
    register(part, ActivityPartPolicy())


def reportable_programs(user: AnyUser) -> QuerySet[Program]:
    """The programs whose progress report the user may read: an administrator all, an officer her own."""
    if not is_verified(user) or not user.is_secretariat:  # type: ignore[union-attr]
        return Program.objects.none()
    if user.is_secretariat_admin:  # type: ignore[union-attr]
        return Program.objects.all()
    return Program.objects.filter(pk__in=user.program_ids_for(Role.SECRETARIAT_OFFICER))  # type: ignore[union-attr]
