"""Notices about assistance requests: in-app and e-mail, each in its recipient's language."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from enlace.assistance.models import AssistanceRequest, RequestEvent, RequestStatus
from enlace.directory.mail import coordinators_of, secretariat_staff
from enlace.notifications.actions import notify

logger = logging.getLogger(__name__)


def tell_status(event_id: int) -> int:
    """Notify every national coordinator of the request's state of one status change; returns how many."""
    event = RequestEvent.objects.filter(pk=event_id).select_related("request__state", "request__program").first()
    if event is None:
        return 0
    request = event.request
    path = reverse("assistance:request_detail", args=[request.pk])
    told = 0
    for user in coordinators_of(request.state_id):
        with translation.override(user.preferred_language):
            status = RequestStatus(event.to_status).label
            title = _("Assistance request “%(subject)s”: %(status)s") % {"subject": request.subject, "status": status}
            notify(user=user, kind="assistance", title=title, url=path, key=f"assistance-request-{request.pk}")
            context = {
                "request": request,
                "status": status,
                "reason": event.reason,
                "link": settings.ENLACE_BASE_URL + path,
            }
            body = render_to_string("assistance/email/request_status.txt", context)
            message = EmailMessage(
                title,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                headers={"Content-Language": user.preferred_language},
            )
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            logger.warning("assistance status mail refused for user %s", user.pk)
        told += 1
    return told


def tell_filed(request_id: int) -> int:
    """Notify the program's Secretariat staff in-app that a request arrived; returns how many."""
    request = AssistanceRequest.objects.filter(pk=request_id).select_related("state").first()
    if request is None:
        return 0
    path = reverse("assistance:request_detail", args=[request.pk])
    staff = list(secretariat_staff(request.program_id))
    for user in staff:
        with translation.override(user.preferred_language):
            title = _("New assistance request from %(state)s: %(subject)s") % {
                "state": request.state.name,
                "subject": request.subject,
            }
            notify(user=user, kind="assistance", title=title, url=path)
    return len(staff)
