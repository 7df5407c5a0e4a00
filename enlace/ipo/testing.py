"""Test factories for major events and lessons, written straight to the tables."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from enlace.accounts.models import User
from enlace.geo.models import MemberState
from enlace.ipo.models import Access, Lesson, MajorEvent, Stage

_counter = itertools.count(1)


def make_event(state: str = "AR", *, access: str = Access.MEMBERS, validated: bool = True, **fields: Any) -> MajorEvent:
    """An event hosted by `state` (ISO2), in March 2027 unless told otherwise."""
    n = next(_counter)
    values: dict[str, Any] = {
        "name_en": f"Event {n}",
        "kind": "sports",
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 3, 9),
        **fields,
    }
    host = MemberState.objects.get(iso2=state)
    return MajorEvent.objects.create(host_state=host, access=access, validated=validated, **values)


def make_lesson(
    submitted_by: User, *, access: str = Access.MEMBERS, stage: str = Stage.VALIDATED, **fields: Any
) -> Lesson:
    """A lesson at `stage`, about an activity unless an event is given."""
    n = next(_counter)
    values: dict[str, Any] = {"title": f"Lesson {n}", "observation": "Observed", "activity": "Exercise", **fields}
    if isinstance(values.get("state"), str):
        values["state"] = MemberState.objects.get(iso2=values["state"])
    return Lesson.objects.create(submitted_by=submitted_by, access=access, stage=stage, **values)
