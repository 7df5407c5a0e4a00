"""The queryset every sensitive model uses: `visible_to(user)` and `restrict(user, action)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from enlace.accounts.models import User


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that asks the model's policy which rows a user may reach."""

    def restrict(self, user: User | AnonymousUser, action: str = "view") -> Self:
        """Return only the rows `user` may act on with `action`; no policy means none."""
        from enlace.accounts.policy_base import policy_for

        return policy_for(self.model).scope(user, self, action)  # type: ignore[return-value]  # policies keep the class

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Return only the rows `user` may see."""
        return self.restrict(user, "view")
