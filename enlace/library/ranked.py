"""The ranked matches of a library search with their facet counts, read in one pass over the restricted matches.

PostgreSQL: one statement. The matches (restricted, ranked, with what the facets count) are materialized once; the
ids come back as one string in rank order and every facet as (name, value, count) rows grouped by the database,
programs and countries through the link tables. 5,000 matches thus cross to Python as ~30 KB of ids and a few
dozen counts, not as 5,000 rows of six values (which cost ~8 ms to send and convert).

SQLite (the embedded fallback, whose `group_concat` before 3.44 cannot order): the ranked rows with their facet
columns, counted in Python, and programs and countries counted by one query on the link tables.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from enlace.library.models import Translation, Work

# Facet name → what each match carries for it (a lookup on Translation).
SCALAR_FACETS = {
    "language": "language",
    "document_type": "work__document_type",
    "access_level": "work__access_level",
    "year": "work__date__year",
}
# Facet name → (the work's link table, its target field, the code shown).
LINK_FACETS = {
    "program": (Work.programs.through, "program", "code"),
    "country": (Work.countries.through, "memberstate", "iso2"),
}
OPERATOR_COST = 0.05  # the ranked search's `cpu_operator_cost` on PostgreSQL (default 0.0025), see `planned`


def planned(sql: str) -> str:
    """PostgreSQL: `sql` between setting and resetting the planner's operator cost, for one round trip whose rows
    are the second result (`cursor.nextset()`).

    The planner does not cost reading a document's vector out of line (TOAST): for a word in most documents of a
    language it tests `@@` on every row (20,000 documents of five pages: 85,000 buffers, 80-110 ms) where the
    language's GIN index answers without reading a vector (1,800 buffers, 16 ms). An operator costed 20 times the
    default makes it take the index for every benchmark query (`enable_seqscan = off` did too, but also read every
    work through its primary key: 15-20 % slower). The three statements run as one implicit transaction: a
    failure undoes the SET as well."""
    return f"SET cpu_operator_cost = {OPERATOR_COST}; {sql}; RESET cpu_operator_cost"


def id_list(ids: list[int]) -> str:
    """`ids` as one query parameter: a PostgreSQL array literal (`'{1,2}'::bigint[]`), JSON for SQLite's `json_each`.
    As text: the driver adapts a Python list of thousands of ints element by element (3 ms for 4,700)."""
    text = ",".join(map(str, ids))
    return "{" + text + "}" if connection.vendor == "postgresql" else "[" + text + "]"


def _link_groups() -> list[str]:
    """For each link facet, the SQL of its (name, code, count) rows over `m`, a relation of the matches' work ids
    (`m.work_id`: a work once per matched translation)."""
    groups = []
    for name, (through, target, code) in LINK_FACETS.items():
        link: Any = through._meta.get_field(target)
        table, code_table = through._meta.db_table, link.related_model._meta.db_table
        groups.append(
            f"SELECT '{name}', c.{code}, count(*) FROM m JOIN {table} l ON l.work_id = m.work_id "  # noqa: S608  # constant SQL
            f"JOIN {code_table} c ON c.id = l.{link.column} GROUP BY c.{code}"
        )
    return groups


def postgresql_statement(matched: QuerySet[Translation]) -> tuple[str, list[Any]]:
    """The one statement (without the planner setting) of the ranked ids and facet counts of `matched`."""
    rows = matched.order_by().values_list("pk", "work_id", *SCALAR_FACETS.values(), "rank")
    sql, params = rows.query.sql_with_params()
    # The columns by the names the ORM gives them (`AS "work__document_type"`), not by position: a change in its
    # SQL fails here loudly rather than counting one facet's values as another's.
    groups = [
        f"SELECT '{name}', \"{lookup}\"::text, count(*) FROM m GROUP BY 2"  # noqa: S608  # constant SQL
        for name, lookup in SCALAR_FACETS.items()
    ]
    ranked = """SELECT '', string_agg("pk"::text, ',' ORDER BY "rank" DESC, "pk"), NULL FROM m"""
    return f"WITH m AS MATERIALIZED ({sql}) " + " UNION ALL ".join([ranked, *groups, *_link_groups()]), list(params)


def _by_postgresql(matched: QuerySet[Translation]) -> tuple[list[int], dict[str, Counter[Any]]]:
    statement, params = postgresql_statement(matched)
    with connection.cursor() as cursor:
        cursor.execute(planned(statement), params)
        cursor.nextset()
        results = cursor.fetchall()
    ids: list[int] = []
    counts: dict[str, Counter[Any]] = {name: Counter() for name in (*SCALAR_FACETS, *LINK_FACETS)}
    for name, value, n in results:
        if name == "":  # the ids in rank order (none: NULL)
            ids = [int(pk) for pk in value.split(",")] if value else []
        else:  # EXTRACT gives the year as a numeric ("2021" as text): an int again
            counts[name][int(float(value)) if name == "year" and value is not None else value] = n
    return ids, counts


def _by_rows(matched: QuerySet[Translation]) -> tuple[list[int], dict[str, Counter[Any]]]:
    rows = _fetch(matched.values_list("pk", "work_id", *SCALAR_FACETS.values()))
    # Columns, not a tuple per match: each is counted at C speed.
    ids, work_ids, *columns = list(zip(*rows, strict=True)) or [()] * (2 + len(SCALAR_FACETS))
    counts = {name: Counter(column) for name, column in zip(SCALAR_FACETS, columns, strict=True)}
    counts["year"] = Counter({None if year is None else int(year): n for year, n in counts["year"].items()})
    return list(ids), counts | link_counts(list(work_ids))


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


def link_counts(work_ids: list[int]) -> dict[str, Counter[Any]]:
    """Matches per code of each link facet, counted by the database in one query: `work_ids` holds each match's
    work id (a work appears once per matched translation)."""
    counts: dict[str, Counter[Any]] = {name: Counter() for name in LINK_FACETS}
    if not work_ids:
        return counts
    if connection.vendor == "postgresql":
        matches = "SELECT unnest(%s::bigint[]) AS work_id"
    else:
        matches = "SELECT value AS work_id FROM json_each(%s)"
    with connection.cursor() as cursor:  # constant SQL; the ids are one parameter
        cursor.execute(f"WITH m AS ({matches}) " + " UNION ALL ".join(_link_groups()), [id_list(work_ids)])
        for name, value, n in cursor.fetchall():
            counts[name][value] = n
    return counts


class Ranked:
    """The matches of a search as a sequence for the paginator: every id in rank order and `counts` (facet name →
    Counter of its values over every match), read once; the rows of a page read by id from `translations` (the
    restricted queryset)."""

    def __init__(self, matched: QuerySet[Translation], translations: QuerySet[Translation]) -> None:
        self.ids: list[int] = []
        self.counts: dict[str, Counter[Any]] = {name: Counter() for name in (*SCALAR_FACETS, *LINK_FACETS)}
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
