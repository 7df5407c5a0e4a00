"""'Reachable now': whom to call in a network and a state at a given moment, and whether they are on call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.directory.models import Channel, Designation, DesignationRole, DesignationStatus, Institution, Person

# Declared by no one: office hours, Monday to Friday.
DEFAULT_HOURS = {str(day): [["09:00", "17:00"]] for day in range(5)}
ROLE_ORDER: dict[str, int] = {DesignationRole.PRIMARY: 0, DesignationRole.ALTERNATE: 1, DesignationRole.DEPUTY: 2}


@dataclass
class Contact:
    """One entry of the call list: who, in which role, her local time, and whether she is on call."""

    designation: Designation
    local_time: datetime
    on_call: bool
    reason: str  # why not on call: a holiday's name, or off duty
    channels: list[Channel] = field(default_factory=list)

    @property
    def designee(self) -> Person | Institution:
        """The person or institution to call."""
        return self.designation.designee


@cache
def _holiday_calendar(iso2: str) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(iso2)
    except NotImplementedError:  # the holidays package does not cover every OAS member state
        return None


def is_holiday(iso2: str, local: datetime) -> str:
    """The name of the national holiday on that local date, or ''."""
    calendar = _holiday_calendar(iso2)
    return str(calendar.get(local.date()) or "") if calendar is not None else ""


def within_hours(hours: dict[str, list[list[str]]], local: datetime) -> bool:
    """Whether the local time falls in one of the intervals declared for that weekday."""
    moment = local.time()
    for start, end in (hours or DEFAULT_HOURS).get(str(local.weekday()), []):
        if time.fromisoformat(start) <= moment < time.fromisoformat(end):
            return True
    return False


def assess(designation: Designation, at: datetime) -> tuple[datetime, bool, str]:
    """(local time, on call?, why not) for one designation at the moment `at`."""
    designee = designation.designee
    local = at.astimezone(ZoneInfo(designee.time_zone or "UTC"))
    if isinstance(designee, Institution):
        return (
            (local, True, "") if designee.always_on_duty else (local, within_hours({}, local), _("office hours only"))
        )
    holiday = is_holiday(designation.state.iso2, local)
    if holiday:
        return local, False, holiday
    if not within_hours(designee.on_call_hours, local):
        return local, False, _("off duty")
    return local, True, ""


def channels_by_owner(
    designations: Iterable[Designation], channels: QuerySet[Channel]
) -> dict[tuple[str, int], list[Channel]]:
    """The visible channels of the designees, keyed by ("person"|"institution", id), in one query."""
    rows = list(designations)
    people = {d.person_id for d in rows if d.person_id}
    offices = {d.institution_id for d in rows if d.institution_id}
    by_owner: dict[tuple[str, int], list[Channel]] = {}
    for channel in channels.filter(Q(person_id__in=people) | Q(institution_id__in=offices)):
        key = ("person", channel.person_id) if channel.person_id else ("institution", channel.institution_id)
        by_owner.setdefault(key, []).append(channel)  # type: ignore[arg-type]
    return by_owner


def call_list(
    designations: QuerySet[Designation], channels: QuerySet[Channel], at: datetime | None = None
) -> list[Contact]:
    """Order the active designations: primary, alternates, deputies in their period, then 24/7 offices."""
    at = at or timezone.now()
    today = at.date()
    current = designations.filter(status=DesignationStatus.ACTIVE).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today), Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    rows = list(current.select_related("person__institution", "institution", "state"))
    rows.sort(key=lambda d: (d.institution_id is not None, ROLE_ORDER.get(d.role, 9), d.pk))
    by_owner = channels_by_owner(rows, channels)
    contacts = []
    for designation in rows:
        local, on_call, reason = assess(designation, at)
        key = (
            ("person", designation.person_id) if designation.person_id else ("institution", designation.institution_id)
        )
        contacts.append(Contact(designation, local, on_call, reason, by_owner.get(key, [])))  # type: ignore[arg-type]
    return contacts
