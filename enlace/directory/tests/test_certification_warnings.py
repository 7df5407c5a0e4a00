"""Certification-lapse warnings over real SMTP: each expert once per expiry, in her language; then the Secretariat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from email.message import Message
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone, translation

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import Inbox, make_user
from enlace.directory.models import Certification, Expert
from enlace.directory.testing import make_person

pytestmark = pytest.mark.django_db


def _text(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def _certify(expert: Expert, name: str, issuer: str, days: int | None) -> Certification:
    today = timezone.localdate()
    return Certification.objects.create(
        expert=expert,
        name=name,
        issuer=issuer,
        obtained_on=date(2022, 1, 1),
        expires_on=today + timedelta(days=days) if days is not None else None,
    )


def _in(language: str, day: date) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def _warn() -> str:
    out = StringIO()
    call_command("warn_certifications", stdout=out)
    return out.getvalue()


def test_each_expert_is_warned_once_in_her_language_then_the_secretariat(smtp: Inbox) -> None:
    spanish = make_user("expert", language="es")
    ana = Expert.objects.create(person=make_person("AR", user=spanish))
    gcih = _certify(ana, "GCIH", "GIAC", 20)
    _certify(ana, "CISSP", "ISC2", 400)  # not within the warning period
    brazilian = Expert.objects.create(person=make_person("BR"))  # no account: her e-mail channel, Brazil's language
    cams = _certify(brazilian, "CAMS", "ACAMS", 60)
    renewed = Expert.objects.create(person=make_person("JM"))
    _certify(renewed, "ICAO instructor", "ICAO", 10)
    _certify(renewed, "ICAO Instructor", "icao", 700)  # already renewed: no warning
    _certify(Expert.objects.create(person=make_person("TT")), "CEH", "EC-Council", -1)  # already lapsed
    admin = make_user("secretariat_admin", language="fr")
    officer = make_user("secretariat_officer", program="cybersecurity")
    coordinator = make_user("national_coordinator", state="AR")

    assert _warn().strip() == "experts: 2, without_address: 0, secretariat: 2"

    (to_ana,) = smtp.to(spanish.email)
    assert to_ana["Content-Language"] == "es"
    body = _text(to_ana)
    assert "GCIH (GIAC)" in body
    assert _in("es", gcih.expires_on) in body  # type: ignore[arg-type]
    assert "CISSP" not in body
    assert f"http://127.0.0.1:8000/directory/experts/{ana.pk}/" in body
    (to_brazilian,) = smtp.to(brazilian.person.channels.get(kind="email").value)
    assert to_brazilian["Content-Language"] == "pt-br"
    assert _in("pt-br", cams.expires_on) in _text(to_brazilian)  # type: ignore[arg-type]
    assert "/directory/experts/" not in _text(to_brazilian)  # no account to sign in with
    (summary,) = smtp.to(admin.email)
    assert summary["Content-Language"] == "fr"
    assert ana.person.full_name in _text(summary)
    assert brazilian.person.full_name in _text(summary)
    assert renewed.person.full_name not in _text(summary)
    assert _in("fr", gcih.expires_on) in _text(summary)  # type: ignore[arg-type]
    assert len(smtp.to(officer.email)) == 1
    assert smtp.to(coordinator.email) == []
    assert len(smtp.messages) == 4
    assert AuditRecord.objects.filter(action="expert.certification_lapse_warn").count() == 2

    # Once per certification: a second run sends nothing, to anyone.
    assert _warn().strip() == "experts: 0, without_address: 0, secretariat: 0"
    assert len(smtp.messages) == 4
    assert AuditRecord.objects.filter(action="expert.certification_lapse_warn").count() == 2


def test_a_renewed_certification_is_warned_about_again(
    smtp: Inbox, client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    expert = Expert.objects.create(person=make_person("TT", user=persona("expert")))
    _certify(expert, "Port facility security officer", "IMO", 10)
    _warn()
    assert len(smtp.to("expert@example.org")) == 1
    # She renews it for a short period (still within the warning period) and adds it to her entry.
    new_expiry = timezone.localdate() + timedelta(days=45)
    response = client_as("expert").post(
        f"/directory/experts/{expert.pk}/certifications/",
        {
            "name": "Port facility security officer",
            "issuer": "IMO",
            "obtained_on": timezone.localdate().isoformat(),
            "expires_on": new_expiry.isoformat(),
        },
    )
    assert response.status_code == 302
    _warn()
    first, second = smtp.to("expert@example.org")
    assert _in("en", new_expiry) in _text(second)
    assert _in("en", new_expiry) not in _text(first)
    _warn()
    assert len(smtp.to("expert@example.org")) == 2
    # A correction of the expiry in place is a new expiry too.
    renewed = expert.certifications.get(expires_on=new_expiry)
    Certification.objects.filter(pk=renewed.pk).update(expires_on=new_expiry + timedelta(days=5))
    _warn()
    assert len(smtp.to("expert@example.org")) == 3


def test_an_expert_without_an_address_is_named_to_the_secretariat(smtp: Inbox) -> None:
    expert = Expert.objects.create(person=make_person("PA"))
    expert.person.channels.filter(kind="email").delete()
    _certify(expert, "CISA", "ISACA", 30)
    admin = make_user("secretariat_admin")
    assert _warn().strip() == "experts: 0, without_address: 1, secretariat: 1"
    (summary,) = smtp.to(admin.email)
    assert f"{expert.person.full_name} (Panama) — not warned: no e-mail address" in _text(summary)
    assert _warn().strip() == "experts: 0, without_address: 0, secretariat: 0"


GONE = "gone@example.org"


def test_a_refused_address_does_not_stop_the_run(smtp: Inbox) -> None:
    smtp.refused.add(GONE)  # the server answers 550, as for an unknown mailbox
    gone = Expert.objects.create(person=make_person("PA"))
    gone.person.channels.filter(kind="email").update(value=GONE)
    _certify(gone, "CISA", "ISACA", 30)
    reachable = Expert.objects.create(person=make_person("PA"))
    _certify(reachable, "CISM", "ISACA", 31)
    admin = make_user("secretariat_admin")
    assert _warn().strip() == "experts: 1, without_address: 1, secretariat: 1"
    assert len(smtp.to(reachable.person.channels.get(kind="email").value)) == 1
    (summary,) = smtp.to(admin.email)
    assert f"{gone.person.full_name} (Panama) — not warned: no e-mail address, or the address was refused" in (
        _text(summary)
    )
    record = AuditRecord.objects.get(action="expert.certification_lapse_warn", object_id=str(gone.pk))
    assert record.changes["sent_to"] is None
    # The permanent refusal is a hard bounce on her e-mail channel, as for every directory mail.
    channel = gone.person.channels.get(kind="email")
    assert channel.bounced_at is not None
    assert channel.bounce_reason.startswith("550")
    bounce = AuditRecord.objects.get(action="directory.channel.bounce")
    assert bounce.changes["source"] == "mail certification_lapse"
    assert _warn().strip() == "experts: 0, without_address: 0, secretariat: 0"
