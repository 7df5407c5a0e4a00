"""Who may see and change users, role assignments and API tokens."""

from __future__ import annotations

from typing import Any

from django.db import models

from enlace.accounts.models import ApiToken, RoleAssignment, User
from enlace.accounts.policy_base import AnyUser, OwnerPolicy, Policy, is_verified, register
from enlace.accounts.roles import Role


class UserPolicy(Policy):
    """A user sees and edits herself; Secretariat administrators manage every account."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
            return queryset
        return queryset.filter(pk=user.pk) if action in {"view", "change"} else queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
            return True
        return action in {"view", "change"} and (obj is None or obj.pk == user.pk)


class RoleAssignmentPolicy(Policy):
    """A user sees her own roles; Secretariat administrators see and grant every role."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
            return queryset
        return queryset.filter(user=user) if action == "view" else queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
            return True
        return action == "view" and (obj is None or obj.user_id == user.pk)  # type: ignore[attr-defined]


register(User, UserPolicy())
register(RoleAssignment, RoleAssignmentPolicy())
register(ApiToken, OwnerPolicy())
