"""Trigram indexes for the directory search on PostgreSQL (pg_trgm): `icontains` on names uses them.

Django writes `name__icontains` as `UPPER(name::text) LIKE UPPER('%…%')`; a GIN trigram index on the same
expression serves it, for the page's count as well as its rows. SQLite has no such index: nothing to do.
"""

from django.db import migrations

INDEXES = [
    ("directory_person", "full_name", "directory_person_name_trgm"),
    ("directory_institution", "name", "directory_institution_name_trgm"),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_certification_lapse_warning")]
    operations = [migrations.RunPython(create, drop)]
