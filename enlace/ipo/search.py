"""Full-text search of lessons learned, in the lesson's language, the library's way (enlace/library/search.py):
accent-folded text; PostgreSQL: a tsvector column `search_vector` in the language's configuration (title weight A,
the rest D) with a GIN index, `ts_rank` and `ts_headline`; SQLite: the FTS5 table `ipo_lesson_fts` with prefix
queries after a light suffix trim and bm25. The search runs over a queryset already restricted to the reader."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from enlace.ipo.models import Lesson
from enlace.library.models import SEARCH_CONFIGS
from enlace.library.search import WORD, _fts_query, fold

HEADLINE = "'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=<mark>, StopSel=</mark>'"


def index_lesson(lesson: Lesson) -> None:
    """Rebuild the index row of one lesson from its title and its texts."""
    title = fold(lesson.title)
    body = fold(
        "\n".join(
            [
                lesson.observation,
                lesson.activity,
                lesson.analysis,
                lesson.recommendation,
                lesson.responsible_body,
                lesson.action_description,
            ]
        )
    )
    Lesson.objects.filter(pk=lesson.pk).update(search_title=title, search_body=body)
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS.get(lesson.language, "english")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE ipo_lesson SET search_vector = "
                "setweight(to_tsvector(%s::regconfig, search_title), 'A') || "
                "setweight(to_tsvector(%s::regconfig, search_body), 'D') WHERE id = %s",
                [config, config, lesson.pk],
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ipo_lesson_fts WHERE rowid = %s", [lesson.pk])
            cursor.execute(
                "INSERT INTO ipo_lesson_fts (rowid, title, body) VALUES (%s, %s, %s)", [lesson.pk, title, body]
            )


def search_lessons(lessons: QuerySet[Lesson], query: str, languages: list[str]) -> QuerySet[Lesson]:
    """The lessons of `lessons` (already restricted to the reader) matching `query`, best first, each annotated
    with `snippet`; `languages` limits the indexes searched (all when empty)."""
    if languages:
        lessons = lessons.filter(language__in=languages)
    folded = fold(query).strip()
    if not WORD.search(folded):
        return lessons.none()
    if connection.vendor == "postgresql":
        cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in SEARCH_CONFIGS.items())
        config_sql = f"(CASE ipo_lesson.language {cases} END)::regconfig"
        tsquery = f"websearch_to_tsquery({config_sql}, %s)"
        return lessons.extra(  # noqa: S610  # constant SQL; the query text is a parameter
            select={
                "rank": f"ts_rank(ipo_lesson.search_vector, {tsquery})",
                "snippet": f"ts_headline({config_sql}, ipo_lesson.search_body, {tsquery}, {HEADLINE})",
            },
            select_params=[folded, folded],
            where=[f"ipo_lesson.search_vector @@ {tsquery}"],
            params=[folded],
        ).order_by("-rank", "pk")
    match = _fts_query(folded)
    return lessons.extra(  # constant SQL; the query text is a parameter
        select={
            "rank": "(SELECT bm25(ipo_lesson_fts, 10.0, 1.0) FROM ipo_lesson_fts WHERE ipo_lesson_fts MATCH %s "
            "AND ipo_lesson_fts.rowid = ipo_lesson.id)",
            "snippet": "(SELECT snippet(ipo_lesson_fts, 1, '<mark>', '</mark>', '…', 24) FROM ipo_lesson_fts "
            "WHERE ipo_lesson_fts MATCH %s AND ipo_lesson_fts.rowid = ipo_lesson.id)",
        },
        select_params=[match, match],
        where=["ipo_lesson.id IN (SELECT rowid FROM ipo_lesson_fts WHERE ipo_lesson_fts MATCH %s)"],
        params=[match],
    ).order_by("rank", "pk")
