"""E-mail bounces: DSNs and SMTP refusals flag channels, lower confidence, and a working link lifts them."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox
from enlace.directory import attestation
from enlace.directory.freshness import assess
from enlace.directory.models import ChannelKind, Person
from enlace.directory.testing import make_designation, make_person

pytestmark = pytest.mark.django_db
DSN = Path(__file__).parent / "data" / "dsn-hard.eml"


def _person_with(address: str) -> Person:
    person = make_person("AR")
    person.channels.filter(kind=ChannelKind.EMAIL).update(value=address)
    make_designation("AR", "counterterrorism", role="alternate", person=person)
    return person


def test_a_dsn_flags_hard_failures_only() -> None:
    gone = _person_with("gone@example.org")
    slow = _person_with("slow@example.org")
    out = io.StringIO()
    call_command("ingest_bounces", str(DSN), stdout=out)
    assert "gone@example.org: 5.1.1, 1 channel(s) flagged" in out.getvalue()
    channel = gone.channels.get(kind=ChannelKind.EMAIL)
    assert channel.bounced_at is not None
    assert "User unknown" in channel.bounce_reason
    assert slow.channels.get(kind=ChannelKind.EMAIL).bounced_at is None  # a delay is not a bounce
    assert AuditRecord.objects.filter(action="directory.channel.bounce", changes__address="gone@example.org").exists()
    freshness = assess(gone)
    assert any("gone@example.org" in r for r in freshness.reasons)


def test_a_dsn_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    gone = _person_with("gone@example.org")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DSN.read_bytes())))
    call_command("ingest_bounces", stdout=io.StringIO())
    assert gone.channels.get(kind=ChannelKind.EMAIL).bounced_at is not None


def test_a_message_that_is_not_a_dsn_changes_nothing(tmp_path: Path) -> None:
    gone = _person_with("gone@example.org")
    plain = tmp_path / "plain.eml"
    plain.write_text(
        "From: a@example.org\nTo: b@example.org\nSubject: hi\n\nFinal-Recipient: rfc822; gone@example.org\n"
    )
    call_command("ingest_bounces", str(plain), stdout=io.StringIO())
    assert gone.channels.get(kind=ChannelKind.EMAIL).bounced_at is None


def test_a_refused_reminder_is_a_bounce_and_the_confirmation_link_lifts_it(smtp: Inbox) -> None:
    person = _person_with("refused@example.org")
    smtp.refused.add("refused@example.org")
    Person.objects.filter(pk=person.pk).update(last_attested_at=timezone.now() - timedelta(days=200))
    attestation.send_reminders()  # the refusal must not stop the run
    channel = person.channels.get(kind=ChannelKind.EMAIL)
    assert channel.bounced_at is not None
    assert channel.bounce_reason.startswith("550")
    attestation.confirm_by_link(person)
    channel.refresh_from_db()
    assert channel.bounced_at is None
