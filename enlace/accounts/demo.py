"""Demo personas, one per role, each with the documented password and TOTP secret."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from enlace.accounts.actions import grant_role
from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.directory.models import Institution, InstitutionKind
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

DEMO_PASSWORD = "Enlace-demo-2026!"  # noqa: S105  (documented demo password, refused outside demo mode)
# Base32 TOTP secret shared by every demo persona; `python -m enlace demo_otp <email>` prints the code.
DEMO_TOTP_SECRET = "ENLACEDEMOTOTPSECRETAAAAAAAAAAAA"  # noqa: S105  (documented demo secret, demo mode only)


@dataclass(frozen=True)
class Persona:
    """A demo user: who she is, where she works and which roles she holds."""

    email: str
    full_name: str
    language: str
    institution: tuple[str, str, str, str | None]  # name, acronym, kind, state ISO2
    roles: tuple[tuple[str, str | None, str | None], ...]  # role, state ISO2, program code


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "admin@enlace.demo",
        "Ana Morales",
        "es",
        ("CICTE Secretariat", "CICTE", InstitutionKind.SECRETARIAT, None),
        ((Role.SECRETARIAT_ADMIN, None, None),),
    ),
    Persona(
        "officer@enlace.demo",
        "David Thompson",
        "en",
        ("CICTE Secretariat", "CICTE", InstitutionKind.SECRETARIAT, None),
        (
            (Role.SECRETARIAT_OFFICER, None, "cybersecurity"),
            (Role.SECRETARIAT_OFFICER, None, "border-security"),
        ),
    ),
    Persona(
        "coordinator.ar@enlace.demo",
        "Lucía Fernández",
        "es",
        (
            "Ministerio de Relaciones Exteriores, Comercio Internacional y Culto",
            "MRECIC",
            InstitutionKind.GOVERNMENT,
            "AR",
        ),
        ((Role.NATIONAL_COORDINATOR, "AR", None),),
    ),
    Persona(
        "coordinator.jm@enlace.demo",
        "Marcia Campbell",
        "en",
        ("Ministry of National Security", "MNS", InstitutionKind.GOVERNMENT, "JM"),
        ((Role.NATIONAL_COORDINATOR, "JM", None),),
    ),
    Persona(
        "coordinator.ht@enlace.demo",
        "Jean-Baptiste Pierre",
        "fr",
        ("Ministère des Affaires étrangères et des Cultes", "MAEC", InstitutionKind.GOVERNMENT, "HT"),
        ((Role.NATIONAL_COORDINATOR, "HT", None),),
    ),
    Persona(
        "focalpoint.br@enlace.demo",
        "Rafael Souza",
        "pt-br",
        ("Polícia Federal — Divisão Antiterrorismo", "PF-DAT", InstitutionKind.GOVERNMENT, "BR"),
        ((Role.FOCAL_POINT, "BR", None),),
    ),
    Persona(
        "analyst.co@enlace.demo",
        "Camila Rojas",
        "es",
        (
            "colCERT — Grupo de Respuesta a Emergencias Cibernéticas de Colombia",
            "colCERT",
            InstitutionKind.CSIRT,
            "CO",
        ),
        ((Role.CSIRT_ANALYST, "CO", None),),
    ),
    Persona(
        "expert@enlace.demo",
        "Kevin Baptiste",
        "en",
        (
            "Trinidad and Tobago Cyber Security Incident Response Team",
            "TT-CSIRT",
            InstitutionKind.CSIRT,
            "TT",
        ),
        ((Role.EXPERT, None, None),),
    ),
    Persona(
        "donor@enlace.demo",
        "Claire Tremblay",
        "fr",
        (
            "Global Affairs Canada — Counter-Terrorism Capacity Building Program",
            "GAC-CTCBP",
            InstitutionKind.DONOR,
            "CA",
        ),
        ((Role.DONOR, None, None),),
    ),
)


def _institution(spec: tuple[str, str, str, str | None]) -> Institution:
    name, acronym, kind, iso2 = spec
    state = MemberState.objects.get(iso2=iso2) if iso2 else None
    institution, _created = Institution.objects.get_or_create(
        name=name, state=state, defaults={"acronym": acronym, "kind": kind}
    )
    return institution


@transaction.atomic
def load() -> list[User]:
    """Create the demo personas (idempotent): accounts, roles, TOTP and recovery codes."""
    users = []
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        if user is None:
            user = User.objects.create_user(
                persona.email,
                DEMO_PASSWORD,
                full_name=persona.full_name,
                preferred_language=persona.language,
                institution=_institution(persona.institution),
            )
            record("user.create", actor=None, obj=user, reason="demo data")
            for role, iso2, code in persona.roles:
                grant_role(
                    user,
                    role,
                    actor=None,
                    state=MemberState.objects.get(iso2=iso2) if iso2 else None,
                    program=Program.objects.get(code=code) if code else None,
                )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        users.append(user)
    return users
