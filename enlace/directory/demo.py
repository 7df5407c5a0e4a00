"""Demo directory: every network populated for the member states, with realistic fictitious people."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

import phonenumbers
from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.directory.models import (
    AvailabilityKind,
    AvailabilityWindow,
    Certification,
    Channel,
    ChannelKind,
    Designation,
    DesignationRole,
    DesignationStatus,
    Expert,
    ExpertStatus,
    Institution,
    InstitutionKind,
    Mission,
    Network,
    Participation,
    Person,
    Skill,
    Visibility,
)
from enlace.geo.models import MemberState

FIRST = {
    "es": [
        "María",
        "José",
        "Ana",
        "Luis",
        "Carmen",
        "Jorge",
        "Lucía",
        "Diego",
        "Sofía",
        "Andrés",
        "Valeria",
        "Ricardo",
    ],
    "pt": ["Ana", "João", "Mariana", "Pedro", "Juliana", "Carlos", "Fernanda", "Rafael", "Beatriz", "Gustavo"],
    "fr": ["Marie", "Jean", "Nadège", "Pierre", "Esther", "Wilson", "Roseline", "Frantz", "Guerline", "Jacques"],
    "en": ["Sarah", "Michael", "Keisha", "Andre", "Natalie", "Jerome", "Alicia", "Damian", "Shanice", "Colin"],
}
LAST = {
    "es": ["González", "Rodríguez", "Pérez", "Martínez", "Gómez", "Díaz", "Ramírez", "Torres", "Vargas", "Castro"],
    "pt": ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Almeida", "Ribeiro", "Carvalho"],
    "fr": ["Joseph", "Jean-Baptiste", "Pierre", "Louis", "Charles", "Étienne", "Desrosiers", "Augustin", "Célestin"],
    "en": ["Williams", "Brown", "Campbell", "Thompson", "Clarke", "Roberts", "Baptiste", "Charles", "Henry", "James"],
}
AGENCIES = {
    "counterterrorism": (
        "Counter-Terrorism Unit",
        "Unidad Antiterrorista",
        "Unité antiterroriste",
        "Divisão Antiterrorismo",
    ),
    "unscr-1540": (
        "National Authority on Non-Proliferation",
        "Autoridad Nacional de No Proliferación",
        "Autorité nationale de non-prolifération",
        "Autoridade Nacional de Não Proliferação",
    ),
    "aviation-security": (
        "Civil Aviation Authority",
        "Dirección de Aeronáutica Civil",
        "Office national de l'aviation civile",
        "Agência Nacional de Aviação Civil",
    ),
    "major-events-maritime": (
        "Maritime Authority",
        "Autoridad Marítima",
        "Service maritime et de navigation",
        "Autoridade Marítima",
    ),
    "csirtamericas": ("National CSIRT", "CSIRT Nacional", "CSIRT national", "CSIRT Nacional"),
    "cyber-policy": (
        "Ministry of Foreign Affairs — Cyber Policy",
        "Cancillería — Política Cibernética",
        "Ministère des Affaires étrangères — Politique cyber",
        "Ministério das Relações Exteriores — Política Cibernética",
    ),
    "national-points-of-contact": (
        "Ministry of Foreign Affairs",
        "Ministerio de Relaciones Exteriores",
        "Ministère des Affaires étrangères",
        "Ministério das Relações Exteriores",
    ),
}
LANG = {"BR": "pt", "HT": "fr"}
ENGLISH = {"AG", "BS", "BB", "BZ", "CA", "DM", "GD", "GY", "JM", "KN", "LC", "VC", "SR", "TT", "US"}


def _language(iso2: str) -> str:
    return LANG.get(iso2) or ("en" if iso2 in ENGLISH else "es")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _phone(iso2: str, rng: random.Random) -> str:
    example = phonenumbers.example_number_for_type(iso2, phonenumbers.PhoneNumberType.FIXED_LINE)
    if example is None:
        return f"+1 555 {rng.randint(1000000, 9999999)}"
    digits = str(example.national_number)
    varied = digits[:-3] + f"{rng.randint(0, 999):03d}"
    number = phonenumbers.parse(f"+{example.country_code}{varied}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@transaction.atomic
def load() -> None:
    """Create participations, institutions, people, channels and designations (skipped if already there)."""
    if Person.objects.exists():
        return
    rng = random.Random(1540)  # noqa: S311  (fictitious demo data, not security)
    today = timezone.localdate()
    networks = list(Network.objects.all())
    people = designations = 0
    for state in MemberState.objects.all():
        lang = _language(state.iso2)
        label = {"en": 0, "es": 1, "fr": 2, "pt": 3}[lang]
        for network in networks:
            Participation.objects.get_or_create(
                network=network, state=state, joined_on=date(2015 + rng.randint(0, 8), rng.randint(1, 12), 1)
            )
            agency_name = AGENCIES[network.code][label]
            agency, _created = Institution.objects.get_or_create(
                name=agency_name,
                state=state,
                defaults={
                    "kind": InstitutionKind.CSIRT if network.code == "csirtamericas" else InstitutionKind.GOVERNMENT,
                    "time_zone": state.capital_tz,
                    "always_on_duty": network.code in {"counterterrorism", "csirtamericas"},
                },
            )
            domain = f"{_ascii(agency_name.split(' — ')[0])[:14]}.gov.{state.iso2.lower()}"
            if agency.always_on_duty and not agency.channels.exists():
                Channel.objects.create(
                    institution=agency, kind=ChannelKind.HOTLINE, value=_phone(state.iso2, rng), priority=1
                )
                Channel.objects.create(institution=agency, kind=ChannelKind.EMAIL, value=f"watch@{domain}", priority=2)
            for role in (DesignationRole.PRIMARY, DesignationRole.ALTERNATE):
                first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
                stale = rng.random() < 0.08
                person = Person.objects.create(
                    full_name=f"{first} {last}",
                    position=agency_name,
                    institution=agency,
                    languages=[lang] if lang == "en" else [lang, "en"],
                    time_zone=state.capital_tz,
                    on_call_hours={str(d): [["08:00", "18:00"]] for d in range(5)},
                    last_attested_at=timezone.now() - timedelta(days=400 if stale else rng.randint(1, 80)),
                )
                people += 1
                Channel.objects.create(
                    person=person, kind=ChannelKind.EMAIL, priority=1, value=f"{_ascii(first)}.{_ascii(last)}@{domain}"
                )
                Channel.objects.create(person=person, kind=ChannelKind.PHONE, priority=2, value=_phone(state.iso2, rng))
                Channel.objects.create(
                    person=person,
                    kind=ChannelKind.MOBILE,
                    priority=3,
                    visibility=Visibility.STATE,
                    value=_phone(state.iso2, rng),
                )
                if rng.random() < 0.3:
                    expired = rng.random() < 0.3
                    Channel.objects.create(
                        person=person,
                        kind=ChannelKind.PGP,
                        priority=4,
                        value=f"{_ascii(first)}.{_ascii(last)}@{domain}",
                        key_fingerprint="".join(rng.choice("0123456789ABCDEF") for _ in range(40)),
                        key_expires_on=today - timedelta(days=30) if expired else today + timedelta(days=300),
                    )
                Designation.objects.create(
                    network=network,
                    state=state,
                    person=person,
                    role=role,
                    status=DesignationStatus.ACTIVE,
                    note_verbale_number=f"NV-{state.iso3}-{rng.randint(100, 999)}/{today.year - rng.randint(0, 3)}",
                )
                designations += 1
            if agency.always_on_duty:
                Designation.objects.create(
                    network=network,
                    state=state,
                    institution=agency,
                    role=DesignationRole.ALTERNATE,
                    status=DesignationStatus.ACTIVE,
                )
                designations += 1
    _link_personas()
    _roster(rng, today)
    from enlace.directory import demo_exercises

    demo_exercises.load(rng)
    record(
        "demo.directory",
        actor=None,
        object_type="directory.person",
        changes={"people": people, "designations": designations},
        reason="demo data",
    )


CERTIFICATIONS = (
    ("Certified trainer, port facility security (ISPS)", "IMO / CICTE"),
    ("Aviation security instructor", "ICAO"),
    ("GIAC Certified Incident Handler (GCIH)", "GIAC"),
    ("Certified Anti-Money Laundering Specialist (CAMS)", "ACAMS"),
    ("Major events security planning, trainer level", "UNICRI / CICTE"),
)
MISSIONS = ("National workshop", "Assessment mission", "Table-top exercise", "Train-the-trainers course")


def _roster(rng: random.Random, today: date) -> None:
    """About 40 experts drawn from the directory, plus the demo expert persona's own entry."""
    skills = list(Skill.objects.all())
    people = list(Person.objects.filter(user__isnull=True).order_by("pk")[::12][:40])
    expert_user = User.objects.filter(email="expert@enlace.demo").select_related("institution__state").first()
    if expert_user is not None and expert_user.institution is not None:
        state = expert_user.institution.state
        people.append(
            Person.objects.create(
                full_name=expert_user.full_name,
                institution=expert_user.institution,
                user=expert_user,
                time_zone=state.capital_tz if state else "UTC",
                languages=["en", "es"],
                last_attested_at=timezone.now(),
            )
        )
    states = list(MemberState.objects.all())
    for person in people:
        start = today + timedelta(days=rng.randint(-60, 60))
        expert = Expert.objects.create(person=person, summary="Regional trainer on the CICTE roster.")
        ends = start + timedelta(days=rng.randint(60, 300))
        AvailabilityWindow.objects.create(expert=expert, starts_on=start, ends_on=ends)
        AvailabilityWindow.objects.create(
            expert=expert,
            starts_on=ends + timedelta(days=1),
            ends_on=ends + timedelta(days=rng.randint(20, 90)),
            kind=rng.choice([AvailabilityKind.PARTIAL, AvailabilityKind.UNAVAILABLE]),
            note="Mission abroad." if rng.random() < 0.5 else "",
        )
        expert.skills.set(rng.sample(skills, rng.randint(1, 3)))
        for name, issuer in rng.sample(CERTIFICATIONS, rng.randint(1, 2)):
            lapse = rng.choice([-20, 25, 400, 900])  # some expired, some lapsing within the 60-day warning
            Certification.objects.create(
                expert=expert,
                name=name,
                issuer=issuer,
                obtained_on=today - timedelta(days=rng.randint(200, 1500)),
                expires_on=today + timedelta(days=lapse),
            )
        for _ in range(rng.randint(0, 3)):
            Mission.objects.create(
                expert=expert, title=rng.choice(MISSIONS), state=rng.choice(states), year=today.year - rng.randint(0, 4)
            )
    # The first entry is an application waiting for the Secretariat, who has its in-app notice.
    applicant = Expert.objects.filter(person=people[0]).first() if people else None
    if applicant is not None:
        from enlace.directory.roster_notices import notify_roster

        Expert.objects.filter(pk=applicant.pk).update(status=ExpertStatus.APPLIED)
        notify_roster(applicant.pk, "applied")


def _link_personas() -> None:
    """Give the demo focal point and CSIRT analyst their own person record, designated in their networks."""
    for email, iso2, code in (
        ("focalpoint.br@enlace.demo", "BR", "counterterrorism"),
        ("analyst.co@enlace.demo", "CO", "csirtamericas"),
    ):
        user = User.objects.filter(email=email).select_related("institution").first()
        if user is None or user.institution is None:
            continue
        person = Person.objects.create(
            full_name=user.full_name,
            institution=user.institution,
            user=user,
            time_zone=user.institution.state.capital_tz if user.institution.state else "UTC",
            languages=[user.preferred_language[:2], "en"],
            last_attested_at=timezone.now(),
            on_call_hours={str(d): [["07:00", "19:00"]] for d in range(7)},
        )
        Channel.objects.create(person=person, kind=ChannelKind.EMAIL, value=user.email, priority=1)
        network = Network.objects.get(code=code)
        state = MemberState.objects.get(iso2=iso2)
        Designation.objects.create(
            network=network,
            state=state,
            person=person,
            role=DesignationRole.DEPUTY,
            status=DesignationStatus.ACTIVE,
            starts_on=timezone.localdate() - timedelta(days=30),
            ends_on=timezone.localdate() + timedelta(days=335),
        )
