"""Certification-lapse warnings: each expert once per certification and expiry, then a summary to the Secretariat.

Run daily (`python -m enlace warn_certifications`, or the task). A certification is due when it lapses
within CERTIFICATION_WARNING_DAYS and no warning was sent for its current expiry, so a re-run sends
nothing new and a certification renewed with a new expiry is warned about again. One that the expert
already renewed (she holds the same certification, same issuer, expiring later) is not warned about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from enlace.audit.actions import record
from enlace.directory.mail import link, person_address, person_language, secretariat_staff, send_in_language
from enlace.directory.models import CERTIFICATION_WARNING_DAYS, Certification, Expert


@dataclass(frozen=True)
class LapseWarning:
    """The certifications of one expert about to lapse, and where her warning went (None: not sent)."""

    expert: Expert
    certifications: list[Certification]
    sent_to: str | None


def due(today: date) -> QuerySet[Certification]:
    """Certifications lapsing within the warning period that were not warned about for their current expiry."""
    return Certification.objects.filter(
        Q(lapse_warned_for__isnull=True) | ~Q(lapse_warned_for=F("expires_on")),
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=CERTIFICATION_WARNING_DAYS),
    )


def _renewed(certification: Certification) -> bool:
    """Whether the expert holds the same certification expiring later (or never)."""
    return any(
        other.pk != certification.pk
        and other.name.casefold() == certification.name.casefold()
        and other.issuer.casefold() == certification.issuer.casefold()
        and (other.expires_on is None or other.expires_on > certification.expires_on)  # type: ignore[operator]
        for other in certification.expert.certifications.all()
    )


@transaction.atomic
def _mark(expert: Expert, certifications: list[Certification], sent_to: str | None) -> None:
    now = timezone.now()
    for certification in certifications:
        Certification.objects.filter(pk=certification.pk).update(
            lapse_warned_at=now, lapse_warned_for=certification.expires_on
        )
    state = expert.person.institution.state
    record(
        "expert.certification_lapse_warn",
        actor=None,
        obj=expert,
        changes={
            "certifications": {c.pk: c.expires_on for c in certifications},
            "sent_to": sent_to,
            "state": state.iso2 if state else None,
        },
    )


def send_warnings() -> dict[str, int]:
    """Warn each expert about her lapsing certifications, then the Secretariat; return what was sent."""
    today = timezone.localdate()
    lapsing = (
        due(today)
        .select_related("expert__person__user", "expert__person__institution__state")
        .prefetch_related("expert__certifications", "expert__person__channels")
        .order_by("expert_id", "expires_on", "pk")
    )
    by_expert: dict[int, list[Certification]] = defaultdict(list)
    for certification in lapsing:
        if not _renewed(certification):
            by_expert[certification.expert_id].append(certification)
    warnings = []
    for certifications in by_expert.values():
        expert = certifications[0].expert
        address = person_address(expert.person)
        context = {
            "expert": expert,
            "certifications": certifications,
            "link": link("directory:expert_detail", expert.pk) if expert.person.user_id else None,
        }
        language = person_language(expert.person)
        if address is not None and not send_in_language(
            "certification_lapse", to=[address], language=language, context=context
        ):
            address = None  # refused by the mail server: she was not warned
        # Marked once sent, or when she could not be written to: the Secretariat's summary names her instead.
        _mark(expert, certifications, address)
        warnings.append(LapseWarning(expert, certifications, address))
    sent = {"experts": sum(1 for w in warnings if w.sent_to), "without_address": 0, "secretariat": 0}
    sent["without_address"] = len(warnings) - sent["experts"]
    if warnings:
        for manager in secretariat_staff():
            send_in_language(
                "certification_lapse_secretariat",
                to=[manager.email],
                language=manager.preferred_language,
                context={"warnings": warnings, "days": CERTIFICATION_WARNING_DAYS},
            )
            sent["secretariat"] += 1
    record("directory.warn_certifications", actor=None, object_type="directory.certification", changes=sent)
    return sent
