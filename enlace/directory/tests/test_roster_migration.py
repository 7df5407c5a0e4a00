"""Migration 0015: each expert's single from/until range becomes her first window; names are folded."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enlace.directory.models import AvailabilityWindow, Expert, Person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
BEFORE = [("directory", "0014_expert_roster_removal")]
AFTER = [("directory", "0015_expert_availability_windows")]


def test_single_ranges_become_windows_and_names_are_folded() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    institution = old.get_model("directory", "Institution").objects.create(name="Agency", kind="government")
    people = old.get_model("directory", "Person")
    experts = old.get_model("directory", "Expert")
    ranged = experts.objects.create(
        person=people.objects.create(full_name="Zoë Núñez", institution=institution, time_zone="UTC"),
        available_from=date(2027, 1, 1),
        available_until=date(2027, 6, 30),
    )
    open_ended = experts.objects.create(
        person=people.objects.create(full_name="Ana", institution=institution, time_zone="UTC"),
        available_from=date(2027, 3, 1),
    )
    experts.objects.create(person=people.objects.create(full_name="Eva", institution=institution, time_zone="UTC"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    windows = {w.expert_id: w for w in AvailabilityWindow.objects.all()}
    assert set(windows) == {ranged.pk, open_ended.pk}
    assert (windows[ranged.pk].starts_on, windows[ranged.pk].ends_on) == (date(2027, 1, 1), date(2027, 6, 30))
    assert (windows[open_ended.pk].starts_on, windows[open_ended.pk].ends_on) == (date(2027, 3, 1), None)
    assert {w.kind for w in windows.values()} == {"available"}
    assert Person.objects.get(full_name="Zoë Núñez").search_name == "zoe nunez"
    assert Expert.objects.count() == 3
