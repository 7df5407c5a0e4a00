"""PostgreSQL: one GIN index per language, and a small ranking vector kept in the row.

One index per language (partial, `WHERE language = …`): the search's branches are `language = … AND search_vector
@@ …`, so each reads only its language's postings. With one index over every language, a word frequent in one
language (English "terrorism") made the planner prefer a sequential scan, which tested `@@` on every row and read
every row's out-of-line (TOASTed) vector: 61,568 buffers for 20,000 documents.

`search_head`: the title (weight A) and the start of the text (weight D) as a tsvector stored in the row
(`STORAGE MAIN`: compressed if need be, never moved out of line). A query that matches many documents is ranked by it
(search.py `FULL_RANK_LIMIT`), without reading every matched document's whole vector."""

from django.db import migrations

LANGUAGES = ("en", "es", "fr", "pt")
# As search.HEAD_VECTOR_SQL when this migration was written (a migration does not follow later code).
CONFIG = "(CASE language WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'fr' THEN 'french' ELSE 'portuguese' END)::regconfig"
HEAD_VECTOR_SQL = (
    f"setweight(to_tsvector({CONFIG}, search_title), 'A') || setweight(to_tsvector({CONFIG}, left(search_body, 300)), 'D')"
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS library_translation_search_{code} ON library_translation "
            f"USING gin (search_vector) WHERE language = '{code}'"
        )
    schema_editor.execute("DROP INDEX IF EXISTS library_translation_search")
    schema_editor.execute("ALTER TABLE library_translation ADD COLUMN IF NOT EXISTS search_head tsvector")
    schema_editor.execute("ALTER TABLE library_translation ALTER COLUMN search_head SET STORAGE MAIN")
    schema_editor.execute(f"UPDATE library_translation SET search_head = {HEAD_VECTOR_SQL}")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE library_translation DROP COLUMN IF EXISTS search_head")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_translation_search ON library_translation USING gin (search_vector)"
    )
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS library_translation_search_{code}")


class Migration(migrations.Migration):
    dependencies = [("library", "0004_narrow_translation_rows")]
    operations = [migrations.RunPython(forwards, backwards)]
