"""The IPO demo loader: past and future events, a proposal, lessons at every stage, and the pages render them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from enlace.accounts import demo as accounts_demo
from enlace.ipo import demo
from enlace.ipo.models import Lesson, MajorEvent, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_registry_has_past_and_future_events_and_lessons_at_every_stage() -> None:
    accounts_demo.load()
    demo.load()
    demo.load()  # a second run adds nothing
    today = timezone.localdate()
    assert MajorEvent.objects.filter(ends_on__lt=today).exists()
    assert MajorEvent.objects.filter(starts_on__gt=today).exists()
    assert MajorEvent.objects.filter(validated=False).count() == 1
    assert set(Lesson.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert MajorEvent.objects.filter(name_es="Copa Mundial de la FIFA 2026").exists()
