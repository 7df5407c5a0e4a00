"""Re-attestation reminders: overdue people are asked to confirm, then their coordinator, then the Secretariat.

Run daily (`python -m enlace remind_attestations`, or the task). Stages, by days past the deadline:
  0+  the person gets a signed one-click confirmation link (again at most weekly);
  14+ the state's national coordinators get the list of their overdue people;
  30+ the Secretariat administrators get the list of every state's long-overdue people.
"""

from __future__ import annotations

import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory import bounces
from enlace.directory.freshness import period_for
from enlace.directory.models import ChannelKind, DesignationStatus, Person
from enlace.geo.languages import state_language

SIGNER_SALT = "enlace.directory.attestation"
LINK_MAX_AGE = timedelta(days=14)
REMIND_EVERY = timedelta(days=7)
COORDINATOR_AFTER = timedelta(days=14)
SECRETARIAT_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class Overdue:
    """A person past her re-attestation deadline, and by how long."""

    person: Person
    late_by: timedelta


def overdue_people() -> list[Overdue]:
    """Everyone with an active designation whose record is past the shortest period of her networks."""
    now = timezone.now()
    people = (
        Person.objects.filter(designations__status=DesignationStatus.ACTIVE)
        .distinct()
        .select_related("institution__state", "user")
        .prefetch_related("designations__network", "channels")
    )
    late = []
    for person in people:
        # Never confirmed: the clock starts when her first designation became active.
        active_since = [d.status_since for d in person.designations.all() if d.status == DesignationStatus.ACTIVE]
        baseline = person.last_attested_at or min(active_since)
        deadline = baseline + timedelta(days=period_for(person))
        if now > deadline:
            late.append(Overdue(person, now - deadline))
    return late


def confirm_token(person: Person) -> str:
    """The signed, expiring token of a person's one-click confirmation link."""
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(str(person.pk))


def person_for_token(token: str) -> Person:
    """The person a confirmation link points to; forged or expired links raise signing.BadSignature."""
    pk = signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=LINK_MAX_AGE)
    return Person.objects.select_related("institution__state").get(pk=int(pk))


@transaction.atomic
def confirm_by_link(person: Person) -> None:
    """Record a confirmation made through the signed link (no signed-in actor: the link is the proof)."""
    person.last_attested_at = timezone.now()
    person.save(update_fields=["last_attested_at"])
    address = _email_of(person)
    if address:  # the link reached her there, so that address works
        bounces.clear(address, person.pk)
    state = person.institution.state
    record("person.confirm", actor=None, obj=person, changes={"state": state.iso2 if state else None, "via": "link"})


def _mail(template: str, to: list[str], language: str, context: dict[str, object]) -> None:
    with translation.override(language):
        subject = render_to_string(f"directory/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"directory/email/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except smtplib.SMTPRecipientsRefused as exc:
        # A refused address must not stop the other reminders; it is recorded as a bounce instead.
        bounces.record_refusals(exc, source=f"reminder {template}")


def _email_of(person: Person) -> str | None:
    if person.user is not None:
        return person.user.email
    emails = sorted((c for c in person.channels.all() if c.kind == ChannelKind.EMAIL), key=lambda c: c.priority)
    return emails[0].value if emails else None


def send_reminders() -> dict[str, int]:
    """Run the three stages once; return how many messages each stage sent."""
    now = timezone.now()
    sent = {"people": 0, "coordinators": 0, "secretariat": 0}
    late = overdue_people()
    for item in late:
        person, address = item.person, _email_of(item.person)
        if address is None or (person.reminded_at and now - person.reminded_at < REMIND_EVERY):
            continue
        iso2 = person.institution.state.iso2 if person.institution.state else ""
        language = person.user.preferred_language if person.user else state_language(iso2)
        link = settings.ENLACE_BASE_URL + reverse("directory:person_confirm_link", args=[confirm_token(person)])
        _mail("attestation", [address], language, {"person": person, "link": link})
        Person.objects.filter(pk=person.pk).update(reminded_at=now)
        sent["people"] += 1
    by_state: dict[int, list[Overdue]] = defaultdict(list)
    for item in late:
        if item.late_by >= COORDINATOR_AFTER and item.person.institution.state_id:
            by_state[item.person.institution.state_id].append(item)
    for state_id, items in by_state.items():
        for coordinator in User.objects.filter(
            role_assignments__role=Role.NATIONAL_COORDINATOR, role_assignments__state_id=state_id, is_active=True
        ):
            _mail(
                "attestation_coordinator",
                [coordinator.email],
                coordinator.preferred_language,
                {"items": items, "state": items[0].person.institution.state},
            )
            sent["coordinators"] += 1
    long_late = [item for item in late if item.late_by >= SECRETARIAT_AFTER]
    if long_late:
        for admin in User.objects.filter(role_assignments__role=Role.SECRETARIAT_ADMIN, is_active=True):
            _mail("attestation_secretariat", [admin.email], admin.preferred_language, {"items": long_late})
            sent["secretariat"] += 1
    record("directory.remind_attestations", actor=None, object_type="directory.person", changes=sent)
    return sent
