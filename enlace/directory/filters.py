"""Filters of the directory, shared by pages and API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.directory.models import Designation, DesignationRole, DesignationStatus


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
        """Match the person's or the institution's name."""
        return queryset.filter(Q(person__full_name__icontains=value) | Q(institution__name__icontains=value))
