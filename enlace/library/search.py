"""Full-text search of the library, one index per language.

PostgreSQL: each translation stores a tsvector built with its language's configuration (`english`, `spanish`,
`french`, `portuguese`: Snowball stemming) over text whose accents were folded in Python (`fold`), title with
weight A, metadata and extracted text with weight D; a GIN index serves it; results are ranked with
`ts_rank` and snippets come from `ts_headline`. Folding in Python (not the `unaccent` extension) keeps one
folding for the index and the query on both databases and needs no superuser extension; its limit: the
snippet shows the folded text (no accents).

SQLite: an FTS5 table (`library_fts`, tokenizer `unicode61 remove_diacritics 2`) with one row per
translation; the query's words become prefix queries after a light suffix trim (`_stem`): "terroristas" →
`terroris*` finds "terrorismo", but irregular forms that a real stemmer joins are missed, and over-trimmed
prefixes can match unrelated words. Ranking is FTS5's bm25 with the title column weighted 10:1.

Either way, the search runs over the RESTRICTED queryset of translations: permissions are part of the query.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from enlace.library.models import SEARCH_CONFIGS, Translation

WORD = re.compile(r"\w+", re.UNICODE)
SUFFIXES = sorted(
    [
        "mente",
        "ciones",
        "cion",
        "coes",
        "cao",
        "tions",
        "tion",
        "ismo",
        "istas",
        "ista",
        "ismes",
        "isme",
        "iste",
        "es",
        "as",
        "os",
        "s",
        "a",
        "o",
        "e",
    ],
    key=len,
    reverse=True,
)


def fold(text: str) -> str:
    """Lower-case `text` without its accents (é → e, ç → c, ñ → n)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _stem(word: str) -> str:
    """A light suffix trim for the SQLite fallback's prefix queries (keeps at least 5 letters)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def index_translation(translation: Translation) -> None:
    """Rebuild the index row(s) of one translation from the work's metadata and its current version's text."""
    work = translation.work
    version = translation.current_version()
    metadata = " ".join(
        [
            translation.description,
            work.title,
            work.creator,
            work.subject,
            work.description,
            work.publisher,
            work.contributor,
            work.coverage,
            work.source,
            work.relation,
        ]
    )
    title = fold(translation.title)
    body = fold(metadata + "\n" + (version.text if version else ""))
    Translation.objects.filter(pk=translation.pk).update(search_title=title, search_body=body)
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS[translation.language]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE library_translation SET search_vector = "
                "setweight(to_tsvector(%s::regconfig, search_title), 'A') || "
                "setweight(to_tsvector(%s::regconfig, search_body), 'D') WHERE id = %s",
                [config, config, translation.pk],
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM library_fts WHERE rowid = %s", [translation.pk])
            cursor.execute(
                "INSERT INTO library_fts (rowid, title, body) VALUES (%s, %s, %s)", [translation.pk, title, body]
            )


def _fts_query(query: str) -> str:
    words = WORD.findall(fold(query))
    return " ".join(f'"{_stem(w)}"*' for w in words)


def search(translations: QuerySet[Translation], query: str, languages: list[str]) -> QuerySet[Translation]:
    """The translations of `translations` (already restricted to the user) matching `query`, best first, each
    annotated with `snippet`. `languages` limits the indexes searched (all four when empty)."""
    if languages:
        translations = translations.filter(language__in=languages)
    folded = fold(query).strip()
    if not WORD.search(folded):
        return translations.none()
    if connection.vendor == "postgresql":
        return _search_pg(translations, folded)
    return _search_sqlite(translations, folded)


def _search_pg(translations: QuerySet[Translation], folded: str) -> QuerySet[Translation]:
    # One OR per language: each translation is matched with the query parsed in ITS language's configuration.
    cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in SEARCH_CONFIGS.items())
    config_sql = f"(CASE library_translation.language {cases} END)::regconfig"
    tsquery = f"websearch_to_tsquery({config_sql}, %s)"
    return translations.extra(  # noqa: S610  # constant SQL; the query text is a parameter
        select={
            "rank": f"ts_rank(library_translation.search_vector, {tsquery})",
            "snippet": f"ts_headline({config_sql}, library_translation.search_body, {tsquery}, "
            "'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=<mark>, StopSel=</mark>')",
        },
        select_params=[folded, folded],
        where=[f"library_translation.search_vector @@ {tsquery}"],
        params=[folded],
    ).order_by("-rank", "pk")


def _search_sqlite(translations: QuerySet[Translation], folded: str) -> QuerySet[Translation]:
    match = _fts_query(folded)
    return translations.extra(  # constant SQL; the query text is a parameter
        select={
            "rank": "(SELECT bm25(library_fts, 10.0, 1.0) FROM library_fts WHERE library_fts MATCH %s "
            "AND library_fts.rowid = library_translation.id)",
            "snippet": "(SELECT snippet(library_fts, 1, '<mark>', '</mark>', '…', 24) FROM library_fts "
            "WHERE library_fts MATCH %s AND library_fts.rowid = library_translation.id)",
        },
        select_params=[match, match],
        where=["library_translation.id IN (SELECT rowid FROM library_fts WHERE library_fts MATCH %s)"],
        params=[match],
    ).order_by("rank", "pk")


def snippet_safe(raw: Any) -> str:
    """The snippet with everything escaped except the <mark> tags the search engine added."""
    from django.utils.html import escape

    text = escape(str(raw or ""))
    return text.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
