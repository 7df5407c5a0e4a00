"""Full-text search of the library, one index per language.

PostgreSQL: each translation stores a tsvector built with its language's configuration (`english`, `spanish`,
`french`, `portuguese`: Snowball stemming) over text whose accents were folded in Python (`fold`), title with
weight A, metadata and extracted text with weight D; one GIN index per language (partial) serves it; results are
ranked with `ts_rank` (on the whole text up to `FULL_RANK_LIMIT` matches, beyond it on `search_head`, the title
and the start of the text: `ranked.py`) and snippets come from `ts_headline`. Folding in Python (not the `unaccent`
extension) keeps one folding for the index and the query on both databases and needs no superuser extension; its
limit: the snippet shows the folded text (no accents).

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
# Each row's text configuration, from its language (constant SQL).
CONFIG_SQL = (
    "(CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in SEARCH_CONFIGS.items())
    + " END)::regconfig"
)
VECTOR_SQL = (
    f"setweight(to_tsvector({CONFIG_SQL}, search_title), 'A') || setweight(to_tsvector({CONFIG_SQL}, search_body), 'D')"
)
HEAD_CHARS = 300  # the start of the folded text that goes into `search_head`: the summary, then the first lines
HEAD_VECTOR_SQL = (
    f"setweight(to_tsvector({CONFIG_SQL}, search_title), 'A') || "
    f"setweight(to_tsvector({CONFIG_SQL}, left(search_body, {HEAD_CHARS})), 'D')"
)
# Up to this many matches (after the access rule) are ranked on their whole text; more, on `search_head` only: ranking
# on the whole text reads every matched document's vector, out of line, which for a word found in nearly every
# document (English "terrorism" in a committee against terrorism) costs more than the rest of the search. At five
# pages a document that is ~11 us a match (980 matches: 19 ms on the whole text, 7 ms on the head): 500 bounds it
# near 6 ms.
FULL_RANK_LIMIT = 500
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
        rebuild_vectors([translation.pk])
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM library_fts WHERE rowid = %s", [translation.pk])
            cursor.execute(
                "INSERT INTO library_fts (rowid, title, body) VALUES (%s, %s, %s)", [translation.pk, title, body]
            )


def rebuild_vectors(ids: list[int] | None = None) -> None:
    """PostgreSQL: recompute the search vectors of the translations `ids` (all when None) from their folded text."""
    where, params = ("WHERE id = ANY(%s)", [ids]) if ids is not None else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE library_translation SET search_vector = {VECTOR_SQL}, search_head = {HEAD_VECTOR_SQL} {where}",  # noqa: S608  # constant SQL
            params,
        )


def _fts_query(query: str) -> str:
    words = WORD.findall(fold(query))
    return " ".join(f'"{_stem(w)}"*' for w in words)


def search(translations: QuerySet[Translation], query: str, languages: list[str]) -> QuerySet[Translation]:
    """The translations of `translations` (already restricted to the user) matching `query`, best first, each
    annotated with `rank`. `languages` limits the indexes searched (all four when empty). Snippets are asked
    for separately, for the rows shown only (`snippets`)."""
    languages = [code for code in SEARCH_CONFIGS if code in languages] or list(SEARCH_CONFIGS)
    translations = translations.filter(language__in=languages)
    folded = fold(query).strip()
    if not WORD.search(folded):
        return translations.none()
    if connection.vendor == "postgresql":
        return _search_pg(translations, folded, languages)
    return _search_sqlite(translations, folded)


def _tsquery_by_language(languages: list[str]) -> str:
    """The query parsed in each row's language: constant tsqueries (the GIN index can serve each of them)."""
    cases = " ".join(f"WHEN '{code}' THEN websearch_to_tsquery('{SEARCH_CONFIGS[code]}', %s)" for code in languages)
    return f"(CASE library_translation.language {cases} END)"


def _search_pg(translations: QuerySet[Translation], folded: str, languages: list[str]) -> QuerySet[Translation]:
    # One OR branch per language, each with a constant tsquery: a bitmap scan of the GIN index per language,
    # where one tsquery computed per row (the language's configuration as a CASE) would scan every row.
    match = " OR ".join(
        f"(library_translation.language = '{code}' AND library_translation.search_vector @@ "
        f"websearch_to_tsquery('{SEARCH_CONFIGS[code]}', %s))"
        for code in languages
    )
    tsquery = _tsquery_by_language(languages)
    # `rank` on the title and the start of the text (`search_head`, in the row); `full_rank` on the whole text,
    # which reads each match's vector out of line: `ranked.Ranked` orders by it only up to FULL_RANK_LIMIT matches.
    return translations.extra(  # noqa: S610  # constant SQL; the query text is a parameter
        select={
            "rank": f"ts_rank(library_translation.search_head, {tsquery})",
            "full_rank": f"ts_rank(library_translation.search_vector, {tsquery})",
        },
        select_params=[folded] * (2 * len(languages)),
        where=[f"({match})"],
        params=[folded] * len(languages),
    ).order_by("-full_rank", "pk")


