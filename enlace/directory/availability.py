"""An expert's availability windows: added, changed and removed (atomic, audited), and searched.

An expert's windows never overlap: each day has one answer (available, partially, unavailable). A window
without an end runs until further notice. The roster search "available between X and Y" keeps the experts
with an available or partial window sharing at least one day with the period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.directory.actions import _require
from enlace.directory.models import AvailabilityKind, AvailabilityWindow, Expert

WINDOW_FIELDS = ("starts_on", "ends_on", "kind", "note")


def _snapshot(window: AvailabilityWindow) -> dict[str, Any]:
    return {
        "starts_on": window.starts_on.isoformat() if window.starts_on else None,
        "ends_on": window.ends_on.isoformat() if window.ends_on else None,
        "kind": window.kind,
        "note": window.note,
    }


def overlapping(expert: Expert, starts_on: date, ends_on: date | None) -> QuerySet[AvailabilityWindow]:
    """The expert's windows that share at least one day with [starts_on, ends_on] (None: no end)."""
    windows = AvailabilityWindow.objects.filter(expert=expert).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    return windows.filter(starts_on__lte=ends_on) if ends_on else windows


def _check(window: AvailabilityWindow) -> None:
    if window.ends_on and window.ends_on < window.starts_on:
        raise ValidationError({"ends_on": _("The availability window must end on or after its start.")})
    if window.kind not in AvailabilityKind.values:
        raise ValidationError({"kind": _("Choose how available you are from the list.")})
    clash = overlapping(window.expert, window.starts_on, window.ends_on).exclude(pk=window.pk).first()
    if clash is not None:
        message = _(
            "This window overlaps the one from %(start)s to %(end)s: change or remove that one first, "
            "or choose other dates."
        )
        end = formats.date_format(clash.ends_on, "SHORT_DATE_FORMAT") if clash.ends_on else _("no end")
        start = formats.date_format(clash.starts_on, "SHORT_DATE_FORMAT")
        raise ValidationError({"starts_on": message % {"start": start, "end": end}})


@transaction.atomic
def save_window(
    window: AvailabilityWindow | None, *, actor: User | None, expert: Expert | None = None, **fields: Any
) -> AvailabilityWindow:
    """Add a window to `expert` (`window` None) or change one (the expert herself or the Secretariat); audited."""
    creating = window is None
    if creating:
        if expert is None:
            raise ValueError("a new window needs its expert")
        target = AvailabilityWindow(expert=expert)
    else:
        target = window  # type: ignore[assignment]  # not None when not creating
    unknown = set(fields) - set(WINDOW_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    _require(actor, "add" if creating else "change", target)
    Expert.objects.select_for_update().filter(pk=target.expert_id).first()  # serialise an expert's window writes
    before = {} if creating else _snapshot(target)
    for name, value in fields.items():
        setattr(target, name, value.strip() if isinstance(value, str) and name == "note" else value)
    if target.starts_on is None:
        raise ValidationError({"starts_on": _("Give the first day of the window.")})
    _check(target)
    target.full_clean()
    target.save()
    after = _snapshot(target)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if creating or changes:
        action = "expert.window_add" if creating else "expert.window_change"
        record(action, actor=actor, obj=target, changes={**changes, "expert": target.expert_id})
    return target


@transaction.atomic
def remove_window(window: AvailabilityWindow, *, actor: User | None) -> None:
    """Remove an availability window (the expert herself or the Secretariat); audited with what it said."""
    _require(actor, "delete", window)
    record("expert.window_remove", actor=actor, obj=window, changes={**_snapshot(window), "expert": window.expert_id})
    window.delete()


def available_between(queryset: QuerySet[Expert], starts_on: date | None, ends_on: date | None) -> QuerySet[Expert]:
    """Experts with an available or partial window sharing at least one day with the period.

    Windows never overlap, so such a window means no unavailable window covers the whole period. An open
    bound is the other bound (one day); both open returns the queryset unchanged.
    """
    if starts_on is None and ends_on is None:
        return queryset
    first = starts_on or ends_on
    last = ends_on or starts_on
    if last < first:  # type: ignore[operator]  # both are set here
        first, last = last, first
    meets = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    open_windows = AvailabilityWindow.objects.filter(
        meets, kind__in=[AvailabilityKind.AVAILABLE, AvailabilityKind.PARTIAL]
    )
    return queryset.filter(pk__in=open_windows.values("expert_id"))
