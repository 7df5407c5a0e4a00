"""API permission classes: deny by default, then the model's policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from enlace.accounts.policy_base import policy_for

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class DenyByDefault(BasePermission):
    """The default for every API view: an operation that declares nothing is refused."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return False


class TokenScopeAllows(BasePermission):
    """A signed-in user; a read-only token may only read."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth if hasattr(request.auth, "scope") else None
        return token is None or request.method in SAFE_METHODS or token.scope == "write"


class PolicyAllows(TokenScopeAllows):
    """Token scope, then the view model's policy for the action (objects come from `restrict`)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        action = getattr(view, "policy_action", None) or _action_for(request.method)
        if not policy_for(view.queryset.model).can(request.user, action):  # type: ignore[attr-defined]
            # Forbidden looks like missing, as on the pages.
            raise NotFound
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        action = getattr(view, "policy_action", None) or _action_for(request.method)
        return policy_for(type(obj)).can(request.user, action, obj)


def _action_for(method: str | None) -> str:
    return {"GET": "view", "HEAD": "view", "OPTIONS": "view", "DELETE": "delete", "POST": "add"}.get(
        method or "", "change"
    )
