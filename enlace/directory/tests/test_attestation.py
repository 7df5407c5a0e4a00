"""Re-attestation reminders over real SMTP: the person, then her coordinator, then the Secretariat."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user
from enlace.directory import attestation
from enlace.directory.models import Person
from enlace.directory.testing import make_designation

pytestmark = pytest.mark.django_db


def _late(days: int) -> Person:
    """A person of Argentina in the counter-terrorism network (90-day period), `days` past her deadline."""
    person = make_designation("AR", "counterterrorism", role="alternate").person
    Person.objects.filter(pk=person.pk).update(last_attested_at=timezone.now() - timedelta(days=90 + days))
    return Person.objects.get(pk=person.pk)


def _email(person: Person) -> str:
    return person.channels.get(kind="email").value


def _text(message: object) -> str:
    payload = message.get_payload(decode=True)  # type: ignore[attr-defined]
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def test_overdue_person_gets_a_one_click_link_that_confirms_her_record(smtp: Inbox) -> None:
    person = _late(3)
    current = make_designation("AR", "counterterrorism", role="alternate").person
    Person.objects.filter(pk=current.pk).update(last_attested_at=timezone.now())
    sent = attestation.send_reminders()
    assert sent["people"] == 1
    assert smtp.to(_email(current)) == []
    (mail,) = smtp.to(_email(person))
    link = re.search(r"http://127\.0\.0\.1:8000(/directory/confirm/[^/\s]+/)", _text(mail))
    assert link
    anonymous = Client()
    assert anonymous.get(link.group(1)).context["state"] == "ask"
    assert anonymous.post(link.group(1)).context["state"] == "done"
    person.refresh_from_db()
    assert timezone.now() - person.last_attested_at < timedelta(minutes=1)  # type: ignore[operator]
    assert AuditRecord.objects.filter(action="person.confirm", changes__via="link").exists()
    # Weekly at most: a second run the same day sends nothing to her.
    assert attestation.send_reminders()["people"] == 0


def test_escalation_to_the_coordinator_then_the_secretariat(smtp: Inbox) -> None:
    coordinator = make_user("national_coordinator", state="AR")
    admin = make_user("secretariat_admin")
    two_weeks = _late(15)
    assert attestation.send_reminders() == {"people": 1, "coordinators": 1, "secretariat": 0}
    (to_coordinator,) = smtp.to(coordinator.email)
    assert two_weeks.full_name in _text(to_coordinator)
    month = _late(31)
    assert attestation.send_reminders()["secretariat"] == 1
    (to_admin,) = smtp.to(admin.email)
    assert month.full_name in _text(to_admin)
    assert two_weeks.full_name not in _text(to_admin)


def test_confirmation_link_is_tamper_proof() -> None:
    person = _late(1)
    token = attestation.confirm_token(person)
    other = signing.TimestampSigner(salt=attestation.SIGNER_SALT).sign(str(person.pk + 1))
    assert Client().post(f"/directory/confirm/{token[:-2]}xx/").status_code == 404
    assert Client().post(f"/directory/confirm/{other}/").status_code == 404
    exercise_salt = signing.TimestampSigner(salt="enlace.directory.exercise").sign(str(person.pk))
    assert Client().post(f"/directory/confirm/{exercise_salt}/").status_code == 404
    person.refresh_from_db()
    assert timezone.now() - person.last_attested_at > timedelta(days=90)  # type: ignore[operator]
