"""E-mail bounces: hard failures reported by the mail server, recorded on the contact's e-mail channels.

Two sources: a permanent refusal while sending (SMTP 5xx on RCPT), and delivery status notifications
(RFC 3464 DSNs) that the mail system hands to `python -m enlace ingest_bounces`. Only permanent failures
(status 5.x.x) count; a delay or a temporary failure (4.x.x) is not a bounce.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import Message

from django.db import transaction
from django.utils import timezone

from enlace.audit.actions import record
from enlace.directory.models import Channel, ChannelKind


@dataclass(frozen=True)
class Bounce:
    """One recipient that a DSN reports as permanently failed."""

    address: str
    status: str
    diagnostic: str


def _address(field: str) -> str:
    # "rfc822; someone@example.org" → "someone@example.org"
    return field.split(";", 1)[-1].strip().strip("<>").lower()


def parse_dsn(message: Message) -> list[Bounce]:
    """The permanent failures a delivery status notification reports (none if it is not a DSN)."""
    if message.get_content_type() != "multipart/report":
        return []
    bounces = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        # Python parses the status part into blocks: the per-message one first, then one per recipient.
        blocks = [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
        for block in blocks[1:]:
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
            if action == "failed" and status.startswith("5") and recipient:
                diagnostic = str(block.get("Diagnostic-Code", "")).split(";", 1)[-1].strip()
                bounces.append(Bounce(_address(str(recipient)), status, diagnostic))
    return bounces


@transaction.atomic
def record_bounce(address: str, reason: str, source: str) -> int:
    """Flag every e-mail channel with this address as bounced (audited); returns how many were flagged."""
    channels = Channel.objects.filter(kind=ChannelKind.EMAIL, value__iexact=address.strip())
    pks = list(channels.values_list("pk", flat=True))
    if not pks:
        return 0
    Channel.objects.filter(pk__in=pks).update(bounced_at=timezone.now(), bounce_reason=reason[:300])
    record(
        "directory.channel.bounce",
        actor=None,
        object_type="directory.channel",
        object_id=",".join(map(str, pks)),
        changes={"address": address, "reason": reason[:300], "source": source},
    )
    return len(pks)


def refusal_reason(exc: smtplib.SMTPRecipientsRefused) -> tuple[int, str]:
    """The SMTP code and text of the first refused recipient."""
    code, reason = next(iter(exc.recipients.values()))
    text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    return code, f"{code} {text}"


def record_refusals(exc: smtplib.SMTPRecipientsRefused, source: str) -> None:
    """Record each permanently refused recipient of a failed send as a bounce."""
    for address, (code, reason) in exc.recipients.items():
        if 500 <= code < 600:
            text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
            record_bounce(address, f"{code} {text}", source)


def clear(address: str, person_id: int) -> int:
    """The address is proven to work again (a signed link sent there was used): lift its bounce."""
    return Channel.objects.filter(
        person_id=person_id, kind=ChannelKind.EMAIL, value__iexact=address, bounced_at__isnull=False
    ).update(bounced_at=None, bounce_reason="")
