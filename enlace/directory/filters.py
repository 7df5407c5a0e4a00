"""Filters of the directory, shared by pages and API."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.directory.availability import available_between
from enlace.directory.models import (
    Designation,
    DesignationRole,
    DesignationStatus,
    Expert,
    ExpertStatus,
    Institution,
    Person,
    Skill,
    fold,
)


class DesignationFilter(django_filters.FilterSet):
    """Find designations by network, state, role, status or name."""

    network = django_filters.CharFilter(label=_("Network"), field_name="network__code")
    state = django_filters.CharFilter(
        label=_("Member state (ISO code)"), field_name="state__iso2", lookup_expr="iexact"
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=DesignationRole.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DesignationStatus.choices)
    q = django_filters.CharFilter(label=_("Name"), method="search")

    class Meta:
        model = Designation
        fields = ["network", "state", "role", "status", "q"]

    def search(self, queryset: QuerySet[Designation], name: str, value: str) -> QuerySet[Designation]:
        """Match the person's or the institution's name.

        The matching ids are fetched first, one query each: alone, each name match can use its trigram
        index on PostgreSQL (migration 0013), and the designations are then found through their own
        person/institution indexes. As subqueries inside the page's count and its rows, the planner
        scanned every person twice per page. A very broad term keeps the subquery (no huge id lists).
        """
        people = _ids_or_subquery(Person.objects.filter(full_name__icontains=value))
        offices = _ids_or_subquery(Institution.objects.filter(name__icontains=value))
        return queryset.filter(Q(person_id__in=people) | Q(institution_id__in=offices))


SEARCH_ID_LIMIT = 2000


def _ids_or_subquery(matches: QuerySet[Any]) -> Any:
    """The matching primary keys as a list, or the subquery itself when there are more than the limit."""
    ids = list(matches.values_list("pk", flat=True)[: SEARCH_ID_LIMIT + 1])
    return ids if len(ids) <= SEARCH_ID_LIMIT else matches.values("pk")


class ExpertFilter(django_filters.FilterSet):
    """Search the roster by name, skill, language, availability (a day, or a period) and valid certification.

    Removed experts are left out unless `status=removed` asks for them (the Secretariat, to reinstate one).
    """

    q = django_filters.CharFilter(label=_("Name"), method="named")
    skill = django_filters.ModelChoiceFilter(label=_("Skill"), field_name="skills", queryset=Skill.objects.all())
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=[("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese"))],
        method="speaks",
    )
    available_on = django_filters.DateFilter(
        label=_("Available on"), method="available", widget=forms.DateInput(attrs={"type": "date"})
    )
    available_from = django_filters.DateFilter(
        label=_("Available between"), method="between", widget=forms.DateInput(attrs={"type": "date"})
    )
    available_to = django_filters.DateFilter(
        label=_("and"), method="between", widget=forms.DateInput(attrs={"type": "date"})
    )
    certified = django_filters.BooleanFilter(label=_("Holds a valid certification"), method="valid_certification")
    status = django_filters.ChoiceFilter(label=_("Roster status"), choices=ExpertStatus.choices)

    class Meta:
        model = Expert
        fields = ["q", "skill", "language", "available_on", "available_from", "available_to", "certified", "status"]

    def filter_queryset(self, queryset: QuerySet[Expert]) -> QuerySet[Expert]:
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=ExpertStatus.ACTIVE)
        return super().filter_queryset(queryset)

    def named(self, queryset: QuerySet[Expert], name: str, value: str) -> QuerySet[Expert]:
        """Experts whose name contains `value`, ignoring case and accents."""
        return queryset.filter(person__search_name__contains=fold(value.strip()))

    def speaks(self, queryset: QuerySet[Expert], name: str, value: str) -> QuerySet[Expert]:
        """Experts who speak `value` (the list is stored as JSON text on every database)."""
        return queryset.filter(person__languages__icontains=f'"{value}"')

    def available(self, queryset: QuerySet[Expert], name: str, value: date) -> QuerySet[Expert]:
        """Experts available (fully or partially) on the day."""
        return available_between(queryset, value, value)

    def between(self, queryset: QuerySet[Expert], name: str, value: date) -> QuerySet[Expert]:
        """Experts available (fully or partially) on at least one day of the period; filtered once for both ends."""
        if name == "available_to" and self.form.cleaned_data.get("available_from"):
            return queryset  # the `available_from` call already used both ends
        return available_between(
            queryset, self.form.cleaned_data.get("available_from"), self.form.cleaned_data.get("available_to")
        )

    def valid_certification(self, queryset: QuerySet[Expert], name: str, value: bool) -> QuerySet[Expert]:
        """Experts with (or without) a certification that has not expired."""
        today = timezone.localdate()
        valid = Q(certifications__expires_on__isnull=True) | Q(certifications__expires_on__gte=today)
        holders = Expert.objects.filter(Q(certifications__isnull=False) & valid).values("pk")
        return queryset.filter(pk__in=holders) if value else queryset.exclude(pk__in=holders)
