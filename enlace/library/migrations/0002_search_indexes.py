"""Search indexes: on PostgreSQL a tsvector column on each translation (not in the model) with a GIN index; on SQLite an FTS5 table
(`unicode61 remove_diacritics 2`), one row per translation (rowid = translation id), kept by search.py."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_translation ADD COLUMN IF NOT EXISTS search_vector tsvector")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_translation_search ON library_translation USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_translation_search")
        schema_editor.execute("ALTER TABLE library_translation DROP COLUMN IF EXISTS search_vector")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_fts")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_works_translations_versions")]
    operations = [migrations.RunPython(create, drop)]
