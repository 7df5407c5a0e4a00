"""The permission policy base: one policy per model decides who may see and do what.

Every sensitive query goes through `Model.objects.restrict(user, action)`, which asks the
policy registered here. A model without a policy answers nothing (deny by default).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from enlace.accounts.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from enlace.accounts.models import User

type AnyUser = User | AnonymousUser

_REGISTRY: dict[type[models.Model], Policy] = {}


class Policy:
    """Deny everything; subclasses open exactly what a role needs."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        """Return the rows of `queryset` that `user` may act on with `action`."""
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        """Return whether `user` may do `action` (on `obj`, or at all when `obj` is None)."""
        return False


def is_verified(user: AnyUser) -> bool:
    """Whether `user` is signed in and active (MFA is enforced before any view runs)."""
    return bool(user.is_authenticated and user.is_active)


class PublicPolicy(Policy):
    """Reference data: anyone may read it; nobody writes it through the application."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        return queryset if action == "view" else queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        return action == "view"


class MembersPolicy(Policy):
    """Readable by every signed-in member; written only by the Secretariat."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if action == "view" or user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        return action == "view" or bool(user.is_secretariat)  # type: ignore[union-attr]


class OwnerPolicy(Policy):
    """Rows that belong to one user (field `user`): only she may see and change them."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        return queryset.filter(user=user)

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        return obj is None or obj.user_id == user.pk  # type: ignore[attr-defined]


class SecretariatFirstPolicy(Policy):
    """Deny the unverified, allow the Secretariat everything, and ask `member_*` about everyone else."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return self.member_scope(user, queryset, action)

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        return bool(user.is_secretariat) or self.member_can(user, action, obj)  # type: ignore[union-attr]

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        """The rows a verified, non-Secretariat user may act on."""
        return queryset.none()

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        """Whether a verified, non-Secretariat user may act."""
        return False


class SecretariatPolicy(SecretariatFirstPolicy):
    """Secretariat staff (officers and administrators) only: members get nothing."""


class SecretariatAdminPolicy(Policy):
    """Secretariat administrators only."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if is_verified(user) and user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
            return queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        return is_verified(user) and user.has_role(Role.SECRETARIAT_ADMIN)  # type: ignore[union-attr]


def register(model: type[models.Model], policy: Policy) -> None:
    """Declare `policy` as the one permission path for `model`."""
    if model in _REGISTRY and type(_REGISTRY[model]) is not type(policy):
        raise ImproperlyConfigured(f"{model.__name__} already has a policy")
    _REGISTRY[model] = policy


def policy_for(model: type[models.Model]) -> Policy:
    """Return the policy of `model`; a model without one fails loudly."""
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no policy: register one in its app's policies.py"
        ) from None


def registered_models() -> set[type[models.Model]]:
    """The models that have a policy."""
    return set(_REGISTRY)


def load_all_policies() -> None:
    """Import every Enlace app's `policies` module so the registry is complete."""
    for config in apps.get_app_configs():
        if config.name.startswith("enlace."):
            try:
                importlib.import_module(f"{config.name}.policies")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.policies":
                    raise
