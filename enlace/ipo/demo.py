"""Demo IPO Americas data: a registry of past and future major events in the region and lessons at every stage.

Written straight to the tables, each lesson with the audit record of its submission, as if the work had happened.
"""

from __future__ import annotations

from datetime import date

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.geo.models import MemberState
from enlace.ipo import search
from enlace.ipo.models import ActionStatus, Lesson, MajorEvent, Stage
from enlace.workplan.models import Program

# (English, Spanish, French, Portuguese), type, host, cities, start, end, attendance, access
EVENTS = [
    (("World Youth Day Panama 2019", "Jornada Mundial de la Juventud Panamá 2019",
      "Journées mondiales de la jeunesse Panama 2019", "Jornada Mundial da Juventude Panamá 2019"),
     "religious", "PA", "Panama City", date(2019, 1, 22), date(2019, 1, 27), 700000, "public"),
    (("Copa América 2019", "Copa América 2019", "Copa América 2019", "Copa América 2019"),
     "sports", "BR", "São Paulo, Rio de Janeiro, Belo Horizonte, Porto Alegre, Salvador",
     date(2019, 6, 14), date(2019, 7, 7), 900000, "public"),
    (("Pan American Games Lima 2019", "Juegos Panamericanos Lima 2019", "Jeux panaméricains de Lima 2019",
      "Jogos Pan-Americanos de Lima 2019"), "sports", "PE", "Lima", date(2019, 7, 26), date(2019, 8, 11),
     1000000, "public"),
    (("Copa América 2024", "Copa América 2024", "Copa América 2024", "Copa América 2024"), "sports", "US",
     "Atlanta, Miami, New York, Houston, Los Angeles", date(2024, 6, 20), date(2024, 7, 14), 1500000, "public"),
    (("Summit of the Americas 2022", "Cumbre de las Américas 2022", "Sommet des Amériques 2022",
      "Cúpula das Américas 2022"), "summit", "US", "Los Angeles", date(2022, 6, 6), date(2022, 6, 10), 30000,
     "members"),
    (("COP30 Belém 2025", "COP30 Belém 2025", "COP30 Belém 2025", "COP30 Belém 2025"), "summit", "BR", "Belém",
     date(2025, 11, 10), date(2025, 11, 21), 50000, "public"),
    (("Carnival in Rio 2026", "Carnaval de Río 2026", "Carnaval de Rio 2026", "Carnaval do Rio 2026"),
     "cultural", "BR", "Rio de Janeiro", date(2026, 2, 13), date(2026, 2, 18), 2000000, "public"),
    (("FIFA World Cup 2026", "Copa Mundial de la FIFA 2026", "Coupe du monde de la FIFA 2026",
      "Copa do Mundo FIFA 2026"), "sports", "US", "16 host cities in Canada, Mexico and the United States",
     date(2026, 6, 11), date(2026, 7, 19), 5500000, "public"),
    (("FIFA World Cup 2026 — Mexico venues", "Copa Mundial de la FIFA 2026 — sedes de México",
      "Coupe du monde de la FIFA 2026 — sites du Mexique", "Copa do Mundo FIFA 2026 — sedes do México"),
     "sports", "MX", "Mexico City, Guadalajara, Monterrey", date(2026, 6, 11), date(2026, 7, 5), 1200000,
     "members"),
    (("FIFA World Cup 2026 — Canada venues", "Copa Mundial de la FIFA 2026 — sedes de Canadá",
      "Coupe du monde de la FIFA 2026 — sites du Canada", "Copa do Mundo FIFA 2026 — sedes do Canadá"),
     "sports", "CA", "Toronto, Vancouver", date(2026, 6, 12), date(2026, 7, 7), 800000, "members"),
    (("Caribbean cruise season 2026-2027", "Temporada de cruceros del Caribe 2026-2027",
      "Saison des croisières des Caraïbes 2026-2027", "Temporada de cruzeiros do Caribe 2026-2027"),
     "tourism", "JM", "Montego Bay, Ocho Rios, Falmouth", date(2026, 11, 1), date(2027, 4, 30), 1800000,
     "members"),
    (("Central American and Caribbean Games 2026", "Juegos Centroamericanos y del Caribe 2026",
      "Jeux d'Amérique centrale et des Caraïbes 2026", "Jogos Centro-Americanos e do Caribe 2026"), "sports",
     "DO", "Santo Domingo", date(2026, 7, 24), date(2026, 8, 8), 400000, "public"),
    (("Pan American Games Lima 2027", "Juegos Panamericanos Lima 2027", "Jeux panaméricains de Lima 2027",
      "Jogos Pan-Americanos de Lima 2027"), "sports", "PE", "Lima", date(2027, 7, 23), date(2027, 8, 8), 1000000,
     "public"),
    (("Security planning retreat for 2027 events", "Retiro de planificación de seguridad para eventos de 2027",
      "Retraite de planification de la sécurité des événements 2027",
      "Retiro de planejamento de segurança para eventos de 2027"), "other", "AR", "Buenos Aires",
     date(2027, 2, 8), date(2027, 2, 10), 60, "secretariat"),
]  # fmt: skip

