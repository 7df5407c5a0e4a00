"""Alert e-mail through a real SMTP server on loopback: PGP-encrypted with a key made by gpg, never in clear
above GREEN, and an expired key reported rather than skipped."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import Message
from typing import Any

import gnupg
import pytest
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user
from enlace.directory.actions import add_channel
from enlace.directory.models import Channel, ChannelKind, Person
from enlace.exchange.testing import World, build_world, publish
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def keyring() -> Iterator[gnupg.GPG]:
    """A gpg home with one fresh key pair (ed25519 + cv25519, no passphrase), as a recipient would hold."""
    with tempfile.TemporaryDirectory(prefix="enlace-test-gpg-") as home:
        gpg = gnupg.GPG(gnupghome=home)
        spec = gpg.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            name_email="recipient@example.org",
            name_real="Alert Recipient",
            no_protection=True,
            expire_date="2035-01-01",
            key_usage="sign",
            subkey_type="ECDH",
            subkey_curve="cv25519",
        )
        assert str(gpg.gen_key(spec))
        yield gpg


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(message.get_payload())


def _give_key(world: World, gpg: gnupg.GPG) -> Channel:
    person = Person.objects.get(user=world.recipient)
    armored = str(gpg.export_keys(gpg.list_keys()[0]["fingerprint"]))
    return add_channel(actor=None, kind=ChannelKind.PGP, value=armored, person=person, priority=4)


def test_an_amber_alert_is_encrypted_to_the_readers_key_and_decrypts(
    smtp: Inbox, keyring: gnupg.GPG, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world = build_world()
    _give_key(world, keyring)
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "amber", "institution", body="Block 203.0.113.7 at the border firewall.")
    (encrypted,) = smtp.to(world.recipient.email)
    text = _body(encrypted)
    assert text.startswith("-----BEGIN PGP MESSAGE-----")
    assert "203.0.113.7" not in text
    assert alert.title not in encrypted["Subject"]  # the subject travels in clear: no title in it
    plain = keyring.decrypt(text)
    assert plain.ok, plain.status
    assert "Block 203.0.113.7 at the border firewall." in str(plain)
    # Her colleague has no key: she is told an alert awaits her, with nothing of its content.
    (waiting,) = smtp.to(world.colleague.email)
    assert "awaits you" in waiting["Subject"]
    assert "203.0.113.7" not in _body(waiting)
    assert alert.title not in _body(waiting)
    assert f"/alerts/{alert.pk}/" in _body(waiting)


def test_a_green_alert_goes_in_clear_in_the_readers_language(
    smtp: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world = build_world()
    world.colleague.preferred_language = "es"
    world.colleague.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "green", "institution", severity="high")
    (message,) = smtp.to(world.colleague.email)
    assert alert.body in _body(message)
    assert "Gravedad" in _body(message)  # "Severity" in Spanish
    assert Notification.objects.get(user=world.colleague).title.startswith("TLP:GREEN")


def test_an_expired_key_is_reported_to_the_reader_and_the_secretariat(
    smtp: Inbox, keyring: gnupg.GPG, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world = build_world()
    admin = make_user("secretariat_admin")
    channel = _give_key(world, keyring)
    Channel.objects.filter(pk=channel.pk).update(key_expires_on=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        alert = publish(world, "red", "named")
    (message,) = smtp.to(world.recipient.email)
    assert "expired" in _body(message)
    assert "BEGIN PGP MESSAGE" not in _body(message)
    assert alert.body not in _body(message)
    report = AuditRecord.objects.get(action="alert.key_unusable")
    assert report.changes["problem"] == "expired"
    assert Notification.objects.filter(user=admin, kind="key").count() == 1
