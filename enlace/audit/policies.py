"""Who may read the audit trail: Secretariat staff. Nobody may change it."""

from __future__ import annotations

from typing import Any

from django.db import models

from enlace.accounts.policy_base import AnyUser, Policy, is_verified, register
from enlace.accounts.roles import Role
from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState


class AuditRecordPolicy(Policy):
    """Secretariat officers and administrators read; no role may change or delete.

    `state_access_log`: a national coordinator reads who viewed or exported her state's contacts.
    """

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if action == "state_access_log":
            contacts = queryset.filter(action__startswith="directory.")
            if user.is_secretariat:  # type: ignore[union-attr]
                return contacts
            states = MemberState.objects.filter(pk__in=user.state_ids_for(Role.NATIONAL_COORDINATOR))  # type: ignore[union-attr]
            return contacts.filter(changes__state__in=list(states.values_list("iso2", flat=True)))
        if action in {"view", "export"} and user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if action == "state_access_log":
            return bool(user.is_secretariat or user.state_ids_for(Role.NATIONAL_COORDINATOR))  # type: ignore[union-attr]
        return action in {"view", "export"} and bool(user.is_secretariat)  # type: ignore[union-attr]


register(AuditRecord, AuditRecordPolicy())
