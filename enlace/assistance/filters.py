"""Find assistance requests and missions (one filter per model, for the pages and the API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from enlace.assistance.models import AssistanceRequest, Mission, MissionKind, RequestStatus


class RequestFilter(django_filters.FilterSet):
    """Requests by status, state (ISO code) and program (code)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    state = django_filters.CharFilter(label=_("State (ISO code)"), field_name="state__iso2", lookup_expr="iexact")
    program = django_filters.CharFilter(label=_("Program (code)"), field_name="program__code")

    class Meta:
        model = AssistanceRequest
        fields = ["status", "state", "program"]


class MissionFilter(django_filters.FilterSet):
    """Missions by type, state (ISO code) and program (code)."""

    kind = django_filters.ChoiceFilter(label=_("Type"), choices=MissionKind.choices)
    state = django_filters.CharFilter(label=_("State (ISO code)"), field_name="state__iso2", lookup_expr="iexact")
    program = django_filters.CharFilter(label=_("Program (code)"), field_name="program__code")

    class Meta:
        model = Mission
        fields = ["kind", "state", "program"]
