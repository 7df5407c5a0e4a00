"""Writes of indicators: add them to an alert (all or nothing), report sightings, check against warninglists."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.exchange.indicators import guess_type, normalise, special_address
from enlace.exchange.models import Alert, AlertIndicator, Indicator, Sighting

MAX_PER_REQUEST = 5000


@dataclass(frozen=True)
class NewIndicator:
    """One indicator as submitted: type (None: guess it), raw value, actionable flag and comment."""

    value: str
    type: str | None = None
    actionable: bool = True
    comment: str = ""


def parse_lines(text: str, default_type: str | None = None) -> list[NewIndicator]:
    """One indicator per non-empty line; `#` starts a comment line."""
    lines = [line.strip() for line in text.splitlines()]
    return [NewIndicator(line, default_type) for line in lines if line and not line.startswith("#")]


def _clean(items: list[NewIndicator]) -> list[tuple[str, str, NewIndicator]]:
    if len(items) > MAX_PER_REQUEST:
        raise ValidationError({"indicators": [_("At most %(n)d indicators at a time.") % {"n": MAX_PER_REQUEST}]})
    cleaned, errors = [], []
    for number, item in enumerate(items, start=1):
        kind = item.type or guess_type(item.value)
        if kind is None:
            errors.append(_("Line %(n)d: cannot tell what “%(value)s” is.") % {"n": number, "value": item.value[:80]})
            continue
        try:
            cleaned.append((kind, normalise(kind, item.value), item))
        except ValidationError as exc:
            errors.append(_("Line %(n)d: %(reason)s") % {"n": number, "reason": " ".join(exc.messages)})
    if errors:
        raise ValidationError({"indicators": errors})
    return cleaned


@transaction.atomic
def add_indicators(*, actor: User, alert: Alert, items: list[NewIndicator]) -> list[AlertIndicator]:
    """Add indicators to an alert: every line valid or nothing written; known values are reused, not copied."""
    if not policy_for(Alert).can(actor, "change", alert):
        raise PermissionDenied
    cleaned = _clean(items)
    now = timezone.now()
    wanted: dict[tuple[str, str], NewIndicator] = {}
    for kind, value, item in cleaned:
        wanted.setdefault((kind, value), item)  # the first line of a repeated value wins, as before
    # Set-based: a few queries per batch, not a few per line (a 10,000-indicator STIX import).
    values = {value for _kind, value in wanted}
    found = {(i.type, i.value): i for i in Indicator.objects.filter(value__in=values) if (i.type, i.value) in wanted}
    Indicator.objects.filter(pk__in=[i.pk for i in found.values()]).update(last_seen=now)
    missing = [Indicator(type=kind, value=value) for kind, value in wanted if (kind, value) not in found]
    Indicator.objects.bulk_create(missing, ignore_conflicts=True)  # a concurrent writer may have added some
    created = {(i.type, i.value): i for i in Indicator.objects.filter(value__in=values) if (i.type, i.value) in wanted}
    new_ids = [created[(i.type, i.value)].pk for i in missing if (i.type, i.value) not in found]
    already = set(
        AlertIndicator.objects.filter(alert=alert, indicator__in=[i.pk for i in created.values()]).values_list(
            "indicator_id", flat=True
        )
    )
    fresh = [
        AlertIndicator(
            alert=alert,
            indicator=created[key],
            actionable=item.actionable,
            comment=item.comment[:500],
            added_by=actor,
            added_at=now,
        )
        for key, item in wanted.items()
        if created[key].pk not in already
    ]
    links = AlertIndicator.objects.bulk_create(fresh)
    record("alert.indicators.add", actor=actor, obj=alert, changes={"added": len(links), "new": len(new_ids)})
    if new_ids:
        from enlace.exchange.tasks import check_indicators

        transaction.on_commit(lambda: check_indicators.enqueue(new_ids))
    return links


@transaction.atomic
def add_sighting(*, actor: User, link: AlertIndicator, kind: str) -> Sighting:
    """A reader reports the indicator seen, a false positive, or expired."""
    if not policy_for(Alert).can(actor, "acknowledge", link.alert):
        raise PermissionDenied
    sighting = Sighting.objects.create(link=link, user=actor, institution_id=actor.institution_id, kind=kind)
    Indicator.objects.filter(pk=link.indicator_id).update(last_seen=timezone.now())
    record("alert.sighting", actor=actor, obj=link.alert, changes={"indicator": link.indicator_id, "kind": kind})
    return sighting


@cache
def _warninglists() -> Any:
    from pymispwarninglists import WarningLists

    return WarningLists()  # exact-match lists; address ranges are checked by special_address()


def warnings_for(indicator: Indicator) -> list[str]:
    """Why the indicator is likely a false positive: special address space, MISP warninglists."""
    reasons = []
    special = special_address(indicator.type, indicator.value)
    if special:
        reasons.append(special)
    reasons += sorted({hit.name for hit in _warninglists().search(indicator.value)})
    return reasons


def check(indicator_ids: list[int]) -> int:
    """Store the warnings of each indicator; returns how many have some."""
    flagged = 0
    for indicator in Indicator.objects.filter(pk__in=indicator_ids):
        indicator.warnings = warnings_for(indicator)
        indicator.save(update_fields=["warnings"])
        flagged += bool(indicator.warnings)
    return flagged
