"""Filters for the audit trail, shared by the page, the CSV export and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.audit.models import AuditRecord


class AuditRecordFilter(django_filters.FilterSet):
    """Find audit records by actor, action, object and time."""

    actor = django_filters.CharFilter(label=_("Actor e-mail"), field_name="actor_label", lookup_expr="icontains")
    action = django_filters.CharFilter(label=_("Action"), field_name="action", lookup_expr="istartswith")
    object_type = django_filters.CharFilter(label=_("Object type"), field_name="object_type", lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("Object id"), field_name="object_id", lookup_expr="exact")
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditRecord
        fields = ["actor", "action", "object_type", "object_id", "since", "until"]
