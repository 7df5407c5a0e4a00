"""The CICTE networks of designated focal points, in the four OAS languages."""

NETWORKS: tuple[dict[str, object], ...] = (
    {
        "code": "counterterrorism",
        "program": "counterterrorism-network",
        "reattestation_days": 90,
        "name_en": "Inter-American Counterterrorism Network",
        "name_es": "Red Interamericana contra el Terrorismo",
        "name_fr": "Réseau interaméricain de lutte contre le terrorisme",
        "name_pt": "Rede Interamericana contra o Terrorismo",
        "description_en": "Timely exchange of information to prevent and counter terrorism, through a secured "
        "24/7 directory of institutional contacts designated by the member states.",
        "description_es": "Intercambio oportuno de información para prevenir y contrarrestar el terrorismo, mediante "
        "un directorio seguro 24/7 de contactos institucionales designados por los Estados miembros.",
        "description_fr": "Échange rapide d'informations pour prévenir et combattre le terrorisme, grâce à un "
        "annuaire sécurisé 24h/24 des contacts institutionnels désignés par les États membres.",
        "description_pt": "Intercâmbio oportuno de informações para prevenir e combater o terrorismo, por meio de "
        "um diretório seguro 24 horas de contatos institucionais designados pelos Estados membros.",
    },
    {
        "code": "unscr-1540",
        "program": "wmd-1540",
        "reattestation_days": 180,
        "name_en": "Regional network of UNSCR 1540 points of contact",
        "name_es": "Red regional de puntos de contacto de la RCSNU 1540",
        "name_fr": "Réseau régional des points de contact de la RCSNU 1540",
        "name_pt": "Rede regional de pontos de contato da RCSNU 1540",
        "description_en": "National points of contact for the implementation of UN Security Council resolution 1540.",
        "description_es": "Puntos de contacto nacionales para la implementación de la resolución 1540 del Consejo "
        "de Seguridad.",
        "description_fr": "Points de contact nationaux pour la mise en œuvre de la résolution 1540 du Conseil de "
        "sécurité.",
        "description_pt": "Pontos de contato nacionais para a implementação da resolução 1540 do Conselho de "
        "Segurança.",
    },
    {
        "code": "aviation-security",
        "program": "border-security",
        "reattestation_days": 120,
        "name_en": "National aviation security focal points",
        "name_es": "Puntos focales nacionales de seguridad de la aviación",
        "name_fr": "Points focaux nationaux de sûreté de l'aviation",
        "name_pt": "Pontos focais nacionais de segurança da aviação",
        "description_en": "Aviation security authorities reachable for incidents and cooperation.",
        "description_es": "Autoridades de seguridad de la aviación disponibles para incidentes y cooperación.",
        "description_fr": "Autorités de sûreté de l'aviation joignables pour les incidents et la coopération.",
        "description_pt": "Autoridades de segurança da aviação disponíveis para incidentes e cooperação.",
    },
    {
        "code": "major-events-maritime",
        "program": "mass-gatherings",
        "reattestation_days": 120,
        "name_en": "Major Events and Maritime Security focal points",
        "name_es": "Puntos focales de Grandes Eventos y Seguridad Marítima",
        "name_fr": "Points focaux Grands événements et sûreté maritime",
        "name_pt": "Pontos focais de Grandes Eventos e Segurança Marítima",
        "description_en": "National focal points of the Major Events and Maritime Security Program.",
        "description_es": "Puntos focales nacionales del Programa de Grandes Eventos y Seguridad Marítima.",
        "description_fr": "Points focaux nationaux du programme Grands événements et sûreté maritime.",
        "description_pt": "Pontos focais nacionais do Programa de Grandes Eventos e Segurança Marítima.",
    },
    {
        "code": "csirtamericas",
        "program": "cybersecurity",
        "reattestation_days": 120,
        "name_en": "CSIRTAmericas member teams",
        "name_es": "Equipos miembros de CSIRTAmericas",
        "name_fr": "Équipes membres de CSIRTAmericas",
        "name_pt": "Equipes membros da CSIRTAmericas",
        "description_en": "National and governmental incident response teams exchanging alerts.",
        "description_es": "Equipos nacionales y gubernamentales de respuesta a incidentes que intercambian alertas.",
        "description_fr": "Équipes nationales et gouvernementales de réponse aux incidents qui échangent des alertes.",
        "description_pt": "Equipes nacionais e governamentais de resposta a incidentes que trocam alertas.",
    },
    {
        "code": "cyber-policy",
        "program": "cybersecurity",
        "reattestation_days": 180,
        "name_en": "National cybersecurity policy contacts (cyber CBMs)",
        "name_es": "Contactos nacionales de política de ciberseguridad (MFCS cibernéticas)",
        "name_fr": "Contacts nationaux de politique de cybersécurité (MDC cyber)",
        "name_pt": "Contatos nacionais de política de cibersegurança (MFCs cibernéticas)",
        "description_en": "Policy-level contacts designated under the OAS cyber confidence-building measures.",
        "description_es": "Contactos de nivel político designados conforme a las medidas de fomento de la confianza "
        "en el ciberespacio de la OEA.",
        "description_fr": "Contacts de niveau politique désignés au titre des mesures de confiance de l'OEA dans le "
        "cyberespace.",
        "description_pt": "Contatos de nível político designados nos termos das medidas de fortalecimento da "
        "confiança no ciberespaço da OEA.",
    },
    {
        "code": "national-points-of-contact",
        "program": None,
        "reattestation_days": 365,
        "name_en": "CICTE National Points of Contact",
        "name_es": "Puntos de Contacto Nacionales ante el CICTE",
        "name_fr": "Points de contact nationaux auprès du CICTE",
        "name_pt": "Pontos de Contato Nacionais junto ao CICTE",
        "description_en": "The national coordinators of each member state before CICTE.",
        "description_es": "Los coordinadores nacionales de cada Estado miembro ante el CICTE.",
        "description_fr": "Les coordinateurs nationaux de chaque État membre auprès du CICTE.",
        "description_pt": "Os coordenadores nacionais de cada Estado membro junto ao CICTE.",
    },
)