# title, event index (or None and an activity), access, state, stage, observation
LESSONS = [
    ("Shared radio channels between police and medical teams", 1, "public", None, Stage.LEARNED,
     "At two stadiums, police and emergency medical teams could not talk on a common channel during crowd surges."),
    ("Accreditation badges were copied within days", 2, "public", None, Stage.ACTION,
     "Counterfeit accreditation badges circulated near the athletes' village in the first week."),
    ("Drone incursions over fan zones", 7, "public", None, Stage.IDENTIFIED,
     "Several small drones flew over fan zones without authorisation; detection relied on spectators' reports."),
    ("Coordination cell stood up too late", 4, "members", None, Stage.VALIDATED,
     "The national coordination cell met for the first time four days before the summit."),
    ("Cyber attacks on the ticketing platform", 3, "state", "US", Stage.ACTION,
     "The ticketing site faced credential-stuffing and DDoS attempts on match days."),
    ("Lost children at the youth festival", 0, "public", None, Stage.LEARNED,
     "Reuniting separated minors took hours: wristbands with a contact number were not used."),
    ("Port screening of cruise passengers", 10, "members", None, Stage.OBSERVATION,
     "Passenger manifests reached the port authority after ships had docked."),
    ("Heat illness among volunteers", 5, "public", None, Stage.REJECTED,
     "Volunteers suffered heat exhaustion; the observation concerns occupational health, not security."),
    ("Crowd modelling for transit hubs", None, "secretariat", None, Stage.IDENTIFIED,
     "The regional tabletop exercise showed that no state had modelled crowds at metro interchanges."),
    ("Interpreters for joint command posts", 8, "state", "MX", Stage.OBSERVATION,
     "Foreign liaison officers arrived without interpreters at the joint command post."),
]  # fmt: skip


def load() -> None:
    """Create the events and lessons (skipped when any event exists)."""
    if MajorEvent.objects.exists():
        return
    officer = User.objects.filter(email="officer@enlace.demo").first()
    submitters = [u for u in User.objects.filter(email__in=["focalpoint.br@enlace.demo", "coordinator.ar@enlace.demo"])]
    if officer is None:
        return
    states = {s.iso2: s for s in MemberState.objects.all()}
    events = []
    for names, kind, iso2, cities, start, end, attendance, access in EVENTS:
        events.append(
            MajorEvent.objects.create(
                name_en=names[0],
                name_es=names[1],
                name_fr=names[2],
                name_pt=names[3],
                kind=kind,
                host_state=states[iso2],
                cities=cities,
                starts_on=start,
                ends_on=end,
                expected_attendance=attendance,
                access=access,
                validated=True,
                proposed_by=officer,
                description=f"{names[0]}: security planning coordinated with the national focal points.",
            )
        )
    # A coordinator's proposal still awaiting the Secretariat.
    coordinator = next((u for u in submitters if u.email.startswith("coordinator")), officer)
    MajorEvent.objects.create(
        name_en="Buenos Aires Marathon 2027", name_es="Maratón de Buenos Aires 2027", kind="sports",
        host_state=states["AR"], cities="Buenos Aires", starts_on=date(2027, 9, 19), ends_on=date(2027, 9, 19),
        expected_attendance=40000, access="members", validated=False, proposed_by=coordinator,
    )  # fmt: skip
    program = Program.objects.filter(code="mass-gatherings").first()
    for n, (title, event_index, access, state_code, stage, observation) in enumerate(LESSONS):
        submitter = submitters[n % len(submitters)] if submitters else officer
        lesson = Lesson(
            title=title, observation=observation, access=access, stage=stage, submitted_by=submitter,
            event=events[event_index] if event_index is not None else None,
            activity="" if event_index is not None else "Regional tabletop exercise on major event security",
            program=program, state=states[state_code] if state_code else None,
        )  # fmt: skip
        if stage == Stage.REJECTED:
            lesson.rejection_reason = "Outside the scope of the security lessons-learned process."
        if stage in {Stage.IDENTIFIED, Stage.ACTION, Stage.LEARNED}:
            lesson.analysis = "The plan did not assign this task to a named body before the event."
            lesson.recommendation = "Assign it in the security plan and rehearse it in the final exercise."
            lesson.responsible_body = "National major events security committee"
        if stage in {Stage.ACTION, Stage.LEARNED}:
            lesson.action_description = "Update the IPO security planning model and train the teams concerned."
            lesson.action_owner = "OAS/CICTE major events program"
            lesson.action_due = date(2026, 12, 15)
            lesson.action_status = ActionStatus.DONE if stage == Stage.LEARNED else ActionStatus.IN_PROGRESS
        lesson.save()
        search.index_lesson(lesson)
        record("ipo.lesson.submit", actor=submitter, obj=lesson, changes={"access": access, "demo": True})
