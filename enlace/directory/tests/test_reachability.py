"""'Reachable now' across time zones, on-call hours, holidays, deputy periods and DST changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from enlace.directory.models import Channel, Designation, Institution, InstitutionKind
from enlace.directory.reachability import call_list
from enlace.directory.testing import join, make_designation, make_person
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db
OFFICE = {str(d): [["09:00", "17:00"]] for d in range(5)}


def _contacts(iso2: str, at: datetime) -> list[tuple[str, bool]]:
    designations = Designation.objects.filter(state__iso2=iso2, network__code="counterterrorism")
    return [(c.designation.role, c.on_call) for c in call_list(designations, Channel.objects.all(), at)]


def test_order_is_primary_alternates_deputies_then_the_24_7_office() -> None:
    join("JM", "counterterrorism")
    office = Institution.objects.create(
        name="JCF Operations Centre",
        state=MemberState.objects.get(iso2="JM"),
        kind=InstitutionKind.GOVERNMENT,
        always_on_duty=True,
        time_zone="America/Jamaica",
    )
    Designation.objects.create(
        network_id=_ct(), state_id=_state("JM"), institution=office, role="alternate", status="active"
    )
    make_designation(
        "JM",
        "counterterrorism",
        role="deputy",
        person=make_person("JM", hours=OFFICE),
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 12, 31),
    )
    make_designation("JM", "counterterrorism", role="alternate", person=make_person("JM", hours=OFFICE))
    make_designation("JM", "counterterrorism", role="primary", person=make_person("JM", hours=OFFICE))
    at = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday 10:00 in Kingston
    contacts = call_list(Designation.objects.filter(state__iso2="JM"), Channel.objects.all(), at)
    assert [(c.designation.role, c.designation.institution_id is not None) for c in contacts] == [
        ("primary", False),
        ("alternate", False),
        ("deputy", False),
        ("alternate", True),
    ]
    assert all(c.on_call for c in contacts)
    assert contacts[0].local_time.hour == 10


def test_off_hours_in_the_persons_time_zone_not_the_servers() -> None:
    make_designation("MX", "counterterrorism", person=make_person("MX", time_zone="America/Mexico_City", hours=OFFICE))
    # 16:00 UTC is 10:00 in Mexico City (on call); 01:00 UTC the next day is 19:00 there (off duty).
    assert _contacts("MX", datetime(2026, 11, 26, 16, 0, tzinfo=UTC)) == [("primary", True)]
    assert _contacts("MX", datetime(2026, 11, 27, 1, 0, tzinfo=UTC)) == [("primary", False)]


def test_weekend_is_off_and_a_24_7_office_is_always_on() -> None:
    make_designation("CO", "counterterrorism", person=make_person("CO", hours=OFFICE))
    office = Institution.objects.create(
        name="colCERT",
        state=MemberState.objects.get(iso2="CO"),
        kind=InstitutionKind.CSIRT,
        always_on_duty=True,
        time_zone="America/Bogota",
    )
    Designation.objects.create(
        network_id=_ct(), state_id=_state("CO"), institution=office, role="alternate", status="active"
    )
    saturday_noon = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
    assert _contacts("CO", saturday_noon) == [("primary", False), ("alternate", True)]


def test_national_holiday_takes_the_person_off_call() -> None:
    make_designation("BR", "counterterrorism", person=make_person("BR", hours=OFFICE))
    # 15 November 2027 is a Monday and Brazil's Proclamation of the Republic: a national holiday.
    holiday = datetime(2027, 11, 15, 14, 0, tzinfo=UTC)
    contacts = call_list(Designation.objects.filter(state__iso2="BR"), Channel.objects.all(), holiday)
    assert [(c.on_call, bool(c.reason)) for c in contacts] == [(False, True)]
    assert _contacts("BR", datetime(2027, 11, 16, 14, 0, tzinfo=UTC)) == [("primary", True)]


def test_deputy_counts_only_within_her_period() -> None:
    make_designation(
        "AR",
        "counterterrorism",
        role="deputy",
        person=make_person("AR", hours=OFFICE),
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 15),
    )
    assert _contacts("AR", datetime(2026, 11, 30, 15, 0, tzinfo=UTC)) == []
    assert _contacts("AR", datetime(2026, 12, 2, 15, 0, tzinfo=UTC)) == [("deputy", True)]
    assert _contacts("AR", datetime(2026, 12, 16, 15, 0, tzinfo=UTC)) == []


def test_dst_change_moves_the_on_call_window_in_utc() -> None:
    hours = {str(d): [["09:00", "10:00"]] for d in range(7)}
    make_designation("US", "counterterrorism", person=make_person("US", time_zone="America/New_York", hours=hours))
    # Before 1 November 2026 New York is UTC-4: 09:30 local = 13:30 UTC. After, UTC-5: 09:30 local = 14:30 UTC.
    assert _contacts("US", datetime(2026, 10, 30, 13, 30, tzinfo=UTC)) == [("primary", True)]
    assert _contacts("US", datetime(2026, 11, 2, 13, 30, tzinfo=UTC)) == [("primary", False)]
    assert _contacts("US", datetime(2026, 11, 2, 14, 30, tzinfo=UTC)) == [("primary", True)]


def test_removed_and_proposed_designations_are_not_called() -> None:
    make_designation("UY", "counterterrorism", status="removed")
    make_designation("UY", "counterterrorism", status="proposed", role="alternate")
    assert _contacts("UY", datetime(2026, 11, 26, 15, 0, tzinfo=UTC)) == []


def _ct() -> int:
    from enlace.directory.models import Network

    return Network.objects.get(code="counterterrorism").pk


def _state(iso2: str) -> int:
    return MemberState.objects.get(iso2=iso2).pk


def test_page_shows_each_designees_own_local_time(client_as: object) -> None:
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    make_designation("JM", "counterterrorism", person=make_person("JM", time_zone="America/Jamaica"))
    before = timezone.now().astimezone(ZoneInfo("America/Jamaica")).strftime("%H:%M")
    page = client_as("officer").get("/directory/networks/counterterrorism/JM/reachable-now/").content.decode()  # type: ignore[operator]
    after = timezone.now().astimezone(ZoneInfo("America/Jamaica")).strftime("%H:%M")
    shown = re.findall(r"<time datetime=\"[^\"]+\">\w+ (\d\d:\d\d)</time>", page)
    assert shown
    assert shown[0] in {before, after}  # Kingston's clock (UTC-5), not the viewer's UTC
