"""Triggers that keep each translation's copy of its work's access and facet fields (`Translation.work_*`) true.

The copy lets a search read its matches without joining each with its work (the join and the link tables were
most of a search's time: 20,000 documents of five pages, 5,000 matches). A stale copy would open a document to
the wrong people, so Django never keeps it: the database does, in the statement that changes the source.
- A translation inserted, or updated in its `work_id` or any copied column: its copy is read from its work (so
  what an ORM `save()` writes there from a stale instance is replaced too).
- A work updated in any copied field, or a row added to or removed from its programs or countries: its
  translations are rewritten (`SET work_id = work_id` fires the first trigger on each).
PostgreSQL: a BEFORE trigger sets the new row; SQLite: AFTER triggers update the row (SQLite's triggers do not
fire themselves again: `recursive_triggers` is off, its default, which Django keeps).
The copy: status, access level, owning state, author, document type, the year of the date, and the ids of the
programs and countries covered, comma-separated in id order."""

from django.db import migrations

COPIED = "work_id, work_status, work_access_level, work_owner_state_id, work_author_id, work_document_type, work_year, work_programs, work_countries"
SOURCE = "status, access_level, owner_state_id, created_by_id, document_type, date"
LINKS = (("library_work_programs", "program_id"), ("library_work_countries", "memberstate_id"))

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION library_translation_copy_work() RETURNS trigger AS $$
BEGIN
  SELECT w.status, w.access_level, w.owner_state_id, w.created_by_id, w.document_type,
         EXTRACT(YEAR FROM w.date)::integer,
         coalesce((SELECT string_agg(l.program_id::text, ',' ORDER BY l.program_id)
                   FROM library_work_programs l WHERE l.work_id = w.id), ''),
         coalesce((SELECT string_agg(l.memberstate_id::text, ',' ORDER BY l.memberstate_id)
                   FROM library_work_countries l WHERE l.work_id = w.id), '')
    INTO NEW.work_status, NEW.work_access_level, NEW.work_owner_state_id, NEW.work_author_id,
         NEW.work_document_type, NEW.work_year, NEW.work_programs, NEW.work_countries
    FROM library_work w WHERE w.id = NEW.work_id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER library_translation_copy_work
  BEFORE INSERT OR UPDATE OF {COPIED} ON library_translation
  FOR EACH ROW EXECUTE FUNCTION library_translation_copy_work();

CREATE OR REPLACE FUNCTION library_work_copy_to_translations() RETURNS trigger AS $$
BEGIN
  UPDATE library_translation SET work_id = work_id
   WHERE work_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.work_id ELSE NEW.work_id END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION library_work_copy_on_change() RETURNS trigger AS $$
BEGIN
  UPDATE library_translation SET work_id = work_id WHERE work_id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER library_work_copy_on_change
  AFTER UPDATE OF {SOURCE} ON library_work
  FOR EACH ROW WHEN (({", ".join("OLD." + c for c in SOURCE.split(", "))})
                     IS DISTINCT FROM ({", ".join("NEW." + c for c in SOURCE.split(", "))}))
  EXECUTE FUNCTION library_work_copy_on_change();
""" + "".join(
    f"""
CREATE TRIGGER {table}_copy
  AFTER INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION library_work_copy_to_translations();
"""
    for table, _ in LINKS
)

POSTGRESQL_DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_copy ON {table};\n" for table, _ in LINKS) + """
DROP TRIGGER IF EXISTS library_work_copy_on_change ON library_work;
DROP TRIGGER IF EXISTS library_translation_copy_work ON library_translation;
DROP FUNCTION IF EXISTS library_work_copy_on_change();
DROP FUNCTION IF EXISTS library_work_copy_to_translations();
DROP FUNCTION IF EXISTS library_translation_copy_work();
"""


def _sqlite_copy(row: str) -> str:
    """SQLite: the UPDATE that rewrites the copy of the translation whose id is `row`."""
    links = [
        f"coalesce((SELECT group_concat({column}, ',') FROM "
        f"(SELECT {column} FROM {table} WHERE work_id = w.id ORDER BY {column})), '')"
        for table, column in LINKS
    ]
    return (
        "UPDATE library_translation SET (work_status, work_access_level, work_owner_state_id, work_author_id, "
        "work_document_type, work_year, work_programs, work_countries) = "
        "(SELECT w.status, w.access_level, w.owner_state_id, w.created_by_id, w.document_type, "
        f"CAST(strftime('%Y', w.date) AS INTEGER), {links[0]}, {links[1]} "
        f"FROM library_work w WHERE w.id = library_translation.work_id) WHERE id = {row};"
    )


SQLITE = [
    f"CREATE TRIGGER library_translation_copy_work_insert AFTER INSERT ON library_translation "
    f"BEGIN {_sqlite_copy('NEW.id')} END",
    f"CREATE TRIGGER library_translation_copy_work_update AFTER UPDATE OF {COPIED} ON library_translation "
    f"BEGIN {_sqlite_copy('NEW.id')} END",
    f"CREATE TRIGGER library_work_copy_on_change AFTER UPDATE OF {SOURCE} ON library_work "
    "BEGIN UPDATE library_translation SET work_id = work_id WHERE work_id = NEW.id; END",
] + [
    f"CREATE TRIGGER {table}_copy_{event.lower()} AFTER {event} ON {table} "
    f"BEGIN UPDATE library_translation SET work_id = work_id WHERE work_id = {row}.work_id; END"
    for table, _ in LINKS
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"))
]
SQLITE_TRIGGERS = [
    "library_translation_copy_work_insert",
    "library_translation_copy_work_update",
    "library_work_copy_on_change",
    *(f"{table}_copy_{event}" for table, _ in LINKS for event in ("insert", "delete")),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:  # the copy decides who may open a document: never run without its triggers
        raise NotImplementedError(f"library: no copy triggers for {vendor}")
    # Every existing translation takes its copy now.
    schema_editor.execute("UPDATE library_translation SET work_id = work_id")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("library", "0008_work_copy_on_translations")]
    operations = [migrations.RunPython(create, drop)]
