"""Who may see and change the directory.

- The Secretariat sees and validates everything.
- A national coordinator sees every designation of her state (any status) and nominates or removes them.
- A member of a network (her own person holds an active designation there) sees the network's active
  designations, and the people and channels behind them.
- Channels add a field-level rule: "own state" channels only to people of that state, "Secretariat"
  channels only to the Secretariat.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from enlace.accounts.policy_base import (
    AnyUser,
    MembersPolicy,
    SecretariatFirstPolicy,
    SecretariatPolicy,
    is_verified,
    register,
)
from enlace.accounts.roles import Role
from enlace.directory.models import (
    AvailabilityWindow,
    Certification,
    Channel,
    Designation,
    DesignationStatus,
    Exercise,
    ExerciseDelivery,
    ExerciseTarget,
    Expert,
    Institution,
    MembershipApplication,
    Mission,
    Network,
    Participation,
    Person,
    Skill,
    Visibility,
)


def coordinated_state_ids(user: AnyUser) -> set[int]:
    """The states for which the user is national coordinator."""
    return user.state_ids_for(Role.NATIONAL_COORDINATOR) if is_verified(user) else set()  # type: ignore[union-attr]


def member_network_ids(user: AnyUser) -> set[int]:
    """The networks in which the user's own person holds an active designation."""
    if not is_verified(user):
        return set()
    cached = getattr(user, "_enlace_network_ids", None)
    if cached is None:
        cached = set(
            Designation.objects.filter(
                person__user_id=int(user.pk),  # type: ignore[arg-type]  # verified users have a pk
                status=DesignationStatus.ACTIVE,
            ).values_list("network_id", flat=True)
        )
        user._enlace_network_ids = cached  # type: ignore[union-attr]  # once per request
    return cached


def user_state_id(user: AnyUser) -> int | None:
    """The member state of the user's institution."""
    institution = getattr(user, "institution", None)
    return institution.state_id if institution is not None else None


def visible_designations_q(user: AnyUser) -> Q:
    """The designations a (non-Secretariat) user may see."""
    return Q(state_id__in=coordinated_state_ids(user)) | Q(
        network_id__in=member_network_ids(user), status=DesignationStatus.ACTIVE
    )


class DesignationPolicy(SecretariatFirstPolicy):
    """Secretariat: all; coordinator: her states; network member: active designations of her networks."""

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "view":
            return queryset.filter(visible_designations_q(user))
        if action in {"add", "remove", "change"}:
            return queryset.filter(state_id__in=coordinated_state_ids(user))
        return queryset.none()  # validate, suspend: Secretariat only

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        states = coordinated_state_ids(user)
        if action == "view":
            return obj is None or self.scope(user, Designation.objects.filter(pk=obj.pk), action).exists()
        if action in {"add", "remove", "change"}:
            return bool(states) and (obj is None or obj.state_id in states)  # type: ignore[attr-defined]
        return False


class PersonPolicy(SecretariatFirstPolicy):
    """People behind visible designations, and the user herself; coordinators edit their state's people."""

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "view":
            designations = Designation.objects.filter(visible_designations_q(user), person__isnull=False)
            return queryset.filter(
                Q(pk__in=designations.values("person_id"))
                | Q(institution__state_id__in=coordinated_state_ids(user))
                | Q(user=user)
            )
        if action == "change":
            return queryset.filter(Q(institution__state_id__in=coordinated_state_ids(user)) | Q(user=user))
        if action == "add":
            return queryset.filter(institution__state_id__in=coordinated_state_ids(user))
        return queryset.none()

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        if obj is None:
            return action == "view" or (action in {"add", "change"} and bool(coordinated_state_ids(user)))
        if action == "add":  # a new person, not saved yet: only into the coordinator's own state
            return obj.institution.state_id in coordinated_state_ids(user)  # type: ignore[attr-defined]
        return self.scope(user, Person.objects.filter(pk=obj.pk), action).exists()


class ChannelPolicy(SecretariatFirstPolicy):
    """A channel shows when its owner shows and its visibility lets the user see it."""

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action != "view":
            states = coordinated_state_ids(user)
            return queryset.filter(
                Q(person__institution__state_id__in=states) | Q(institution__state_id__in=states) | Q(person__user=user)
            )
        people = Person.objects.restrict(user, "view").values("pk")
        institutions = Designation.objects.filter(visible_designations_q(user), institution__isnull=False)
        owner_visible = Q(person_id__in=people) | Q(institution_id__in=institutions.values("institution_id"))
        own_state = user_state_id(user)
        field_visible = Q(visibility=Visibility.NETWORK) | Q(person__user=user)
        if own_state is not None:
            field_visible |= Q(visibility=Visibility.STATE) & (
                Q(person__institution__state_id=own_state) | Q(institution__state_id=own_state)
            )
        return queryset.filter(owner_visible & field_visible)

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        if obj is None:
            return action == "view" or bool(coordinated_state_ids(user))
        return self.scope(user, Channel.objects.filter(pk=obj.pk), action).exists()


class ExpertPolicy(SecretariatFirstPolicy):
    """The roster: the Secretariat searches and edits it; an expert sees and edits her own entry.

    Putting a person on the roster (`add` on Expert itself) is the Secretariat's alone; an expert
    adds, changes and removes certifications, availability windows and missions of her own entry.
    `through` is the path from the policed model to the expert ("" for Expert itself).
    """

    def __init__(self, through: str = "") -> None:
        self.prefix = f"{through}__" if through else ""

    def _member_actions(self) -> set[str]:
        return {"view", "change", "add", "delete"} if self.prefix else {"view", "change"}

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action in self._member_actions():
            return queryset.filter(**{f"{self.prefix}person__user_id": user.pk})
        return queryset.none()

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        if action not in self._member_actions():
            return False
        if obj is None:
            return user.has_role(Role.EXPERT)  # type: ignore[union-attr]
        expert: Any = obj if not self.prefix else obj.expert  # type: ignore[attr-defined]
        return bool(expert.person.user_id == user.pk)


class ApplicationPolicy(SecretariatFirstPolicy):
    """Applicants see theirs; a state's coordinator sees and endorses her state's; the Secretariat decides."""

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        states = coordinated_state_ids(user)
        if action == "view":
            return queryset.filter(Q(state_id__in=states) | Q(applicant_id=user.pk))
        if action == "endorse":
            return queryset.filter(state_id__in=states)
        return queryset.none()

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        if action == "add":
            own = user.state_ids_for(Role.CSIRT_ANALYST, Role.FOCAL_POINT, Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
            return bool(own) and (obj is None or obj.state_id in own)  # type: ignore[attr-defined]
        if obj is None:
            return action == "view" or (action == "endorse" and bool(coordinated_state_ids(user)))
        return self.scope(user, MembershipApplication.objects.filter(pk=obj.pk), action).exists()


register(Institution, MembersPolicy())
register(Network, MembersPolicy())
register(Participation, MembersPolicy())
register(Person, PersonPolicy())
register(Channel, ChannelPolicy())
register(Designation, DesignationPolicy())
register(Exercise, SecretariatPolicy())
register(MembershipApplication, ApplicationPolicy())
register(Skill, MembersPolicy())
register(Expert, ExpertPolicy())
register(Certification, ExpertPolicy("expert"))
register(Mission, ExpertPolicy("expert"))
register(AvailabilityWindow, ExpertPolicy("expert"))
register(ExerciseTarget, SecretariatPolicy())
register(ExerciseDelivery, SecretariatPolicy())
