"""In-app notices of the roster, each in its recipient's language: an application to the Secretariat,
a decision (accepted, declined, removed, reinstated) to the expert."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.directory.mail import secretariat_staff
from enlace.directory.models import Expert, ExpertStatus
from enlace.notifications.actions import close, notify

# The status a step leaves the entry in: a notice whose step the entry has already left is not sent.
STEP_STATUS = {
    "applied": ExpertStatus.APPLIED,
    "accepted": ExpertStatus.ACTIVE,
    "reinstated": ExpertStatus.ACTIVE,
    "declined": ExpertStatus.REMOVED,
    "removed": ExpertStatus.REMOVED,
}


def _title(step: str, expert: Expert) -> str:
    name = {"name": expert.person.full_name}
    titles = {
        "applied": _("%(name)s applied to the expert roster") % name,
        "accepted": _("You are on the regional expert roster"),
        "reinstated": _("You are back on the regional expert roster"),
        "declined": _("Your application to the expert roster was declined"),
        "removed": _("You were removed from the regional expert roster"),
    }
    return titles[step]


def notify_roster(expert_id: int, step: str) -> list[User]:
    """Send the step's in-app notices and return who got one (nobody for an unknown or outdated step)."""
    expert = Expert.objects.filter(pk=expert_id).select_related("person__user").first()
    if expert is None or step not in STEP_STATUS or expert.status != STEP_STATUS[step]:
        return []
    if step == "applied":
        recipients = list(secretariat_staff())
    else:
        user = expert.person.user
        recipients = [user] if user is not None and user.is_active else []
    if step in {"accepted", "declined"}:
        close(f"expert:{expert.pk}:applied")  # the application was decided: the Secretariat's notices are done
    url = reverse("directory:expert_detail", args=[expert.pk])
    for user in recipients:
        with translation.override(user.preferred_language):
            body = expert.removal_reason if step in {"declined", "removed"} else ""
            notify(
                user=user,
                kind="roster",
                key=f"expert:{expert.pk}:{step}",
                title=_title(step, expert),
                body=body,
                url=url,
            )
    return recipients
