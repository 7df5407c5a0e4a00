"""Base API views: every queryset comes from the model's policy; missing and forbidden are one 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from enlace.common.api.permissions import PolicyAllows


class PolicyViewSetMixin:
    """`get_queryset` returns only what the policy lets the user reach for this action."""

    permission_classes: Any = [PolicyAllows]
    policy_action: str | None = None
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]  # mixin over GenericAPIView
        method = self.request.method
        action = self.policy_action or {"GET": "view", "HEAD": "view", "OPTIONS": "view", "DELETE": "delete"}.get(
            method, "change"
        )
        return queryset.restrict(self.request.user, action)


class PolicyReadOnlyViewSet(PolicyViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve through the policy."""


class PolicyModelViewSet(PolicyViewSetMixin, viewsets.ModelViewSet):
    """Full CRUD through the policy; writes go through actions in `perform_*`."""
