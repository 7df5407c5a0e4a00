"""Every write to notifications: send one, mark read, close the ones a completed task asked for."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import User
from enlace.notifications.models import Notification


def notify(*, user: User, kind: str, title: str, body: str = "", url: str = "", key: str = "") -> Notification:
    """Send one in-app notification (already rendered in the recipient's language)."""
    return Notification.objects.create(user=user, kind=kind, title=title[:200], body=body, url=url, key=key)


@transaction.atomic
def mark_read(user: User, pks: list[int] | None = None) -> int:
    """Mark the user's notifications read: the ones given, or all of them; returns how many changed."""
    unread = Notification.objects.restrict(user, "change").filter(read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


def close(key: str) -> int:
    """Mark read every notification sent for `key` (the thing it asked for is done)."""
    return Notification.objects.filter(key=key, read_at__isnull=True).update(read_at=timezone.now())
