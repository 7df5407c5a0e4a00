"""Who may read the audit trail: Secretariat staff. Nobody may change it."""

from __future__ import annotations

from typing import Any

from django.db import models

from enlace.accounts.policy_base import AnyUser, Policy, is_verified, register
from enlace.audit.models import AuditRecord


class AuditRecordPolicy(Policy):
    """Secretariat officers and administrators read; no role may change or delete."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action in {"view", "export"} and is_verified(user) and user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        return action in {"view", "export"} and is_verified(user) and bool(user.is_secretariat)  # type: ignore[union-attr]


register(AuditRecord, AuditRecordPolicy())
