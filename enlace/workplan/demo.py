"""Demo work plan: the approved CICTE work plan 2021-2022 (the seed), imported as the Secretariat would, a
term's worth of activities carrying out some of its mandates (and two that carry out none), and their participants:
cybersecurity trainings with about 27 % women against a 40 % target (a real gap), and certificates issued."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from enlace.accounts.models import User
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity, import_plan
from enlace.workplan.data import SEED_PLAN
from enlace.workplan.models import Activity, Participation, PlanProgram, Program, ProposedActivity
from enlace.workplan.participant_actions import import_attendance, issue_certificates, set_gender_target

# (title, program, sub-program or "", mandate positions, kind, modality, start, end, venue, states, IATI status)
ACTIVITIES: tuple[tuple[Any, ...], ...] = (
    (
        "National cybersecurity strategy workshop",
        "cybersecurity",
        "",
        [1],
        "workshop",
        "in_person",
        date(2021, 11, 15),
        date(2021, 11, 17),
        "Asunción",
        ["PY"],
        4,
    ),
    (
        "Women in cybersecurity: technical scholarship cohort",
        "cybersecurity",
        "",
        [3, 10],
        "course",
        "virtual",
        date(2022, 2, 1),
        date(2022, 6, 30),
        "OAS Campus",
        ["AR", "CL", "CO", "MX", "PE"],
        4,
    ),
    (
        "Incident response and digital forensics course",
        "cybersecurity",
        "",
        [5],
        "training",
        "hybrid",
        date(2022, 5, 9),
        date(2022, 5, 13),
        "Bogotá and online",
        ["CO", "EC", "PA"],
        4,
    ),
    (
        "Regional cybersecurity trends report 2022",
        "cybersecurity",
        "",
        [6],
        "publication",
        "virtual",
        date(2022, 9, 1),
        date(2022, 11, 30),
        "",
        [],
        3,
    ),
    (
        "Biosafety and biosecurity MOOC",
        "wmd-1540",
        "",
        [3],
        "course",
        "virtual",
        date(2022, 3, 1),
        date(2022, 8, 31),
        "OAS Campus",
        [],
        4,
    ),
    (
        "1540 peer review: Dominican Republic and Colombia",
        "wmd-1540",
        "",
        [7],
        "peer_review",
        "in_person",
        date(2022, 6, 20),
        date(2022, 6, 24),
        "Santo Domingo",
        ["DO", "CO"],
        4,
    ),
    (
        "Port security risk assessment workshop",
        "border-security",
        "Maritime protection",
        [3],
        "workshop",
        "in_person",
        date(2022, 4, 25),
        date(2022, 4, 28),
        "Kingston",
        ["JM", "TT", "BS"],
        4,
    ),
    (
        "Insider threats at airports",
        "border-security",
        "Aviation security",
        [1],
        "training",
        "in_person",
        date(2022, 8, 8),
        date(2022, 8, 12),
        "Lima",
        ["PE", "BO"],
        4,
    ),
    (
        "Donation of personal protective equipment",
        "border-security",
        "Cargo and container security",
        [3],
        "donation",
        "in_person",
        date(2021, 12, 6),
        None,
        "",
        ["GT", "HN", "SV", "BZ", "DO"],
        4,
    ),
    (
        "AEO awareness forum for free trade zones",
        "border-security",
        "Supply chain security / authorized economic operators",
        [1, 5],
        "seminar",
        "virtual",
        date(2022, 10, 4),
        date(2022, 10, 5),
        "Zoom",
        ["PA", "CR", "UY"],
        4,
    ),
    (
        "Major events security planning: IPO Manual update",
        "mass-gatherings",
        "",
        [5],
        "publication",
        "virtual",
        date(2022, 1, 10),
        date(2022, 12, 15),
        "",
        [],
        2,
    ),
    (
        "Targeted financial sanctions workshop",
        "terrorism-financing",
        "",
        [2],
        "workshop",
        "hybrid",
        date(2022, 7, 12),
        date(2022, 7, 14),
        "Buenos Aires and online",
        ["AR", "PY", "UY", "BR"],
        4,
    ),
    (
        "Quarterly meeting of the Inter-American Counterterrorism Network",
        "counterterrorism-network",
        "",
        [3],
        "meeting",
        "virtual",
        date(2022, 3, 16),
        date(2022, 3, 16),
        "Zoom",
        [],
        4,
    ),
    (
        "Open-source intelligence webinar",
        "cybersecurity",
        "",
        [],
        "seminar",
        "virtual",
        date(2022, 11, 3),
        date(2022, 11, 3),
        "Zoom",
        ["MX", "GT"],
        4,
    ),
    (
        "Drone threats to critical infrastructure briefing",
        "border-security",
        "",
        [],
        "meeting",
        "virtual",
        date(2022, 12, 1),
        None,
        "Zoom",
        [],
        5,
    ),
)


# Partners (name, IATI ref, role, organisation type) and yearly budgets (start, end, USD) of some demo activities.
PARTS: dict[str, tuple[list[tuple[str, str, int, int]], list[tuple[date, date, str]]]] = {
    "National cybersecurity strategy workshop": (
        [
            ("Government of Canada", "XM-DAC-301-1", 1, 10),
            ("OAS Secretariat of the Inter-American Committee against Terrorism", "XI-IATI-OAS", 2, 40),
            ("Ministry of Information and Communication Technologies of Paraguay", "", 4, 10),
        ],
        [(date(2022, 1, 1), date(2022, 12, 31), "45000.00")],
    ),
    "Women in cybersecurity: technical scholarship cohort": (
        [
            ("Government of the United States", "US-GOV-1", 1, 10),
            ("OAS Secretariat of the Inter-American Committee against Terrorism", "XI-IATI-OAS", 2, 40),
        ],
        [(date(2022, 1, 1), date(2022, 12, 31), "120000.00")],
    ),
}


def load() -> None:
    """Import the seed plan (idempotent) and, once each, the demo activities and their participants."""
    plan = import_plan(actor=None, data=SEED_PLAN.read_bytes(), filename=SEED_PLAN.name).plan
    if not Activity.objects.exists():
        _load_activities(plan)
    if not Participation.objects.exists():
        _load_participants()


def _load_activities(plan: Any) -> None:
    """Record the demo activities, linked to the plan's mandates."""
    officer = User.objects.filter(email="officer@enlace.demo").first()
    for title, code, sub, positions, kind, modality, starts, ends, venue, states, status in ACTIVITIES:
        node = PlanProgram.objects.get(plan=plan, program__code=code, parent=None)
        if sub:
            node = PlanProgram.objects.get(parent=node, title=sub)
        partners, budgets = PARTS.get(title, ([], []))
        create_activity(
            actor=None,
            partners=[{"name": n, "ref": ref, "role": role, "org_type": kind} for n, ref, role, kind in partners],
            budgets=[{"period_start": a, "period_end": b, "value": Decimal(v)} for a, b, v in budgets],
            title=title,
            program=Program.objects.get(code=code),
            kind=kind,
            modality=modality,
            starts_on=starts,
            ends_on=ends,
            venue=venue,
            status=status,
            # delivered trainings and the like are public; missions and peer reviews (a state's weaknesses) are not
            public=kind not in ("assessment_mission", "peer_review"),
            responsible_officer=officer if code in ("cybersecurity", "border-security") else None,
            states=list(MemberState.objects.filter(iso2__in=states)),
            implements=list(ProposedActivity.objects.filter(plan_program=node, position__in=positions)),
        )


