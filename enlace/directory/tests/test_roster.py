"""The expert roster: searched by the Secretariat, kept by each expert, certifications that lapse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.directory.models import AvailabilityWindow, Certification, Expert, Skill
from enlace.directory.testing import make_person

pytestmark = pytest.mark.django_db


def _expert(
    iso2: str = "TT",
    *,
    skills: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
    user: User | None = None,
    available: tuple[date, date] | None = None,
) -> Expert:
    person = make_person(iso2, user=user)
    person.languages = list(languages)
    person.save()
    expert = Expert.objects.create(person=person)
    if available:
        AvailabilityWindow.objects.create(expert=expert, starts_on=available[0], ends_on=available[1])
    expert.skills.set(Skill.objects.filter(code__in=skills))
    return expert


def test_secretariat_searches_by_skill_language_and_availability(client_as: Callable[[str], Client]) -> None:
    today = timezone.localdate()
    port = _expert(skills=("port-security",), languages=("es", "en"), available=(today, today + timedelta(days=30)))
    _expert(skills=("port-security",), languages=("en",))
    _expert(skills=("incident-response",), languages=("es",))
    later = _expert(
        skills=("port-security",),
        languages=("es",),
        available=(today + timedelta(days=100), today + timedelta(days=200)),
    )
    client = client_as("officer")
    skill = Skill.objects.get(code="port-security").pk
    found = client.get(f"/directory/experts/?skill={skill}&language=es").context["object_list"]
    assert {e.pk for e in found} == {port.pk, later.pk}
    soon = client.get(f"/directory/experts/?skill={skill}&language=es&available_on={today.isoformat()}")
    assert [e.pk for e in soon.context["object_list"]] == [port.pk]


def test_certification_validity_filter_and_lapse_warning(client_as: Callable[[str], Client]) -> None:
    today = timezone.localdate()
    valid = _expert()
    Certification.objects.create(
        expert=valid, name="GCIH", issuer="GIAC", obtained_on=date(2022, 1, 1), expires_on=today + timedelta(days=20)
    )
    lapsed = _expert()
    Certification.objects.create(
        expert=lapsed, name="CAMS", issuer="ACAMS", obtained_on=date(2020, 1, 1), expires_on=today - timedelta(days=1)
    )
    client = client_as("officer")
    certified = client.get("/directory/experts/?certified=true").context["object_list"]
    assert {e.pk for e in certified} == {valid.pk}
    page = client.get(f"/directory/experts/{valid.pk}/").content.decode()
    assert "expires soon" in page
    assert "expired" in client.get(f"/directory/experts/{lapsed.pk}/").content.decode()


def test_an_expert_keeps_her_own_entry_and_sees_no_one_else(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    mine = _expert(user=persona("expert"))
    other = _expert()
    client = client_as("expert")
    assert client.get("/directory/experts/me/").url == f"/directory/experts/{mine.pk}/"
    assert client.get(f"/directory/experts/{other.pk}/").status_code == 404
    assert [e.pk for e in client.get("/directory/experts/").context["object_list"]] == [mine.pk]
    response = client.post(
        f"/directory/experts/{mine.pk}/certifications/",
        {"name": "ICAO instructor", "issuer": "ICAO", "obtained_on": "2025-03-01", "expires_on": "2028-03-01"},
    )
    assert response.status_code == 302
    assert mine.certifications.get().name == "ICAO instructor"
    assert AuditRecord.objects.filter(action="expert.certification_add").exists()
    refused = client.post(
        f"/directory/experts/{other.pk}/certifications/", {"name": "X", "issuer": "Y", "obtained_on": "2025-03-01"}
    )
    assert refused.status_code == 404


def test_a_certification_cannot_expire_before_it_is_obtained(client_as: Callable[[str], Client]) -> None:
    expert = _expert()
    response = client_as("officer").post(
        f"/directory/experts/{expert.pk}/certifications/",
        {"name": "X", "issuer": "Y", "obtained_on": "2025-03-01", "expires_on": "2024-01-01"},
    )
    assert response.status_code == 400
    assert not expert.certifications.exists()


def test_other_roles_do_not_see_the_roster(client_as: Callable[[str], Client]) -> None:
    expert = _expert()
    coordinator = client_as("coordinator")
    assert coordinator.get("/directory/experts/").status_code == 404
    assert coordinator.get(f"/directory/experts/{expert.pk}/").status_code == 404
