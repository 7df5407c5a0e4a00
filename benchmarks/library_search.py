"""Library search speed at the size the issue names: 20,000 documents in four languages (p95 < 50 ms).

Seeds 20,000 works, one translation each (en/es/fr/pt in turn), about five pages of text per document (2,000 to
3,000 words) drawn from the seed work plan (English) and from word lists of the domain in Spanish, French and
Portuguese (with their accents), at every access level (public, chosen networks, own state, Secretariat) and some
drafts, each with one or two programs and one to three countries covered. The index rows are built in bulk with the
same folding and layout as `search.index_translation`. The vocabularies are small (a few hundred words a language):
at five pages every document holds nearly every word, so each query matches nearly every document of its language,
the worst case for ranking and facets.

Then, for a focal point of Chile actively designated in one network (so every branch of the access rule is in
the query), times p50/p95 over several queries per language (accent-free, as users type them):
  - search: what the library page asks of the search: the ids of every match in rank order (their number
    is the count), the facet counts, the first 20 rows and their snippets (`filters.filter_translations` over `Translation.objects.visible_to(user)`);
  - page: the whole library page through the Django stack (facet counts included), with the test client;
  - baseline: the raw index query (no access filter, no snippet): PostgreSQL `search_vector @@
    websearch_to_tsquery(...)` / SQLite `library_fts MATCH ...`, 20 rows;
  - scan: a plain ILIKE / LIKE scan of the folded text for the first word, 20 rows (what the search replaces).
Each measure runs as a focal point of Chile and again as a Secretariat officer (every published document open:
a common word matches thousands). Indexing is reported in documents per second, in bulk (every vector at once) and
one by one through `search.index_translation` (the path of an upload or an edit).
Runs on DATABASE_URL (PostgreSQL for the claim; SQLite FTS5 when unset); `--both` runs on PostgreSQL and then on
SQLite and prints the two side by side.
Usage: .venv/bin/python benchmarks/library_search.py [documents] [--explain] [--keep] [--both]
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_HTTPS", "false")
os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
DOCS = int(ARGS[0]) if ARGS else 20_000
EXPLAIN = "--explain" in sys.argv  # the plan of one search (ENLACE_EXPLAIN="query:language", default "prevencion:es")
KEEP = "--keep" in sys.argv  # keep the seeded database (test_<name>) for profiling by hand
RUNS = 15  # per query
SEED_TEXT = Path(os.environ.get("ENLACE_SEED_PLAN", "/work/shared/seed/cicte-work-plan-2021-2022.txt"))
# Words of the domain as documents write them (accents included), most frequent first.
WORDS = {
    "es": (  # noqa: SIM905 (a list literal would take 40 lines)
        "de la el en y los las del para que con por una un se su al como sobre entre sus más "
        "seguridad terrorismo prevención cooperación países estados miembros información capacidad nacional "
        "regional cibernética ciberseguridad estrategia financiamiento lavado activos portuaria marítima "
        "instalaciones aduanas fronteras control gestión riesgo evaluación programa capacitación taller "
        "funcionarios autoridades organización comité interamericano secretaría plan trabajo actividades "
        "implementación resolución consejo seguridad naciones unidas armas destrucción masiva proliferación "
        "documentos viaje identidad migración aeropuertos aviación civil turismo grandes eventos deportivos "
        "infraestructura crítica protección respuesta incidentes equipos alerta temprana amenazas tendencias "
        "emergentes extremismo violento radicalización jóvenes comunidades género derechos humanos legislación "
        "modelo tipificación delitos investigación judicial fiscales policía inteligencia intercambio buenas "
        "prácticas lecciones aprendidas ejercicio simulación coordinación interinstitucional diálogo "
        "política pública sector privado sociedad civil academia tecnología innovación datos análisis "
        "informe anual evaluación necesidades asistencia técnica donantes recursos presupuesto ejecución"
    ).split(),
    "fr": (  # noqa: SIM905
        "de la le les des et en du pour que une un dans par sur au avec est ses leur plus entre "
        "sécurité terrorisme prévention coopération pays états membres information capacité nationale "
        "régionale cybersécurité stratégie financement blanchiment capitaux portuaire maritime installations "
        "douanes frontières contrôle gestion risque évaluation programme formation atelier fonctionnaires "
        "autorités organisation comité interaméricain secrétariat plan travail activités mise œuvre "
        "résolution conseil nations unies armes destruction massive prolifération documents voyage identité "
        "migration aéroports aviation civile tourisme grands événements sportifs infrastructure critique "
        "protection réponse incidents équipes alerte précoce menaces tendances émergentes extrémisme violent "
        "radicalisation jeunes communautés genre droits homme législation modèle incrimination délits enquête "
        "judiciaire procureurs police renseignement échange bonnes pratiques leçons apprises exercice "
        "simulation coordination interinstitutionnelle dialogue politique publique secteur privé société "
        "civile université technologie innovation données analyse rapport annuel besoins assistance technique "
        "donateurs ressources budget exécution"
    ).split(),
    "pt": (  # noqa: SIM905
        "de a o em e os as do da para que com por uma um se sua ao como sobre entre suas mais "
        "segurança terrorismo prevenção cooperação países estados membros informação capacidade nacional "
        "regional cibernética estratégia financiamento lavagem dinheiro portuária marítima instalações "
        "alfândegas fronteiras controle gestão risco avaliação programa capacitação oficina funcionários "
        "autoridades organização comitê interamericano secretaria plano trabalho atividades implementação "
        "resolução conselho nações unidas armas destruição massa proliferação documentos viagem identidade "
        "migração aeroportos aviação civil turismo grandes eventos esportivos infraestrutura crítica proteção "
        "resposta incidentes equipes alerta precoce ameaças tendências emergentes extremismo violento "
        "radicalização jovens comunidades gênero direitos humanos legislação modelo tipificação crimes "
        "investigação judicial promotores polícia inteligência intercâmbio boas práticas lições aprendidas "
        "exercício simulação coordenação interinstitucional diálogo política pública setor privado sociedade "
        "civil academia tecnologia inovação dados análise relatório anual necessidades assistência técnica "
        "doadores recursos orçamento execução"
    ).split(),
}
# Accent-free, as typed: a broad word, a phrase of two domain words, a selective pair.
QUERIES = {
    "en": ["terrorism", "port security", "cybersecurity strategy", "financing prevention"],
    "es": ["prevencion", "seguridad portuaria", "terroristas financiamiento", "aviacion civil"],
    "fr": ["securite", "prevention terrorisme", "strategie cybersecurite", "aeroports"],
    "pt": ["seguranca", "prevencao terrorismo", "seguranca cibernetica", "aviacao civil"],
}
LEVELS = ["public", "networks", "state", "secretariat"]
# "≈ 5 pages of text each" (the issue), at ~500 words a page.
WORDS_PER_DOCUMENT = (2000, 3000)
INDEXING: dict[str, float] = {}  # documents per second


def corpus() -> dict[str, list[str]]:
    """Vocabulary per language, most frequent first (English: the seed work plan's own words by frequency)."""
    words = re.findall(r"[^\W\d_]+", SEED_TEXT.read_text(encoding="utf-8").lower()) if SEED_TEXT.exists() else []
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    english = sorted(counts, key=lambda w: -counts[w]) or ["the", "of", "and", "to", "security", "terrorism"]
    return {"en": english, **WORDS}


def text(rng: random.Random, vocabulary: list[str], weights: list[float], n: int) -> str:
    """`n` words drawn with Zipf-like frequencies, in sentences."""
    words = rng.choices(vocabulary, weights=weights, k=n)
    return ". ".join(" ".join(words[i : i + 12]).capitalize() for i in range(0, n, 12)) + "."


def seed() -> None:
    """Bulk-create the works, their translations and the index rows (no audit: this is fixture data)."""
    from enlace.accounts.models import User
    from enlace.directory.models import Network
    from enlace.geo.models import MemberState
    from enlace.library.models import Translation, Work
    from enlace.library.search import fold
    from enlace.workplan.models import Program

    rng = random.Random(7)
    vocabularies = corpus()
    weights = {lang: [1 / (rank + 1) for rank in range(len(v))] for lang, v in vocabularies.items()}
    author = User.objects.create_user("author@example.org", "x" * 20, full_name="Bench Author")
    states = list(MemberState.objects.all())
    networks = list(Network.objects.all())
    languages = list(vocabularies)
    works, bodies = [], []
    for i in range(DOCS):
        language = languages[i % 4]
        title = text(rng, vocabularies[language], weights[language], rng.randint(5, 10)).rstrip(".")
        works.append(
            Work(
                title=title[:300],
                creator="CICTE",
                language=language,
                document_type=rng.choice(["report", "manual", "guide", "best_practice"]),
                access_level=rng.choice(LEVELS),
                owner_state=rng.choice(states),
                status="published" if i % 10 else "draft",
                created_by=author,
                date=date(2015 + i % 10, 1 + i % 12, 1),
            )
        )
        bodies.append(text(rng, vocabularies[language], weights[language], rng.randint(*WORDS_PER_DOCUMENT)))
    Work.objects.bulk_create(works, batch_size=2000)
    through = Work.networks.through
    through.objects.bulk_create(
        [through(work_id=w.pk, network_id=rng.choice(networks).pk) for w in works if w.access_level == "networks"],
        batch_size=5000,
    )
    # Programs (1-2 of the seven) and countries covered (1-3), in the link tables: the translations inserted below
    # take their ids into their copy of the work's fields (the triggers of migration library.0009).
    programs = list(Program.objects.all())
    for field, choices, most in (("programs", programs, 2), ("countries", states, 3)):
        link = getattr(Work, field).through
        target = link._meta.get_field("program" if field == "programs" else "memberstate").attname
        link.objects.bulk_create(
            [
                link(work_id=w.pk, **{target: choice.pk})
                for w in works
                for choice in rng.sample(choices, rng.randint(1, most))
            ],
            batch_size=5000,
        )
    Translation.objects.bulk_create(
        [
            Translation(
                work=w,
                language=w.language,
                title=w.title,
                search_title=fold(w.title),
                search_body=fold(f" {w.title} {w.creator}      \n{body}"),
            )
            for w, body in zip(works, bodies, strict=True)
        ],
        batch_size=2000,
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from enlace.library.search import rebuild_vectors

            rebuild_vectors()  # the same vectors as `search.index_translation`, for every row in one statement
        else:
            cursor.execute(
                "INSERT INTO library_fts (rowid, title, body) SELECT id, search_title, search_body FROM library_translation"
            )
    INDEXING["bulk"] = DOCS / (time.perf_counter() - start)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # statistics and visibility map, as on a live database
            # The seeding's writes flushed now, not by the checkpointer while the searches are timed.
            cursor.execute("CHECKPOINT")


def index_one_by_one(count: int = 200) -> None:
    """Documents per second through `search.index_translation`, the path of an upload or an edit (folding the
    text, the row's update, its vectors or FTS5 row), over `count` translations with their current version."""
    from enlace.library.models import Translation, Version
    from enlace.library.search import index_translation

    rng = random.Random(11)
    translations = list(Translation.objects.select_related("work").order_by("pk")[:count])
    Version.objects.bulk_create(
        [
            Version(
                translation=t,
                number=1,
                file=f"bench/{t.pk}.txt",
                name=f"{t.pk}.txt",
                size=len(t.search_body),
                content_type="text/plain",
                sha256="0" * 64,
                text=t.search_body + rng.choice(" .;"),
                uploaded_by=t.work.created_by,
            )
            for t in translations
        ]
    )
    start = time.perf_counter()
    for translation in translations:
        index_translation(translation)
    INDEXING["one by one"] = count / (time.perf_counter() - start)


def focal_point() -> object:
    """A focal point of Chile, actively designated in one network; signed in with a verified session."""
    from allauth.mfa.totp.internal.auth import TOTP

    from enlace.common.testing import make_user
    from enlace.directory.testing import make_designation, make_person

    user = make_user("focal_point", state="CL", mfa=False)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    make_designation("CL", "counterterrorism", person=make_person("CL", user=user))
    return user


def officer() -> object:
    """A Secretariat officer: every published document is open to her, so a common word matches thousands."""
    from allauth.mfa.totp.internal.auth import TOTP

    from enlace.common.testing import make_user

    user = make_user("secretariat_officer", program="cybersecurity", mfa=False)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def sql(query: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        cursor.fetchall()


def measure(label: str, user: Any) -> dict[str, float]:
    """Time the searches as `user`; print a table per language; return the p50/p95 over every query."""
    from enlace.library.filters import facet_counts_of, filter_translations
    from enlace.library.models import SEARCH_CONFIGS, Translation
    from enlace.library.ranked import Ranked, planned, postgresql_statement
    from enlace.library.search import INDEX_FIELDS, _fts_query, fold, snippets

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    readable = Translation.objects.visible_to(user)
    shown = readable.select_related("work").defer(*INDEX_FIELDS)  # the page's rows, as `views.library_home` reads them
    open_to = readable.filter(work__status__in=["published", "archived"]).count()

    def search(query: str, language: str) -> int:
        # What the library page asks of the search: every match's id in rank order, the facet counts, the first 20
        # rows and their snippets.
        matched = Ranked(filter_translations(readable, {"q": query, "language": language}), shown)
        facets = facet_counts_of(matched)
        return len(matched) + len(snippets(matched[0:20], query)) + len(facets)

    def baseline(query: str, language: str) -> None:
        if connection.vendor == "postgresql":
            sql(
                "SELECT id FROM library_translation WHERE language = %s AND "
                "search_vector @@ websearch_to_tsquery(%s::regconfig, %s) LIMIT 20",
                [language, SEARCH_CONFIGS[language], fold(query)],
            )
        else:
            sql("SELECT rowid FROM library_fts WHERE library_fts MATCH %s LIMIT 20", [_fts_query(fold(query))])

    def scan(query: str, language: str) -> None:
        like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        sql(
            f"SELECT id FROM library_translation WHERE language = %s AND search_body {like} %s LIMIT 20",
            [language, f"%{fold(query).split()[0]}%"],
        )

    # warm-up: caches, the first connection, the template loader
    for language, queries in QUERIES.items():
        for query in queries:
            search(query, language)
            client.get("/library/", {"q": query, "language": language})
    results: dict[str, dict[str, list[float]]] = {}
    counts: dict[str, list[int]] = {}
    for language, queries in QUERIES.items():
        measures = results.setdefault(language, {"search": [], "page": [], "baseline": [], "scan": []})
        counts[language] = [filter_translations(readable, {"q": q, "language": language}).count() for q in queries]
        for _ in range(RUNS):
            for query in queries:
                measures["search"].append(timed_ms(lambda q=query, lang=language: search(q, lang)))
                measures["page"].append(
                    timed_ms(lambda q=query, lang=language: client.get("/library/", {"q": q, "language": lang}))
                )
                measures["baseline"].append(timed_ms(lambda q=query, lang=language: baseline(q, lang)))
                measures["scan"].append(timed_ms(lambda q=query, lang=language: scan(q, lang)))
    response = client.get("/library/", {"q": QUERIES["es"][0], "language": "es"})
    assert response.status_code == 200, response.status_code
    assert b"<mark>" in response.content  # the page did search, and highlighted

    print(f"\n{label}: {open_to} documents open to her")
    print(
        f"{'language':<10}{'matches':>22}{'search p50':>12}{'p95':>8}{'page p50':>10}{'p95':>8}"
        f"{'index p95':>11}{'scan p95':>10}"
    )
    everything: dict[str, list[float]] = {"search": [], "page": [], "baseline": [], "scan": []}
    for language, measures in results.items():
        for key, samples in measures.items():
            everything[key] += samples
        s50, s95 = percentiles(measures["search"])
        p50, p95 = percentiles(measures["page"])
        matches = "/".join(str(c) for c in counts[language])
        print(
            f"{language:<10}{matches:>22}{s50:>12.1f}{s95:>8.1f}{p50:>10.1f}{p95:>8.1f}"
            f"{percentiles(measures['baseline'])[1]:>11.2f}{percentiles(measures['scan'])[1]:>10.2f}"
        )
    s50, s95 = percentiles(everything["search"])
    p50, p95 = percentiles(everything["page"])
    print(
        f"{'all':<10}{'':>22}{s50:>12.1f}{s95:>8.1f}{p50:>10.1f}{p95:>8.1f}"
        f"{percentiles(everything['baseline'])[1]:>11.2f}{percentiles(everything['scan'])[1]:>10.2f}"
    )
    if connection.vendor == "postgresql":
        print(
            f"plans: {index_plans(readable)} ranked searches read the language's GIN index, none tests a vector row by row"
        )
    if EXPLAIN:
        query, language = os.environ.get("ENLACE_EXPLAIN", "prevencion:es").split(":")
        matched = filter_translations(readable, {"q": query, "language": language})
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # the search's own statement and planner setting
                statement, params = postgresql_statement(matched)
                cursor.execute(planned(f"EXPLAIN (ANALYZE, BUFFERS) {statement}"), params)
                cursor.nextset()
            else:
                sql_text, params = matched.values_list("pk", flat=True).query.sql_with_params()
                cursor.execute(f"EXPLAIN QUERY PLAN {sql_text}", params)
            print(
                "-- the ranked ids and facet counts:", *(" | ".join(map(str, r)) for r in cursor.fetchall()), sep="\n"
            )
    print(f"target: search p95 < 50 ms: {'met' if s95 < 50 else 'NOT met'}")
    return {"search p50": s50, "search p95": s95, "page p50": p50, "page p95": p95, "open": open_to}


def index_plans(readable: Any) -> str:
    """How many of the ranked searches' plans (every query, in its language and in all four) take the GIN
    index of the language and never test `@@` outside it: "n of m"."""
    from enlace.library.filters import filter_translations
    from enlace.library.ranked import planned, postgresql_statement

    good = total = 0
    for language, queries in QUERIES.items():
        for query, scope in [(q, lang) for q in queries for lang in (language, "")]:
            matched = filter_translations(readable, {"q": query, "language": scope})
            statement, params = postgresql_statement(matched)
            with connection.cursor() as cursor:  # the search's own statement and planner setting
                cursor.execute(planned(f"EXPLAIN {statement}"), params)
                cursor.nextset()
                plan = [row[0] for row in cursor.fetchall()]
            total += 1
            good += any("library_translation_search_" in line for line in plan) and not any(
                "Seq Scan on library_translation" in line or ("Filter" in line and "@@" in line) for line in plan
            )
    return f"{good} of {total}"


def timed_ms(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def main() -> None:
    from enlace.library.models import Translation

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        start = time.perf_counter()
        seed()
        seeded = time.perf_counter() - start
        index_one_by_one()
        words = sum(len(b.split()) for b in Translation.objects.values_list("search_body", flat=True)[:500]) / 500
        print(
            f"database: {connection.vendor}; {Translation.objects.count()} documents (~{words:.0f} words each), "
            f"seeded in {seeded:.0f} s; indexing: {INDEXING['bulk']:,.0f} documents/s in bulk, "
            f"{INDEXING['one by one']:,.0f} documents/s one by one (search.index_translation); "
            f"load average {Path('/proc/loadavg').read_text().split()[:3]}"
        )
        summary: dict[str, object] = {"database": connection.vendor, "indexing": INDEXING}
        for label, user in (("focal point", focal_point()), ("officer", officer())):
            summary[label] = measure(label, user)
        print("RESULT " + json.dumps(summary))
        print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        if KEEP:
            print(f"kept the database {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def both() -> None:
    """Run on PostgreSQL (DATABASE_URL, else the local server) and on SQLite, one after the other; print both tables,
    then the two databases side by side."""
    args = [a for a in sys.argv[1:] if a != "--both"]
    postgres = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/enlace_bench"
    results = []
    for url in (postgres, None):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | ({"DATABASE_URL": url} if url else {})
        out = subprocess.run(  # noqa: S603  # this script, with the same arguments
            [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True
        ).stdout
        print(out)
        results.append(json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:]))
    print("\nside by side (ms; indexing in documents per second)")
    print(
        f"{'database':<12}{'persona':<13}{'search p50':>11}{'p95':>8}{'page p50':>10}{'p95':>8}"
        f"{'index bulk':>12}{'one by one':>12}"
    )
    for result in results:
        for persona in ("focal point", "officer"):
            row = result[persona]
            print(
                f"{result['database']:<12}{persona:<13}{row['search p50']:>11.1f}{row['search p95']:>8.1f}"
                f"{row['page p50']:>10.1f}{row['page p95']:>8.1f}"
                f"{result['indexing']['bulk']:>12,.0f}{result['indexing']['one by one']:>12,.0f}"
            )


if __name__ == "__main__":
    both() if "--both" in sys.argv else main()
