"""Find events by state, year, type and text; lessons by text, stage, program, event and state."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.ipo.models import EventKind, Lesson, MajorEvent, Stage


class MajorEventFilter(django_filters.FilterSet):
    """Filters shared by the event pages and the API."""

    q = django_filters.CharFilter(label=_("Text"), method="search")
    state = django_filters.CharFilter(
        label=_("Host state (ISO code)"), field_name="host_state__iso2", lookup_expr="iexact"
    )
    year = django_filters.NumberFilter(label=_("Year"), method="in_year", min_value=1900, max_value=2200)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=EventKind.choices)

    class Meta:
        model = MajorEvent
        fields = ["q", "state", "year", "kind"]

    def search(self, queryset: QuerySet[MajorEvent], name: str, value: str) -> QuerySet[MajorEvent]:
        """Words in a name, the cities or the description."""
        text = Q(cities__icontains=value) | Q(description__icontains=value)
        for lang in ("en", "es", "fr", "pt"):
            text |= Q(**{f"name_{lang}__icontains": value})
        return queryset.filter(text)

    def in_year(self, queryset: QuerySet[MajorEvent], name: str, value: int) -> QuerySet[MajorEvent]:
        """Events under way at some point of the year."""
        return queryset.filter(starts_on__year__lte=value, ends_on__year__gte=value)


class LessonFilter(django_filters.FilterSet):
    """Filters shared by the lesson pages and the API."""

    q = django_filters.CharFilter(label=_("Text"), method="search")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    program = django_filters.CharFilter(label=_("Program (code)"), field_name="program__code")
    event = django_filters.NumberFilter(label=_("Event (number)"), field_name="event_id")
    state = django_filters.CharFilter(
        label=_("Member state (ISO code)"), field_name="state__iso2", lookup_expr="iexact"
    )

    class Meta:
        model = Lesson
        fields = ["q", "stage", "program", "event", "state"]

    def search(self, queryset: QuerySet[Lesson], name: str, value: str) -> QuerySet[Lesson]:
        """Words in the title, observation, analysis, recommendation or activity."""
        fields = ("title", "observation", "analysis", "recommendation", "activity", "action_description")
        text = Q()
        for field in fields:
            text |= Q(**{f"{field}__icontains": value})
        return queryset.filter(text)
