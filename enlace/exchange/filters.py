"""Find alerts by text, marking, type, severity, sector, network, affected state or status."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.exchange.models import Alert, AlertKind, AlertStatus, Sector, Severity, Tlp


class AlertFacetFilter(django_filters.FilterSet):
    """What the alerts are about: marking, type, severity, sector, network, affected state (the trends use these)."""

    tlp = django_filters.ChoiceFilter(label=_("TLP"), choices=Tlp.choices)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=AlertKind.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, method="in_sector")
    network = django_filters.CharFilter(label=_("Network"), method="in_network")
    state = django_filters.CharFilter(label=_("Affected state (ISO code)"), method="affecting")

    class Meta:
        model = Alert
        fields = ["tlp", "kind", "severity", "sector", "network", "state"]

    def in_sector(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        """Alerts that list the sector (a JSON list of codes; the quotes make the match exact)."""
        return queryset.filter(sectors__icontains=f'"{value}"')

    def in_network(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        """Alerts shared with the network (by code)."""
        return queryset.filter(pk__in=Alert.networks.through.objects.filter(network__code=value).values("alert_id"))

    def affecting(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        """Alerts that name the state as affected."""
        through = Alert.affected_states.through.objects.filter(memberstate__iso2__iexact=value)
        return queryset.filter(pk__in=through.values("alert_id"))


class AlertFilter(AlertFacetFilter):
    """Filters shared by the alert list page and the API."""

    q = django_filters.CharFilter(label=_("Text"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AlertStatus.choices)

    class Meta:
        model = Alert
        fields = ["q", "tlp", "kind", "severity", "sector", "network", "state", "status"]

    def search(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        """Words in the title or the text."""
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))
