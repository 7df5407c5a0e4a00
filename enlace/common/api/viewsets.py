"""Base API views: every queryset comes from the model's policy; missing and forbidden are one 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from enlace.common.api.permissions import PolicyAllows


class PolicyViewSetMixin:
    """`get_queryset` returns only what the policy lets the user reach for this action."""

    permission_classes = [PolicyAllows]
    policy_action: str | None = None

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        action = "view" if self.request.method in {"GET", "HEAD", "OPTIONS"} else "change"  # type: ignore[attr-defined]
        if self.request.method == "DELETE":  # type: ignore[attr-defined]
            action = "delete"
        return queryset.restrict(self.request.user, action)  # type: ignore[attr-defined, no-any-return]


class PolicyReadOnlyViewSet(PolicyViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """List and retrieve through the policy."""


class PolicyModelViewSet(PolicyViewSetMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Full CRUD through the policy; writes go through actions in `perform_*`."""
