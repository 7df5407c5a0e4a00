"""Who may read and write major events and lessons: one policy per model, the access level decides."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from enlace.accounts.policy_base import AnyUser, Policy, is_verified, register
from enlace.accounts.roles import Role
from enlace.ipo.models import Access, DocumentLink, Lesson, MajorEvent, Stage

STATE_ROLES = (Role.NATIONAL_COORDINATOR, Role.FOCAL_POINT, Role.CSIRT_ANALYST)
SUBMITTER_ROLES = (Role.NATIONAL_COORDINATOR, Role.FOCAL_POINT)
LESSON_STEPS = frozenset({"validate", "reject", "identify", "plan_action", "update_action", "close"})
OPEN_STAGES = (Stage.VALIDATED, Stage.IDENTIFIED, Stage.ACTION, Stage.LEARNED)


class MajorEventPolicy(Policy):
    """`public`: validated public events, for anyone; `view`: validated events at the reader's access level,
    plus proposals of her own coordinated states; `add`: the Secretariat, and coordinators (a proposal for
    their own state); `change` and `validate`: the Secretariat."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "public":
            return queryset.filter(access=Access.PUBLIC, validated=True)
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            return queryset if action in {"view", "change", "validate"} else queryset.none()
        if action != "view":
            return queryset.none()
        coordinated = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        readable = Q(validated=True, access__in=(Access.PUBLIC, Access.MEMBERS))
        return queryset.filter(readable | Q(validated=False, host_state_id__in=coordinated))

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action == "public":
            return obj is None or self.scope(user, MajorEvent.objects.filter(pk=obj.pk), action).exists()
        if not is_verified(user):
            return False
        if action == "add":
            return user.is_secretariat or user.has_role(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
        if action in {"change", "validate"} and not user.is_secretariat:  # type: ignore[union-attr]
            return False
        if action not in {"view", "change", "validate"}:
            return False
        return obj is None or self.scope(user, MajorEvent.objects.filter(pk=obj.pk), action).exists()


class LessonPolicy(Policy):
    """`public`: public lessons from "validated" on, for anyone; `view`: the Secretariat sees all; a member
    sees lessons from "validated" on at the public and members levels, "own state" ones of a state where she
    holds a role, and every lesson she submitted; `add`: the Secretariat, coordinators and focal points;
    the workflow steps (validate, reject, identify, plan and update the remedial action, close): the
    Secretariat only."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "public":
            return queryset.filter(access=Access.PUBLIC, stage__in=OPEN_STAGES)
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            return queryset if action == "view" or action in LESSON_STEPS else queryset.none()
        if action != "view":
            return queryset.none()
        states = user.state_ids_for(*STATE_ROLES)  # type: ignore[union-attr]
        levels = Q(access__in=(Access.PUBLIC, Access.MEMBERS)) | Q(access=Access.STATE, state_id__in=states)
        return queryset.filter((levels & Q(stage__in=OPEN_STAGES)) | Q(submitted_by_id=user.pk))

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action == "public":
            return obj is None or self.scope(user, Lesson.objects.filter(pk=obj.pk), action).exists()
        if not is_verified(user):
            return False
        if action == "add":
            return user.is_secretariat or user.has_role(*SUBMITTER_ROLES)  # type: ignore[union-attr]
        if action in LESSON_STEPS and not user.is_secretariat:  # type: ignore[union-attr]
            return False
        if action != "view" and action not in LESSON_STEPS:
            return False
        return obj is None or self.scope(user, Lesson.objects.filter(pk=obj.pk), action).exists()


class DocumentLinkPolicy(Policy):
    """`view`: a link is shown only to someone who may read BOTH its library work (library policy) and its event
    or lesson (their policies); `public`: the same with the public scopes. `add` and `delete`: the Secretariat."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        from enlace.library.models import Work

        if action in {"view", "public"}:
            works = Work.objects.visible_to(user).values("pk")
            events = MajorEvent.objects.restrict(user, action).values("pk")
            lessons = Lesson.objects.restrict(user, action).values("pk")
            return queryset.filter(Q(event_id__in=events) | Q(lesson_id__in=lessons), work_id__in=works)
        if action == "delete" and is_verified(user) and user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action in {"add", "delete"}:
            return is_verified(user) and bool(user.is_secretariat)  # type: ignore[union-attr]
        return action in {"view", "public"} and (
            obj is None or self.scope(user, DocumentLink.objects.filter(pk=obj.pk), action).exists()
        )


register(MajorEvent, MajorEventPolicy())
register(Lesson, LessonPolicy())
register(DocumentLink, DocumentLinkPolicy())
