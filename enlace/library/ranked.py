"""The ranked matches of a library search with their facet counts, read in one pass over the restricted matches.

PostgreSQL: one statement. The matches (restricted, ranked, with what the facets count) are materialized once; the
ids come back as one string in rank order, the scalar facets as counts grouped by the database, and programs and
countries as the matches' id lists joined into one string each, counted in Python. 5,000 matches thus cross to
Python as ~90 KB of ids and a few hundred counts, not as 5,000 rows of eight values (which cost ~8 ms to send and
convert).

SQLite (the embedded fallback, whose `group_concat` before 3.44 cannot order): the ranked rows with their facet
columns, counted in Python, and one query for the codes of the programs and countries.

Both read only the translations: each carries a copy of its work's facet fields, its programs' and countries'
ids included (`Translation.work_*`, kept by database triggers), so no match is joined with its work.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from enlace.geo.models import MemberState
from enlace.library import search
from enlace.library.models import Translation
from enlace.workplan.models import Program

# Facet name → what each match carries for it: the translation's copy of its work's fields (`Translation.work_*`).
SCALAR_FACETS = {
    "language": "language",
    "document_type": "work_document_type",
    "access_level": "work_access_level",
    "year": "work_year",
}
# Facet name → (the copy of the work's link ids, comma-separated; the linked model; the code shown).
LINK_FACETS: dict[str, tuple[str, Any, str]] = {
    "program": ("work_programs", Program, "code"),
    "country": ("work_countries", MemberState, "iso2"),
}
OPERATOR_COST = 0.05  # the ranked search's `cpu_operator_cost` on PostgreSQL (default 0.0025), see `planned`


def planned(sql: str) -> str:
    """PostgreSQL: `sql` between setting and resetting the planner's operator cost and JIT compilation, for one
    round trip whose rows are the second result (`cursor.nextset()`).

    The planner does not cost reading a document's vector out of line (TOAST): for a word in most documents of a
    language it tests `@@` on every row (20,000 documents of five pages: 85,000 buffers, 80-110 ms) where the
    language's GIN index answers without reading a vector (1,800 buffers, 16 ms). An operator costed 20 times the
    default makes it take the index for every benchmark query (`enable_seqscan = off` did too, but also read every
    work through its primary key: 15-20 % slower). Costs so raised can pass `jit_above_cost`: compiling the
    statement then took 36 ms of a 130 ms search. The statements run as one implicit transaction: a failure undoes
    the settings as well."""
    return (
        f"SELECT set_config('cpu_operator_cost', '{OPERATOR_COST}', false), set_config('jit', 'off', false); "
        f"{sql}; RESET cpu_operator_cost; RESET jit"
    )


def _codes(name: str) -> str:
    """SQL of the (`name=id`, code, NULL) rows that name each value of a link facet (a few dozen rows)."""
    _, model, code = LINK_FACETS[name]
    return f"SELECT '{name}=' || id, CAST({code} AS TEXT), NULL FROM {model._meta.db_table}"  # noqa: S608  # constant SQL


def postgresql_statement(matched: QuerySet[Translation]) -> tuple[str, list[Any]]:
    """The one statement (without the planner settings) of the ranked ids and facet counts of `matched`.

    Its rows, (name, value, n): ('', the ids in rank order, comma-separated); ('facets', "language|type|access|
    year", matches) per combination of the scalar facets (one grouping, not one per facet: 4x fewer passes);
    (link facet, its matches' ids, comma-separated, counted in Python); (`program=7`, code) naming each id."""
    links = [field for field, _, _ in LINK_FACETS.values()]
    rows = matched.order_by().values_list("pk", *SCALAR_FACETS.values(), *links, "rank")
    sql, params = rows.query.sql_with_params()
    full = matched.order_by().values_list("pk", "full_rank")  # type: ignore[misc]  # an `extra` column (search.py)
    full_sql, full_params = full.query.sql_with_params()
    # Ordered on `search_head` beyond FULL_RANK_LIMIT matches; up to it on the whole text: the second branch
    # matches again, reading each match's whole vector, and runs only then (a one-time filter on the count).
    limit = search.FULL_RANK_LIMIT
    ids = (
        """SELECT '', string_agg("pk"::text, ',' ORDER BY "rank" DESC, "pk"), NULL FROM ("""  # noqa: S608  # constant SQL
        f"""SELECT "pk", "rank" FROM m WHERE (SELECT count(*) FROM m) > {limit} UNION ALL """
        f"""SELECT "pk", "full_rank" FROM ({full_sql}) f WHERE (SELECT count(*) FROM m) <= {limit}) r"""
    )
    # The columns by the names the ORM gives them (`AS "work_year"`), not by position: a change in its SQL fails
    # here loudly rather than counting one facet's values as another's.
    key = " || '|' || ".join(f"""coalesce("{lookup}"::text, '')""" for lookup in SCALAR_FACETS.values())
    groups = [f"SELECT 'facets', {key}, count(*) FROM m GROUP BY 2"]  # noqa: S608  # constant SQL
    groups += [
        f"""SELECT '{name}', string_agg("{field}", ','), NULL FROM m"""  # noqa: S608  # constant SQL
        for name, (field, _, _) in LINK_FACETS.items()
    ]
    groups += [_codes(name) for name in LINK_FACETS]
    statement = f"WITH m AS MATERIALIZED ({sql}) " + " UNION ALL ".join([ids, *groups])
    return statement, [*params, *full_params]


def _empty_counts() -> dict[str, Counter[Any]]:
    return {name: Counter() for name in (*SCALAR_FACETS, *LINK_FACETS)}


def _link_counts(counts: dict[str, Counter[Any]], joined: dict[str, list[str]], codes: dict[str, Any]) -> None:
    """Count each link facet's ids (`joined`: comma-separated lists of them) under the code `codes` names."""
    for name, lists in joined.items():
        ids = Counter(",".join(filter(None, lists)).split(","))
        ids.pop("", None)
        for pk, n in ids.items():
            code = codes.get(f"{name}={pk}")
            if code is not None:
                counts[name][code] += n


def _scalar(name: str, value: str) -> Any:
    """A scalar facet's value as the facet shows it: the year an int, a missing one None."""
    if value == "":
        return None
    return int(value) if name == "year" else value


def _by_postgresql(matched: QuerySet[Translation]) -> tuple[list[int], dict[str, Counter[Any]]]:
    statement, params = postgresql_statement(matched)
    with connection.cursor() as cursor:
        cursor.execute(planned(statement), params)
        cursor.nextset()
        results = cursor.fetchall()
    ids: list[int] = []
    counts = _empty_counts()
    joined: dict[str, list[str]] = {name: [] for name in LINK_FACETS}
    codes: dict[str, Any] = {}
    for name, value, n in results:
        if name == "":  # the ids in rank order (none: NULL)
            ids = [int(pk) for pk in value.split(",")] if value else []
        elif name == "facets":
            for facet, part in zip(SCALAR_FACETS, value.split("|"), strict=True):
                counts[facet][_scalar(facet, part)] += n
        elif name in LINK_FACETS:
            joined[name].append(value or "")
        else:
            codes[name] = value
    _link_counts(counts, joined, codes)
    return ids, counts


def _by_rows(matched: QuerySet[Translation]) -> tuple[list[int], dict[str, Counter[Any]]]:
    links = [field for field, _, _ in LINK_FACETS.values()]
    rows = _fetch(matched.values_list("pk", *SCALAR_FACETS.values(), *links))
    # Columns, not a tuple per match: each is counted at C speed.
    ids, *columns = list(zip(*rows, strict=True)) or [()] * (1 + len(SCALAR_FACETS) + len(links))
    counts = _empty_counts()
    for name, column in zip(SCALAR_FACETS, columns, strict=False):  # the link columns follow
        counts[name] = Counter(column)
    if ids:
        with connection.cursor() as cursor:  # constant SQL
            cursor.execute(" UNION ALL ".join(_codes(name) for name in LINK_FACETS))
            codes = {name: code for name, code, _ in cursor.fetchall()}
        joined = {name: list(column) for name, column in zip(LINK_FACETS, columns[len(SCALAR_FACETS) :], strict=True)}
        _link_counts(counts, joined, codes)
    return list(ids), counts


def _fetch(rows: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list queryset as the driver returns them: for thousands of matches the ORM's per-value
    conversion costs more CPU than the database's sort (4,700 rows: 9 ms against 6 ms)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Ranked:
    """The matches of a search as a sequence for the paginator: every id in rank order and `counts` (facet name →
    Counter of its values over every match), read once; the rows of a page read by id from `translations` (the
    restricted queryset)."""

    def __init__(self, matched: QuerySet[Translation], translations: QuerySet[Translation]) -> None:
        self.ids: list[int] = []
        self.counts: dict[str, Counter[Any]] = _empty_counts()
        if not matched.query.is_empty():  # `none()`: a query without words, or lessons only
            by = _by_postgresql if connection.vendor == "postgresql" else _by_rows
            self.ids, self.counts = by(matched)
        self.translations = translations

    def count(self) -> int:
        """The number of matches."""
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Translation]:
        ids = self.ids[window]
        by_id = self.translations.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]
