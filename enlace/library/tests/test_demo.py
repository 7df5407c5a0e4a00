"""The demo library loads through the actions: dozens of works, four languages, every access level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from enlace.library import demo
from enlace.library.models import Translation, Version, Work

pytestmark = pytest.mark.django_db


def test_demo_library_loads_works_at_every_level_in_four_languages(persona: Callable[[str], Any]) -> None:
    admin = persona("admin")
    admin.email = "admin@enlace.demo"
    admin.save(update_fields=["email"])
    demo.load()
    assert Work.objects.count() == 4 * len(demo.TOPICS)
    assert set(Work.objects.values_list("access_level", flat=True)) == set(demo.LEVELS)
    assert set(Translation.objects.values_list("language", flat=True)) == {"en", "es", "fr", "pt"}
    assert Version.objects.filter(number=2).exists()
    assert Work.objects.filter(status="draft").exists()
    assert Work.objects.filter(status="published").count() > 20


def test_demo_links_planning_manuals_to_events_and_lessons_are_searchable() -> None:
    from django.test import Client

    from enlace.accounts import demo as accounts_demo
    from enlace.ipo import demo as ipo_demo
    from enlace.ipo.models import DocumentLink

    accounts_demo.load()
    ipo_demo.load()
    demo.load()
    assert DocumentLink.objects.filter(relation="planning", event__isnull=False).exists()
    assert DocumentLink.objects.filter(relation="reference", lesson__isnull=False).exists()
    page = Client().get("/library/", {"q": "security", "kind": "lesson"}).content.decode()
    assert 'data-result="lesson"' in page  # the demo's public lessons are indexed
