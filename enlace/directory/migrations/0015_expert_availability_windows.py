"""Roster: several availability windows per expert (her single from/until range becomes her first window),
applications by experts (status `applied`), and a folded person name for accent-insensitive search."""

import datetime
import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def copy_single_ranges(apps, schema_editor):
    """Each expert's from/until range, if any, becomes one "available" window (an open start starts today)."""
    Expert = apps.get_model("directory", "Expert")
    Window = apps.get_model("directory", "AvailabilityWindow")
    today = datetime.datetime.now(tz=datetime.UTC).date()
    ranged = Expert.objects.exclude(available_from__isnull=True, available_until__isnull=True)
    Window.objects.bulk_create(
        Window(
            expert_id=expert.pk,
            starts_on=expert.available_from or min(today, expert.available_until),
            ends_on=expert.available_until,
            kind="available",
        )
        for expert in ranged.only("pk", "available_from", "available_until")
    )


def fold_names(apps, schema_editor):
    """Fill the folded name of every person (the model's `fold`, frozen here)."""
    Person = apps.get_model("directory", "Person")
    people = list(Person.objects.only("pk", "full_name"))
    for person in people:
        decomposed = unicodedata.normalize("NFKD", person.full_name)
        person.search_name = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    Person.objects.bulk_update(people, ["search_name"], batch_size=500)


def create_trigram_index(apps, schema_editor):
    """On PostgreSQL, a trigram index serves `search_name__contains` (LIKE '%…%'), as 0013 does for names."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_person_search_name_trgm "
        "ON directory_person USING gin (search_name gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_person_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_expert_roster_removal"),
    ]

    operations = [
        migrations.CreateModel(
            name="AvailabilityWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_on", models.DateField(verbose_name="from")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="to")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("available", "Available"),
                            ("partial", "Partially available"),
                            ("unavailable", "Unavailable"),
                        ],
                        default="available",
                        max_length=16,
                        verbose_name="availability",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
            ],
            options={
                "verbose_name": "availability window",
                "verbose_name_plural": "availability windows",
                "ordering": ["starts_on", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="expert",
            name="expert_available_until_after_from",
        ),
        migrations.AddField(
            model_name="availabilitywindow",
            name="expert",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="windows", to="directory.expert"
            ),
        ),
        migrations.RunPython(copy_single_ranges, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="expert",
            name="available_from",
        ),
        migrations.RemoveField(
            model_name="expert",
            name="available_until",
        ),
        migrations.AddConstraint(
            model_name="availabilitywindow",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"),
                name="availability_window_ends_after_start",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.AlterField(
            model_name="expert",
            name="status",
            field=models.CharField(
                choices=[("applied", "Applied"), ("active", "On the roster"), ("removed", "Removed")],
                default="active",
                max_length=16,
                verbose_name="status",
            ),
        ),
    ]
