"""Notices to the followers of a work: a new version is published (in-app, in each follower's language).

Who is told is decided when the notice is sent, not when she followed: the work must still be published, and
each follower must still be allowed to open it (`Work.objects.restrict(follower, "follow")`, the same rule as the
work's page) — an access level narrowed after she followed leaves her out. The uploader of the version is never
told of her own change, and a follower is told of one version once (the notice's key), even if the task runs again.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.library.models import Version, Work, WorkStatus
from enlace.notifications.actions import notify


def _key(version: Version) -> str:
    return f"library-version:{version.pk}"


def tell_followers(version_id: int) -> int:
    """Notify every follower who may still open the work of a published version; returns how many were told."""
    version = Version.objects.filter(pk=version_id).select_related("translation__work").first()
    if version is None:
        return 0
    work = version.translation.work
    if work.status != WorkStatus.PUBLISHED:
        return 0
    key = _key(version)
    followers = (
        User.objects.filter(library_follows__work=work, is_active=True)
        .exclude(pk=version.uploaded_by_id)
        .exclude(notifications__key=key)
        .order_by("pk")
    )
    titles = dict(work.translations.values_list("language", "title"))
    told = 0
    for user in followers:
        # The access check at sending time: one query per follower, through the policy's own queryset.
        if not Work.objects.restrict(user, "follow").filter(pk=work.pk).exists():
            continue
        with translation.override(user.preferred_language):
            title = _("New version of “%(title)s”: %(language)s, version %(number)d") % {
                "title": titles.get((user.preferred_language or "")[:2], work.title),
                "language": version.translation.get_language_display(),
                "number": version.number,
            }
            notify(user=user, kind="library", title=title, url=work.get_absolute_url(), key=key)
        told += 1
    return told
