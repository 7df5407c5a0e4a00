"""Telling readers about an alert: in-app always, e-mail in their language, never in clear above GREEN.

An AMBER, AMBER+STRICT or RED alert is e-mailed only PGP-encrypted to the reader's key; without a usable
key the mail says only that an alert awaits her, with a link. A key that has expired or cannot encrypt is
reported to the reader (in the mail) and to the Secretariat administrators (in-app), never skipped quietly.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass

import gnupg
from django.conf import settings
from django.core.mail import EmailMessage, mailers, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.models import Channel, ChannelKind
from enlace.exchange.actions import in_language
from enlace.exchange.models import (
    TLP_NEVER_IN_CLEAR,
    Acknowledgement,
    Alert,
    AlertPreference,
    MailMode,
    PendingDigest,
    Severity,
    Tlp,
)
from enlace.exchange.scope import reader_ids
from enlace.notifications.actions import notify
from enlace.notifications.models import Notification

SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}
CLEAR_LEVELS = (Tlp.CLEAR, Tlp.GREEN)  # a digest names these alerts; the others appear only as a link


@dataclass(frozen=True)
class KeyCheck:
    """The reader's PGP key, if any, and whether it can be used."""

    channel: Channel | None
    usable: bool
    problem: str = ""


def readers(alert: Alert) -> list[User]:
    """Every active user who may read the alert now, its author excepted."""
    ids = reader_ids(alert) - {alert.created_by_id}
    return list(User.objects.filter(pk__in=ids).select_related("institution__state").order_by("pk"))


def key_of(user: User) -> KeyCheck:
    """The user's PGP key from her directory record: the channel of highest priority."""
    person = getattr(user, "person", None)
    if person is None:
        return KeyCheck(None, False)
    channel = Channel.objects.filter(person=person, kind=ChannelKind.PGP).exclude(key_material="").first()
    if channel is None:
        return KeyCheck(None, False)
    if channel.key_expires_on and channel.key_expires_on <= timezone.localdate():
        return KeyCheck(channel, False, "expired")
    return KeyCheck(channel, True)


class Keyring:
    """For one batch of notifications: a temporary gpg home where each reader's key is imported once, and one
    open connection to the mail server."""

    def __init__(self) -> None:
        self.mailer = mailers.default
        self.mailer.open()
        self._dir = tempfile.TemporaryDirectory(prefix="enlace-gpg-")
        self.gpg = gnupg.GPG(gnupghome=self._dir.name)
        self.gpg.encoding = "utf-8"  # python-gnupg defaults to latin-1, which cannot carry every alert
        self._fingerprints: dict[str, str | None] = {}

    def __enter__(self) -> Keyring:
        return self

    def __exit__(self, *exc: object) -> None:
        self.mailer.close()
        self._dir.cleanup()

    def send(self, subject: str, body: str, to: str) -> None:
        """Send one message over the batch's connection."""
        self.mailer.send_messages([EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])])

    def encrypt(self, text: str, channel: Channel) -> str | None:
        """ASCII-armoured OpenPGP message for the channel's key, or None when gpg cannot encrypt to it."""
        key = hashlib.sha256(channel.key_material.encode()).hexdigest()
        if key not in self._fingerprints:
            imported = self.gpg.import_keys(channel.key_material)
            self._fingerprints[key] = imported.fingerprints[0] if imported.fingerprints else None
        fingerprint = self._fingerprints[key]
        if fingerprint is None:
            return None
        result = self.gpg.encrypt(text, fingerprint, always_trust=True, armor=True)
        return str(result) if result.ok else None


def encrypt(text: str, channel: Channel) -> str | None:
    """Encrypt one message for one key (a keyring of its own)."""
    if shutil.which("gpg") is None:
        return None
    with Keyring() as keyring:
        return keyring.encrypt(text, channel)


def tell(alert: Alert, user: User, reason: str, keyring: Keyring | None = None) -> None:
    """Notify one reader in-app, and by e-mail as her preference says, in her language, following the
    never-in-clear rule."""
    link = reverse("exchange:alert_detail", args=[alert.pk])
    with translation.override(user.preferred_language):
        Notification.objects.filter(key=_key(alert, user)).delete()  # one notice per reader and alert
        notify(user=user, kind="alert", key=_key(alert, user), title=notice_title(alert, reason), url=link)
        choice = mail_choice(alert, user)
        if choice == "now":
            _mail(alert, user, reason, settings.ENLACE_BASE_URL + link, keyring)
        elif choice == "digest":
            PendingDigest.objects.get_or_create(user=user, alert=alert)


