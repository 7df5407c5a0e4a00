"""The seven programs of the CICTE work plan 2021-2022, in the four OAS languages, and the approved plan itself."""

from pathlib import Path

# The approved CICTE work plan 2021-2022 as exported from Word to text (the demo data and the import's test input).
SEED_PLAN = Path(__file__).resolve().parent / "fixtures" / "cicte-work-plan-2021-2022.txt"

PROGRAMS: tuple[dict[str, object], ...] = (
    {
        "code": "cybersecurity",
        "name_en": "Cybersecurity",
        "name_es": "Ciberseguridad",
        "name_fr": "Cybersécurité",
        "name_pt": "Cibersegurança",
        "summary_en": "Public cybersecurity policies, incident response capacity, CSIRTAmericas alerts "
        "and cyber diplomacy.",
        "summary_es": "Políticas públicas de ciberseguridad, capacidad de respuesta a incidentes, alertas "
        "de CSIRTAmericas y ciberdiplomacia.",
        "summary_fr": "Politiques publiques de cybersécurité, capacité de réponse aux incidents, alertes "
        "CSIRTAmericas et cyberdiplomatie.",
        "summary_pt": "Políticas públicas de cibersegurança, capacidade de resposta a incidentes, alertas "
        "do CSIRTAmericas e ciberdiplomacia.",
    },
    {
        "code": "wmd-1540",
        "name_en": "Non-proliferation of weapons of mass destruction (UNSCR 1540)",
        "name_es": "No proliferación de armas de destrucción masiva (RCSNU 1540)",
        "name_fr": "Non-prolifération des armes de destruction massive (RCSNU 1540)",
        "name_pt": "Não proliferação de armas de destruição em massa (RCSNU 1540)",
        "summary_en": "National action plans, legislation and the regional network of 1540 points of contact.",
        "summary_es": "Planes nacionales de acción, legislación y la red regional de puntos de contacto 1540.",
        "summary_fr": "Plans d'action nationaux, législation et réseau régional de points de contact 1540.",
        "summary_pt": "Planos nacionais de ação, legislação e a rede regional de pontos de contato 1540.",
    },
    {
        "code": "violent-extremism",
        "name_en": "Preventing violent extremism",
        "name_es": "Prevención del extremismo violento",
        "name_fr": "Prévention de l'extrémisme violent",
        "name_pt": "Prevenção do extremismo violento",
        "summary_en": "Prevention of violent extremism that could lead to terrorism, with communities and governments.",
        "summary_es": "Prevención del extremismo violento que puede conducir al terrorismo, con comunidades y "
        "gobiernos.",
        "summary_fr": "Prévention de l'extrémisme violent pouvant conduire au terrorisme, avec les "
        "communautés et les gouvernements.",
        "summary_pt": "Prevenção do extremismo violento que pode levar ao terrorismo, com comunidades e governos.",
    },
    {
        "code": "border-security",
        "name_en": "Border security (air, land, sea)",
        "name_es": "Seguridad fronteriza (aérea, terrestre, marítima)",
        "name_fr": "Sécurité des frontières (aériennes, terrestres, maritimes)",
        "name_pt": "Segurança de fronteiras (aéreas, terrestres, marítimas)",
        "summary_en": "Maritime, aviation, cargo and container security, and supply chain security.",
        "summary_es": "Seguridad marítima, de la aviación, de carga y contenedores, y de la cadena de suministro.",
        "summary_fr": "Sûreté maritime, de l'aviation, du fret et des conteneurs, et de la chaîne d'approvisionnement.",
        "summary_pt": "Segurança marítima, da aviação, de carga e contêineres e da cadeia de suprimentos.",
    },
    {
        "code": "mass-gatherings",
        "name_en": "Security of mass gatherings and major events",
        "name_es": "Seguridad de concentraciones masivas y grandes eventos",
        "name_fr": "Sécurité des grands rassemblements et des grands événements",
        "name_pt": "Segurança de concentrações em massa e grandes eventos",
        "summary_en": "Security planning for major events and tourist destinations (IPO Americas).",
        "summary_es": "Planificación de la seguridad de grandes eventos y destinos turísticos (IPO Américas).",
        "summary_fr": "Planification de la sécurité des grands événements et des destinations touristiques "
        "(IPO Amériques).",
        "summary_pt": "Planejamento da segurança de grandes eventos e destinos turísticos (IPO Américas).",
    },
    {
        "code": "terrorism-financing",
        "name_en": "Technical and legislative assistance against the financing of terrorism",
        "name_es": "Asistencia técnica y legislativa contra el financiamiento del terrorismo",
        "name_fr": "Assistance technique et législative contre le financement du terrorisme",
        "name_pt": "Assistência técnica e legislativa contra o financiamento do terrorismo",
        "summary_en": "Training for financial intelligence units, regulators and the private sector.",
        "summary_es": "Capacitación para unidades de inteligencia financiera, reguladores y el sector privado.",
        "summary_fr": "Formation des cellules de renseignement financier, des régulateurs et du secteur privé.",
        "summary_pt": "Capacitação para unidades de inteligência financeira, reguladores e o setor privado.",
    },
    {
        "code": "counterterrorism-network",
        "name_en": "Inter-American Counterterrorism Network",
        "name_es": "Red Interamericana contra el Terrorismo",
        "name_fr": "Réseau interaméricain de lutte contre le terrorisme",
        "name_pt": "Rede Interamericana contra o Terrorismo",
        "summary_en": "A secured 24/7 directory of institutional contacts designated by the member states.",
        "summary_es": "Un directorio seguro 24/7 de contactos institucionales designados por los Estados miembros.",
        "summary_fr": "Un annuaire sécurisé 24h/24 des contacts institutionnels désignés par les États membres.",
        "summary_pt": "Um diretório seguro 24 horas de contatos institucionais designados pelos Estados membros.",
    },
)

# How a program title in an imported work plan (English or Spanish) names one of the programs above: first match wins.
PROGRAM_PATTERNS: tuple[tuple[str, str], ...] = (
    ("wmd-1540", r"1540|mass destruction|destrucción masiva"),
    ("counterterrorism-network", r"counter-?terrorism network|red interamericana contra el terrorismo"),
    ("cybersecurity", r"cyber|ciber"),
    ("violent-extremism", r"extremis"),
    ("border-security", r"border|fronter"),
    ("mass-gatherings", r"mass gatherings?|major events?|concentraciones masivas|grandes eventos"),
    ("terrorism-financing", r"financ|funding of terrorism"),
)
