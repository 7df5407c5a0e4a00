# ruff: noqa: E501, RUF001  # demo prose in four languages: long sentences, typographic apostrophes
"""Demo library: documents in the four languages, at every access level, with translations and versions.

Written through the actions (so files, extracted text and the search index are real); the texts are short
and fictitious, written for the demo.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.accounts.models import User
from enlace.directory.models import Network
from enlace.geo.models import MemberState
from enlace.library import actions
from enlace.library.models import Work
from enlace.workplan.models import Program

# (program, document type, {language: (title, text)})
TOPICS: list[tuple[str, str, dict[str, tuple[str, str]]]] = [
    (
        "cybersecurity",
        "guide",
        {
            "en": (
                "Guide to developing a national cybersecurity strategy",
                "A national cybersecurity strategy sets governance, incident response, critical infrastructure protection and awareness goals, with a national CSIRT at its centre.",
            ),
            "es": (
                "Guía para elaborar una estrategia nacional de ciberseguridad",
                "Una estrategia nacional de ciberseguridad define la gobernanza, la respuesta a incidentes, la protección de infraestructuras críticas y la concienciación, con un CSIRT nacional en su centro.",
            ),
            "fr": (
                "Guide d’élaboration d’une stratégie nationale de cybersécurité",
                "Une stratégie nationale de cybersécurité fixe la gouvernance, la réponse aux incidents, la protection des infrastructures critiques et la sensibilisation.",
            ),
            "pt": (
                "Guia para elaborar uma estratégia nacional de segurança cibernética",
                "Uma estratégia nacional de segurança cibernética define a governança, a resposta a incidentes, a proteção de infraestruturas críticas e a conscientização.",
            ),
        },
    ),
    (
        "border-security",
        "report",
        {
            "en": (
                "Port security assessment methodology",
                "The assessment reviews access control, cargo screening, perimeter security and the port facility security plan under the ISPS Code.",
            ),
            "es": (
                "Metodología de evaluación de la seguridad portuaria",
                "La evaluación revisa el control de acceso, la inspección de carga, la seguridad perimetral y el plan de protección de la instalación portuaria según el Código PBIP.",
            ),
            "pt": (
                "Metodologia de avaliação da segurança portuária",
                "A avaliação revisa o controle de acesso, a inspeção de carga, a segurança do perímetro e o plano de proteção da instalação portuária.",
            ),
        },
    ),
    (
        "mass-gatherings",
        "manual",
        {
            "en": (
                "Major event security planning manual",
                "Planning the security of major events: threat assessment, command and coordination, accreditation, crowd management and prevention of terrorist attacks.",
            ),
            "es": (
                "Manual de planificación de la seguridad de grandes eventos",
                "Planificación de la seguridad de grandes eventos: evaluación de amenazas, mando y coordinación, acreditación, gestión de multitudes y prevención de atentados terroristas.",
            ),
            "fr": (
                "Manuel de planification de la sécurité des grands événements",
                "Planifier la sécurité des grands événements : évaluation de la menace, commandement, accréditation, gestion des foules et prévention des attentats.",
            ),
        },
    ),
    (
        "wmd-1540",
        "model_legislation",
        {
            "en": (
                "Model legislation implementing UNSCR 1540",
                "Model provisions on export controls, criminal offences and the physical protection of nuclear, chemical and biological materials and their means of delivery.",
            ),
            "es": (
                "Ley modelo para la aplicación de la resolución 1540",
                "Disposiciones modelo sobre controles de exportación, delitos penales y protección física de materiales nucleares, químicos y biológicos y sus vectores.",
            ),
            "fr": (
                "Loi type de mise en œuvre de la résolution 1540",
                "Dispositions types sur le contrôle des exportations, les infractions pénales et la protection physique des matières nucléaires, chimiques et biologiques.",
            ),
            "pt": (
                "Lei modelo para a implementação da resolução 1540",
                "Disposições modelo sobre controles de exportação, crimes e proteção física de materiais nucleares, químicos e biológicos.",
            ),
        },
    ),
    (
        "terrorism-financing",
        "best_practice",
        {
            "en": (
                "Best practices against the financing of terrorism",
                "Financial intelligence units share suspicious transaction reports; terrorist financing risk assessments guide supervision of money transfer services.",
            ),
            "es": (
                "Buenas prácticas contra el financiamiento del terrorismo",
                "Las unidades de inteligencia financiera comparten reportes de operaciones sospechosas; la evaluación de riesgos de financiamiento del terrorismo orienta la supervisión.",
            ),
        },
    ),
    (
        "violent-extremism",
        "curriculum",
        {
            "en": (
                "Curriculum on preventing violent extremism",
                "Modules on early warning signs, community engagement, prevention programmes in schools and the role of local authorities.",
            ),
            "pt": (
                "Currículo sobre prevenção do extremismo violento",
                "Módulos sobre sinais de alerta, engajamento comunitário, programas de prevenção nas escolas e o papel das autoridades locais.",
            ),
            "es": (
                "Currículo sobre prevención del extremismo violento",
                "Módulos sobre señales de alerta temprana, participación comunitaria, programas de prevención en escuelas y el papel de las autoridades locales.",
            ),
        },
    ),
    (
        "cybersecurity",
        "training",
        {
            "en": (
                "Incident handling training for CSIRT analysts",
                "Exercises on triage, malware analysis basics, coordination with other CSIRTs and sharing indicators under TLP.",
            ),
            "es": (
                "Capacitación en gestión de incidentes para analistas de CSIRT",
                "Ejercicios de clasificación, nociones de análisis de malware, coordinación con otros CSIRT e intercambio de indicadores bajo TLP.",
            ),
            "fr": (
                "Formation à la gestion des incidents pour les analystes CSIRT",
                "Exercices de tri, bases de l’analyse de logiciels malveillants, coordination entre CSIRT et partage d’indicateurs sous TLP.",
            ),
        },
    ),
    (
        "counterterrorism-network",
        "meeting",
        {
            "en": (
                "Report of the annual meeting of national points of contact",
                "Points of contact reviewed cooperation mechanisms, the hemispheric security agenda and the work plan for the coming year.",
            ),
            "es": (
                "Informe de la reunión anual de puntos nacionales de contacto",
                "Los puntos de contacto examinaron los mecanismos de cooperación, la agenda de seguridad hemisférica y el plan de trabajo del próximo año.",
            ),
        },
    ),
]
LEVELS = ["public", "networks", "state", "secretariat"]
STATES = ["AR", "BR", "CL", "CO", "MX", "TT", "JM", "PE"]


def load() -> None:
    """Create the demo documents (skipped when any exist or no demo administrator is there)."""
    admin = User.objects.filter(email="admin@enlace.demo").first()
    if admin is None or Work.objects.exists():
        return
    network = Network.objects.filter(code="csirtamericas").first() or Network.objects.first()
    for year in (2023, 2024, 2025, 2026):
        for i, (program, doc_type, texts) in enumerate(TOPICS):
            level = LEVELS[(i + year) % 4]
            state = MemberState.objects.get(iso2=STATES[(i + year) % len(STATES)])
            languages = list(texts)
            first = languages[0]
            title, text = texts[first]
            work = actions.create_work(
                actor=admin,
                metadata={
                    "title": f"{title} ({year})",
                    "description": text,
                    "creator": "OAS/CICTE Secretariat",
                    "subject": program,
                    "date": date(year, 1 + (i % 12), 15),
                    "document_type": doc_type,
                    "access_level": level,
                    "owner_state": state,
                    "programs": list(Program.objects.filter(code=program)),
                    "countries": [state],
                    "networks": [network] if network and level == "networks" else [],
                    "rights": "© OAS",
                },
                language=first,
                upload=SimpleUploadedFile(f"{program}.txt", f"{title}\n\n{text}".encode()),
            )
            for language in languages[1:]:
                t_title, t_text = texts[language]
                actions.add_translation(
                    actor=admin,
                    work=work,
                    language=language,
                    title=f"{t_title} ({year})",
                    description=t_text,
                    upload=SimpleUploadedFile(f"{program}-{language}.txt", f"{t_title}\n\n{t_text}".encode()),
                )
            if year % 2 == 0:
                translation = work.translations.get(language=first)
                actions.add_version(
                    actor=admin,
                    translation=translation,
                    upload=SimpleUploadedFile(f"{program}-v2.txt", f"{title}\n\n{text}\nRevised annex.".encode()),
                    change_note="Revised annex and updated references.",
                )
            if year < 2026 or i % 3:
                actions.publish(actor=admin, work=work)
    _link_events(admin)


def _link_events(admin: User) -> None:
    """Link the published major-event planning manuals to the demo's events (planning documents), and the
    latest one to the first lessons (references); nothing when the IPO demo data is not there."""
    from enlace.ipo.actions import link_document
    from enlace.ipo.models import Lesson, MajorEvent

    manuals = list(
        Work.objects.filter(programs__code="mass-gatherings", status="published").order_by("-date").distinct()[:2]
    )
    events = list(MajorEvent.objects.filter(validated=True).order_by("starts_on")[:4])
    for work in manuals:
        for event in events:
            link_document(actor=admin, work=work, relation="planning", event=event)
    if manuals:
        for lesson in Lesson.objects.order_by("pk")[:3]:
            link_document(actor=admin, work=manuals[0], relation="reference", lesson=lesson)