# (activity title, women, men, not known, status, certificates issued)
PARTICIPANTS: tuple[tuple[str, int, int, int, str, bool], ...] = (
    ("National cybersecurity strategy workshop", 6, 17, 1, "completed", True),
    ("Incident response and digital forensics course", 8, 22, 1, "completed", True),
    ("Insider threats at airports", 9, 15, 0, "attended", False),
    ("Biosafety and biosecurity MOOC", 21, 19, 2, "completed", False),
)
TARGETS = (("cybersecurity", 40, 2021), ("border-security", 35, 2021), ("wmd-1540", 50, 2021))
WOMEN = ("María", "Ana", "Lucía", "Carolina", "Fernanda", "Gabriela", "Valentina", "Camila", "Patricia", "Sofía")
MEN = ("José", "Carlos", "Luis", "Andrés", "Miguel", "Jorge", "Diego", "Ricardo", "Pedro", "Juan", "Marco")
SURNAMES = ("Gómez", "Rodríguez", "Pérez", "Silva", "Torres", "Ramírez", "Flores", "Castro", "Morales", "Rojas")
KINDS = ("government", "csirt", "government", "academia", "private", "government", "civil_society")


def _load_participants() -> None:
    """Import an attendance list into four activities, set the programs' targets and issue certificates."""
    for code, share, year in TARGETS:
        set_gender_target(actor=None, program=Program.objects.get(code=code), share_percent=share, from_year=year)
    for title, women, men, unknown, status, certify in PARTICIPANTS:
        activity = Activity.objects.filter(title=title).first()
        if activity is None:
            continue
        states = [s.iso2 for s in activity.states.all()] or ["AR", "MX", "JM"]
        rows = ["name,email,sex,state,institution type,status"]
        for i in range(women + men + unknown):
            sex = 2 if i < women else (1 if i < women + men else 0)
            first = (WOMEN if sex == 2 else MEN)[i % (len(WOMEN) if sex == 2 else len(MEN))]
            name = f"{first} {SURNAMES[(i * 7 + activity.pk) % len(SURNAMES)]} {SURNAMES[i % len(SURNAMES)]}"
            email = f"participant{activity.pk}-{i}@example.org"
            rows.append(f"{name},{email},{sex},{states[i % len(states)]},{KINDS[i % len(KINDS)]},{status}")
        import_attendance(actor=None, activity=activity, data="\n".join(rows).encode(), filename="demo.csv")
        if certify:
            issue_certificates(actor=None, activity=activity)