def mail_choice(alert: Alert, user: User) -> str:
    """ "now", "digest" or "none", from the reader's preference (no preference: at once)."""
    preference = AlertPreference.objects.filter(user=user).first()
    if preference is None:
        return "now"
    if preference.critical_always and alert.severity == Severity.CRITICAL:
        return "now"
    if SEVERITY_RANK[Severity(alert.severity)] < SEVERITY_RANK[Severity(preference.min_severity)]:
        return "none"
    wanted = set(preference.networks.values_list("pk", flat=True))
    if wanted and not wanted & set(alert.networks.values_list("pk", flat=True)) and not alert.all_members:
        return "none"
    return {MailMode.IMMEDIATE: "now", MailMode.DIGEST: "digest"}.get(MailMode(preference.mode), "none")


def send_digests() -> int:
    """Send each reader with waiting entries one e-mail listing them (titles only up to GREEN); returns how many."""
    sent = 0
    users = User.objects.filter(pk__in=PendingDigest.objects.values("user_id"), is_active=True)
    for user in users:
        entries = list(PendingDigest.objects.filter(user=user).select_related("alert").order_by("queued_at"))
        readable = [e.alert for e in entries if policy_for(Alert).can(user, "view", e.alert)]
        if readable:
            with translation.override(user.preferred_language):
                context = {"alerts": readable, "base": settings.ENLACE_BASE_URL, "clear_levels": CLEAR_LEVELS}
                body = render_to_string("exchange/email/digest.txt", context)
                subject = _("Enlace: %(n)d new alerts") % {"n": len(readable)}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        PendingDigest.objects.filter(pk__in=[e.pk for e in entries]).delete()
        AlertPreference.objects.filter(user=user).update(last_digest_at=timezone.now())
    return sent


def notice_title(alert: Alert, reason: str = "published") -> str:
    """The in-app notice's title, in the active language (the alert's translation when there is one)."""
    marking = alert.get_tlp_display()
    title = in_language(alert, translation.get_language() or "en")[0]
    if reason == "reminder":
        return _("%(tlp)s Please acknowledge: %(title)s") % {"tlp": marking, "title": title}
    return _("%(tlp)s New alert: %(title)s") % {"tlp": marking, "title": title}


def _key(alert: Alert, user: User) -> str:
    return f"alert:{alert.pk}:{user.pk}"


def _send(subject: str, body: str, to: str, keyring: Keyring | None) -> None:
    if keyring is not None:
        keyring.send(subject, body, to)
    else:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _mail(alert: Alert, user: User, reason: str, link: str, keyring: Keyring | None = None) -> None:
    title, body, _language = in_language(alert, user.preferred_language)
    context = {"alert": alert, "title": title, "body": body, "user": user, "link": link, "reason": reason}
    if alert.tlp not in TLP_NEVER_IN_CLEAR:
        subject = f"[{alert.get_tlp_display()}] {title}"
        _send(subject, render_to_string("exchange/email/alert.txt", context), user.email, keyring)
        return
    key = key_of(user)
    ciphertext = None
    if key.usable and key.channel is not None:
        text = render_to_string("exchange/email/alert.txt", context)
        usable_gpg = keyring is not None and shutil.which("gpg") is not None
        ciphertext = keyring.encrypt(text, key.channel) if usable_gpg and keyring else encrypt(text, key.channel)
        if ciphertext is None:
            key = KeyCheck(key.channel, False, "unusable")
    if ciphertext is not None:
        subject = _("[%(tlp)s] Encrypted alert from Enlace") % {"tlp": alert.get_tlp_display()}
        _send(subject, ciphertext, user.email, keyring)
        return
    context["key_problem"] = key.problem
    subject = _("An alert awaits you on Enlace")
    _send(subject, render_to_string("exchange/email/alert_waiting.txt", context), user.email, keyring)
    if key.problem:
        _report_key(alert, user, key)


def _report_key(alert: Alert, user: User, key: KeyCheck) -> None:
    record(
        "alert.key_unusable",
        actor=None,
        obj=alert,
        changes={"user": user.pk, "channel": key.channel.pk if key.channel else None, "problem": key.problem},
    )
    admins = User.objects.filter(role_assignments__role=Role.SECRETARIAT_ADMIN, is_active=True).distinct()
    person = getattr(user, "person", None)
    url = reverse("directory:person_detail", args=[person.pk]) if person is not None else ""
    for admin in admins:
        with translation.override(admin.preferred_language):
            notify(
                user=admin,
                kind="key",
                title=_("The PGP key of %(name)s cannot be used (%(problem)s): alerts reach her without content")
                % {"name": user.full_name or user.email, "problem": key.problem},
                url=url,
            )


def silent_readers(alert: Alert) -> list[User]:
    """Readers who have not acknowledged yet."""
    answered = set(Acknowledgement.objects.filter(alert=alert).values_list("user_id", flat=True))
    return [u for u in readers(alert) if u.pk not in answered]


def already_told(alert: Alert) -> set[int]:
    """Users who already had a notice of this alert."""
    return set(
        Notification.objects.filter(key__startswith=f"alert:{alert.pk}:", kind="alert").values_list(
            "user_id", flat=True
        )
    )
