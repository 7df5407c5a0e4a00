"""Alert e-mail preferences: immediate, daily digest or none; lowest severity; networks; critical always."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from enlace.common.testing import sign_in
from enlace.exchange.models import AlertPreference, PendingDigest
from enlace.exchange.testing import build_world, publish
from enlace.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _mailed(address: str) -> int:
    return sum(address in m.to for m in mail.outbox)


def test_digest_severity_and_critical(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    world = build_world()
    client = sign_in(Client(), world.recipient)
    assert client.get("/alerts/preferences/").status_code == 200
    saved = client.post("/alerts/preferences/", {"mode": "digest", "min_severity": "medium", "critical_always": "on"})
    assert saved.status_code == 302
    assert client.post("/alerts/preferences/", {"mode": "sometimes", "min_severity": "low"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, "green", "institution", severity="low", title="Minor")
        publish(world, "amber", "institution", severity="high", title="Serious and secret")
        publish(world, "green", "institution", severity="critical", title="Urgent")
    address = world.recipient.email
    assert _mailed(address) == 1  # only the critical one, at once
    assert Notification.objects.filter(user=world.recipient).count() == 3  # in-app: all of them
    assert PendingDigest.objects.filter(user=world.recipient).count() == 1  # the high one; the low one is below
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_alert_digests", stdout=out)
    assert "digests sent: 1" in out.getvalue()
    (digest,) = [m for m in mail.outbox if address in m.to]
    assert "Serious and secret" not in digest.body  # AMBER: listed as a link, no title
    assert "/alerts/" in digest.body
    assert not PendingDigest.objects.exists()
    assert AlertPreference.objects.get(user=world.recipient).last_digest_at is not None


def test_no_mail_and_network_filter(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    world = build_world()
    client = sign_in(Client(), world.network_peer)
    from enlace.directory.models import Network

    other = Network.objects.get(code="counterterrorism")
    client.post("/alerts/preferences/", {"mode": "immediate", "min_severity": "low", "networks": [other.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, "green", "network")  # shared with CSIRTAmericas, not her chosen network
    assert _mailed(world.network_peer.email) == 0
    client.post("/alerts/preferences/", {"mode": "none", "min_severity": "low"})
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, "green", "all", severity="high")
    assert _mailed(world.network_peer.email) == 0
    assert Notification.objects.filter(user=world.network_peer).count() == 2
