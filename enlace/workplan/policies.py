"""Who may see programs (everyone: they are on the public home page), work plans (members; the Secretariat
imports them), activities (the Secretariat; coordinators those of their states) and participants (the Secretariat;
coordinators their own state's people)."""

from typing import Any

from django.db.models import Model, Q, QuerySet

from enlace.accounts.policy_base import AnyUser, MembersPolicy, Policy, PublicPolicy, is_verified, register
from enlace.accounts.roles import Role
from enlace.workplan.models import (
    Activity,
    ActivityBudget,
    ActivityPartner,
    Certificate,
    GenderTarget,
    Participant,
    Participation,
    PlanObjective,
    PlanProgram,
    Program,
    ProposedActivity,
    WorkPlan,
)

register(Program, PublicPolicy())
for model in (WorkPlan, PlanProgram, PlanObjective, ProposedActivity):
    register(model, MembersPolicy())


def _involving(states: set[int]) -> QuerySet[Any]:
    """The ids of the activities involving one of `states`, or that people of those states took part in."""
    return (
        Activity.objects.filter(Q(states__in=states) | Q(participations__participant__state__in=states))
        .values("pk")
        .distinct()
    )


class ActivityPolicy(Policy):
    """The Secretariat sees every activity and adds them; an officer changes her programs' (an administrator all);
    a national coordinator sees the activities involving her states or her states' participants. Nobody else.
    `public` (scope only): anyone, signed in or not, sees the delivered activities marked public, for the public
    programs page (which shows no personal data)."""

    def scope(self, user: AnyUser, queryset: QuerySet[Any], action: str) -> QuerySet[Any]:
        if action == "public":
            return queryset.filter(public=True, status__in=PUBLICLY_DELIVERED)
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
            return queryset.filter(pk__in=_involving(states))
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
        return obj is None or _involving(states).filter(pk=obj.pk).exists()


# Delivered, as the public sees it: under way, finishing or closed (IATI ActivityStatus 2, 3, 4).
PUBLICLY_DELIVERED = (2, 3, 4)

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


class ParticipantDataPolicy(Policy):
    """Participants' data: the Secretariat sees all and changes its programs' (an administrator all); a national
    coordinator sees the people of her states only; nobody else sees anything.

    `program_path` leads from the model to its program (None: not tied to one program, any officer changes it);
    `state_path` from the model to the participant's member state (None: not personal, any coordinator sees it).
    """

    def __init__(self, program_path: str | None, state_path: str | None) -> None:
        self.program_path = program_path
        self.state_path = state_path

    def scope(self, user: AnyUser, queryset: QuerySet[Any], action: str) -> QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            if action == "view" or user.is_secretariat_admin or self.program_path is None:  # type: ignore[union-attr]
                return queryset
            programs = user.program_ids_for(Role.SECRETARIAT_OFFICER)  # type: ignore[union-attr]
            return queryset.filter(**{f"{self.program_path}__in": programs})
        states = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        if action == "view" and states:
            return queryset.filter(**{f"{self.state_path}__in": states}) if self.state_path else queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if user.is_secretariat:  # type: ignore[union-attr]
            if action == "view" or user.is_secretariat_admin or self.program_path is None or obj is None:  # type: ignore[union-attr]
                return True
            programs = user.program_ids_for(Role.SECRETARIAT_OFFICER)  # type: ignore[union-attr]
            return type(obj)._default_manager.filter(pk=obj.pk, **{f"{self.program_path}__in": programs}).exists()
        states = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        if action != "view" or not states:
            return False
        if obj is None or self.state_path is None:
            return True
        return type(obj)._default_manager.filter(pk=obj.pk, **{f"{self.state_path}__in": states}).exists()


register(Participant, ParticipantDataPolicy(None, "state"))
register(Participation, ParticipantDataPolicy("activity__program", "participant__state"))
register(Certificate, ParticipantDataPolicy("participation__activity__program", "participation__participant__state"))
register(GenderTarget, ParticipantDataPolicy("program", None))
