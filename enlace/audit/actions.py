"""Append to the audit trail (the only write path for audit records)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from enlace.audit.context import current_request
from enlace.audit.models import AuditHead, AuditRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from enlace.accounts.models import User


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def record(
    action: str,
    *,
    actor: User | AnonymousUser | None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditRecord:
    """Append one record to the chain: `action` by `actor` on `obj`, with the fields changed."""
    # Locking the head row serialises appends on PostgreSQL; SQLite serialises writers itself.
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    ctx = current_request.get()
    user = actor if actor is not None and actor.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    entry = AuditRecord(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=user,
        actor_label=getattr(user, "email", "") if user else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=(str(obj) if obj is not None else object_repr)[:200],
        changes=_jsonable(changes or {}),
        reason=reason[:500],
        request_id=ctx.request_id,
        ip=ctx.ip,
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    AuditHead.objects.filter(pk=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
