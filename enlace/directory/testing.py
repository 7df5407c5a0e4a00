"""Factories for directory tests: participations, people with channels, designations."""

from __future__ import annotations

import itertools
from datetime import date

from enlace.accounts.models import User
from enlace.directory.models import (
    Channel,
    ChannelKind,
    Designation,
    DesignationStatus,
    Institution,
    InstitutionKind,
    Network,
    Participation,
    Person,
    Visibility,
)
from enlace.geo.models import MemberState

_counter = itertools.count(1)


def join(iso2: str, code: str) -> Participation:
    """Make `iso2` take part in network `code` (idempotent)."""
    participation, _created = Participation.objects.get_or_create(
        network=Network.objects.get(code=code), state=MemberState.objects.get(iso2=iso2), joined_on=date(2020, 1, 1)
    )
    return participation


def make_person(
    iso2: str, *, user: User | None = None, time_zone: str | None = None, hours: dict | None = None
) -> Person:
    """A person in a new institution of `iso2`, with a network, a state-only and a Secretariat-only channel."""
    n = next(_counter)
    state = MemberState.objects.get(iso2=iso2)
    institution = Institution.objects.create(name=f"Agency {n}", state=state, kind=InstitutionKind.GOVERNMENT)
    person = Person.objects.create(
        full_name=f"Person {n}",
        institution=institution,
        user=user,
        time_zone=time_zone or state.capital_tz,
        on_call_hours=hours if hours is not None else {},
    )
    Channel.objects.create(person=person, kind=ChannelKind.EMAIL, value=f"p{n}@example.org")
    Channel.objects.create(
        person=person, kind=ChannelKind.MOBILE, value=f"+1 555 01{n:04d}", visibility=Visibility.STATE
    )
    Channel.objects.create(
        person=person, kind=ChannelKind.PHONE, value=f"+1 555 09{n:04d}", visibility=Visibility.SECRETARIAT
    )
    return person


def make_designation(
    iso2: str,
    code: str,
    *,
    person: Person | None = None,
    role: str = "primary",
    status: str = DesignationStatus.ACTIVE,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Designation:
    """A designation of `person` (or a new person of `iso2`) in network `code`, written directly."""
    join(iso2, code)
    return Designation.objects.create(
        network=Network.objects.get(code=code),
        state=MemberState.objects.get(iso2=iso2),
        person=person or make_person(iso2),
        role=role,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
    )
