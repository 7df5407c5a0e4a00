"""PostgreSQL: keep each translation row narrow, its folded text and tsvector out of line (TOAST), so that a search
reads the few bytes per matched row it needs (language, work, title) and not a page per row.

A search touches every row the GIN index matched (thousands for a common word) to join them to their works
and count them; with the text inline (compressed to ~1.5 kB it stays inline) that was one heap page per row.
`toast_tuple_target = 128` moves the large values out; rows written before this migration move when next
written (every change of a work reindexes its translations) or with `VACUUM FULL library_translation`."""

from django.db import migrations


def narrow(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_translation SET (toast_tuple_target = 128)")


def widen(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_translation RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("library", "0003_work_modified_at")]
    operations = [migrations.RunPython(narrow, widen)]