def _search_sqlite(translations: QuerySet[Translation], folded: str) -> QuerySet[Translation]:
    match = _fts_query(folded)
    # Joined (not one correlated subquery per row): FTS5 runs the MATCH once and ranks while it scans.
    return translations.extra(  # constant SQL; the query text is a parameter
        select={"rank": "bm25(library_fts, 10.0, 1.0)"},
        tables=["library_fts"],
        where=["library_fts.rowid = library_translation.id", "library_fts MATCH %s"],
        params=[match],
    ).order_by("rank", "pk")


# The folded text kept for the index (a five-page document's is ~17 KB): never read to show a result.
INDEX_FIELDS = ("search_title", "search_body")


HEADLINE_OPTIONS = "'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=<mark>, StopSel=</mark>'"
# `ts_headline` parses the whole text it is given: for documents of five pages, 20 snippets cost 25-35 ms. It is
# given this many characters from just before the first place where a query word's stem occurs (`strpos` of each
# lexeme), which bounds its cost whatever the document's length.
HEADLINE_WINDOW = 1000
HEADLINE_LEAD = 120  # characters of context before the first match


def snippets(translations: list[Translation], query: str) -> dict[int, str]:
    """The highlighted snippet (raw: see `snippet_safe`) of each of `translations` for `query`, by id: one query
    for the rows shown, never for every match."""
    folded = fold(query).strip()
    if not translations or not WORD.search(folded):
        return {}
    ids = [t.pk for t in translations]
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _headlines(cursor, sorted({t.language for t in translations}), folded, ids)
        cursor.execute(
            "SELECT rowid, snippet(library_fts, 1, '<mark>', '</mark>', '…', 24) FROM library_fts "  # noqa: S608  # constant SQL
            f"WHERE library_fts MATCH %s AND rowid IN ({placeholders})",
            [_fts_query(folded), *ids],
        )
        return dict(cursor.fetchall())


def _headlines(cursor: Any, languages: list[str], folded: str, ids: list[int]) -> dict[int, str]:
    """PostgreSQL snippets: `ts_headline` over a window of each text from just before its first match, marking
    every occurrence of any query word there (the query's stems OR-ed: the words of an AND query may lie further
    apart than the window); a row whose window held no word after all (a stem that is not a prefix of the word as
    written, or found inside another word) gets its snippet from the whole text and the query itself."""
    config = (
        "(CASE language "
        + " ".join(f"WHEN '{code}' THEN '{SEARCH_CONFIGS[code]}'" for code in languages)
        + " END)::regconfig"
    )
    placeholders = ", ".join(["%s"] * len(ids))
    window = (
        f"CASE WHEN start > 1 THEN regexp_replace(substr(search_body, start, {HEADLINE_WINDOW}), '^\\S*\\s+', '') "
        f"ELSE substr(search_body, 1, {HEADLINE_WINDOW}) END"
    )
    cursor.execute(
        f"SELECT id, ts_headline({config}, {window}, any_word, {HEADLINE_OPTIONS}), "  # noqa: S608  # constant SQL
        f"start > 1 OR length(search_body) > {HEADLINE_WINDOW} FROM ("
        "SELECT id, language, search_body, "
        # where a word starts with a stem (after a space: "segur" is not sought inside "ciberseguridad")
        f"greatest(coalesce((SELECT min(NULLIF(strpos(' ' || search_body, ' ' || w), 0)) FROM unnest(words) AS w), 1) "
        f"- {HEADLINE_LEAD}, 1) AS start, "
        # each stem quoted as tsquery input quotes (' doubled, \ escaped; quote_literal may prefix E), OR-ed
        "(SELECT string_agg(chr(39) || replace(replace(w, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) "
        "|| chr(39), ' | ') FROM unnest(words) AS w)::tsquery AS any_word "
        # the query's stems in the row's language
        f"FROM (SELECT id, language, search_body, tsvector_to_array(to_tsvector({config}, %s)) AS words "
        f"FROM library_translation WHERE id IN ({placeholders})) AS stems) AS library_translation",
        [folded, *ids],
    )
    found = {pk: text for pk, text, windowed in cursor.fetchall() if not windowed or "<mark>" in (text or "")}
    rest = [pk for pk in ids if pk not in found]
    if rest:
        marks = ", ".join(["%s"] * len(rest))
        cursor.execute(
            f"SELECT id, ts_headline({config}, search_body, {_tsquery_by_language(languages)}, {HEADLINE_OPTIONS}) "  # noqa: S608  # constant SQL
            f"FROM library_translation WHERE id IN ({marks})",
            [*([folded] * len(languages)), *rest],
        )
        found.update(cursor.fetchall())
    return found


def snippet_safe(raw: Any) -> str:
    """The snippet with everything escaped except the <mark> tags the search engine added."""
    from django.utils.html import escape

    text = escape(str(raw or ""))
    return text.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
