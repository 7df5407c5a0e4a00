"""E-mail of the directory: one message in its recipient's language, and whom to write to."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from enlace.accounts.models import User
from enlace.accounts.roles import SECRETARIAT_ROLES, Role
from enlace.directory.bounces import record_refusals
from enlace.directory.models import ChannelKind, Person
from enlace.geo.languages import state_language

logger = logging.getLogger(__name__)


def send_in_language(template: str, *, to: list[str], language: str, context: dict[str, Any]) -> bool:
    """Render `directory/email/<template>_subject.txt` and `<template>.txt` in `language`, and send them.

    Returns False when the mail server refuses every recipient: one bad address must not stop a run
    that writes to many people; a permanent refusal (5xx) is recorded as a hard bounce on the e-mail
    channels with that address (directory/bounces.py). Other failures (the server unreachable) raise.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"directory/email/{template}_subject.txt", context).split())
        body = render_to_string(f"directory/email/{template}.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers={"Content-Language": language})
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        logger.warning("%s refused for %s", template, ", ".join(exc.recipients))
        record_refusals(exc, source=f"mail {template}")
        return False
    return True


def link(name: str, *args: Any) -> str:
    """The public address of a page, for a link in an e-mail."""
    return settings.ENLACE_BASE_URL + reverse(name, args=args)


def person_address(person: Person) -> str | None:
    """Her account's address, or else her first e-mail channel (channels prefetched or not)."""
    if person.user is not None:
        return person.user.email
    emails = sorted((c for c in person.channels.all() if c.kind == ChannelKind.EMAIL), key=lambda c: c.priority)
    return emails[0].value if emails else None


def person_language(person: Person) -> str:
    """Her account's language, or else her state's language for official correspondence."""
    if person.user is not None:
        return person.user.preferred_language
    state = person.institution.state
    return state_language(state.iso2) if state else "en"


def secretariat_staff(program_id: int | None = None) -> QuerySet[User]:
    """Active Secretariat administrators and officers (only the program's officers when a program is given)."""
    held = Q(role_assignments__role__in=SECRETARIAT_ROLES)
    if program_id is not None:
        held = Q(role_assignments__role=Role.SECRETARIAT_ADMIN) | Q(
            role_assignments__role=Role.SECRETARIAT_OFFICER, role_assignments__program_id=program_id
        )
    return User.objects.filter(held, is_active=True).distinct().order_by("pk")


def coordinators_of(state_id: int) -> QuerySet[User]:
    """The active national coordinators of a member state."""
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.NATIONAL_COORDINATOR, role_assignments__state_id=state_id
    ).distinct()
