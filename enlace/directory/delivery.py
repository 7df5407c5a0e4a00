"""How exercise messages travel: a channel abstraction with e-mail and in-app, open to SMS/messenger gateways.

A channel is a class with a `code`, `can_reach(target)` and `deliver(target, token)`; it raises
`DeliveryError` when the message could not be handed over. `ENLACE_EXERCISE_CHANNELS` lists the dotted paths
of the installed channels, so a gateway is added by writing one class and naming it there.
"""

from __future__ import annotations

import smtplib
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.directory.bounces import record_refusals, refusal_reason
from enlace.directory.models import ExerciseTarget


class DeliveryError(Exception):
    """The channel could not hand the message over; the text says why."""


class ExerciseChannel(Protocol):
    """What a way of sending exercise messages provides."""

    code: str
    label: str

    def can_reach(self, target: ExerciseTarget) -> bool:
        """Whether this channel has an address for the target at all."""
        ...

    def deliver(self, target: ExerciseTarget, token: str) -> None:
        """Send the message with the signed acknowledgement token; raise DeliveryError on failure.

        Called inside `translation.override(target.language)`.
        """
        ...


def ack_path(token: str) -> str:
    """The path of the acknowledgement page for a signed token."""
    return reverse("directory:exercise_ack", args=[token])


class EmailChannel:
    """E-mail through the configured SMTP server; a refused address is recorded as a bounce."""

    code = "email"
    label = gettext_lazy("E-mail")

    def can_reach(self, target: ExerciseTarget) -> bool:
        return bool(target.email)

    def deliver(self, target: ExerciseTarget, token: str) -> None:
        context = {"target": target, "exercise": target.exercise, "link": settings.ENLACE_BASE_URL + ack_path(token)}
        subject = render_to_string("directory/email/exercise_subject.txt", context).strip()
        body = render_to_string("directory/email/exercise.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [target.email])
        except smtplib.SMTPRecipientsRefused as exc:
            record_refusals(exc, source=f"exercise {target.exercise_id}")  # a permanent refusal is a hard bounce
            raise DeliveryError(refusal_reason(exc)[1]) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(str(exc) or exc.__class__.__name__) from exc


class InAppChannel:
    """A notification in Enlace for a recipient who has an account; its link is the same signed page."""

    code = "in_app"
    label = gettext_lazy("In-app notification")

    def can_reach(self, target: ExerciseTarget) -> bool:
        return target.user_id is not None

    def deliver(self, target: ExerciseTarget, token: str) -> None:
        from enlace.notifications.actions import notify

        user = target.user
        if user is None or not user.is_active:
            raise DeliveryError(_("no active account"))
        notify(
            user=user,
            kind="exercise",
            key=notification_key(target),
            title=_("Reachability check of %(network)s: please confirm you received this")
            % {"network": target.exercise.network.name},
            body=target.exercise.message,
            url=ack_path(token),
        )


def notification_key(target: ExerciseTarget) -> str:
    """The key of a target's in-app notification, to close it once answered."""
    return f"exercise-target:{target.pk}"


@cache
def installed() -> dict[str, ExerciseChannel]:
    """The installed channels by code, from `ENLACE_EXERCISE_CHANNELS`."""
    channels = [import_string(path)() for path in settings.ENLACE_EXERCISE_CHANNELS]
    return {channel.code: channel for channel in channels}


def channel_label(code: str) -> str:
    """The name of an installed channel in the active language, or its code."""
    channel = installed().get(code)
    return str(channel.label) if channel is not None else code
