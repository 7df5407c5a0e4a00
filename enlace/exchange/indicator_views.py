"""Indicator pages: search across the alerts one may read, add indicators to an alert, report sightings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import User, signed_in_user
from enlace.common.generic import PolicyListView
from enlace.exchange import indicator_actions
from enlace.exchange.forms import IndicatorSearchForm, IndicatorsForm
from enlace.exchange.indicators import refang
from enlace.exchange.models import Alert, AlertIndicator, SightingKind


def indicator_rows(alert: Alert, user: User) -> list[AlertIndicator]:
    """The alert's indicators, each with how many other readable alerts carry it and its sighting counts."""
    links: list[AlertIndicator] = list(
        AlertIndicator.objects.visible_to(user)
        .filter(alert=alert)
        .select_related("indicator")
        .annotate(
            seen=Count("sightings", filter=Q(sightings__kind=SightingKind.SEEN)),
            false_positive=Count("sightings", filter=Q(sightings__kind=SightingKind.FALSE_POSITIVE)),
            expired=Count("sightings", filter=Q(sightings__kind=SightingKind.EXPIRED)),
        )
    )
    others = (
        AlertIndicator.objects.filter(indicator__in=[link.indicator_id for link in links])
        .filter(alert__in=Alert.objects.visible_to(user))
        .exclude(alert=alert)
        .values("indicator")
        .annotate(n=Count("alert", distinct=True))
    )
    counts = {row["indicator"]: row["n"] for row in others}
    for link in links:
        link.correlated = counts.get(link.indicator_id, 0)  # type: ignore[attr-defined]
    return links


class IndicatorSearchView(PolicyListView):
    """Find an indicator in every alert the user may read (the count of alerts never includes others)."""

    model = AlertIndicator
    template_name = "exchange/indicator_list.html"

    def get_queryset(self) -> Any:
        queryset = super().get_queryset().select_related("indicator", "alert").order_by("-alert__published_at")
        self.form = IndicatorSearchForm(self.request.GET)
        if not self.form.is_valid():
            return queryset.none()
        value, kind = self.form.cleaned_data.get("q"), self.form.cleaned_data.get("type")
        if value:
            queryset = queryset.filter(indicator__value__icontains=refang(value).lower())
        if kind:
            queryset = queryset.filter(indicator__type=kind)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context


@require_POST
def indicators_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add indicators to an alert (author or Secretariat): one per line, every line valid or none saved."""
    alert = get_object_or_404(Alert.objects.restrict(request.user, "change"), pk=pk)
    form = IndicatorsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Paste one indicator per line."))
        return redirect("exchange:alert_detail", pk=pk)
    items = indicator_actions.parse_lines(form.cleaned_data["lines"], form.cleaned_data.get("type") or None)
    items = [
        indicator_actions.NewIndicator(i.value, i.type, form.cleaned_data["actionable"], form.cleaned_data["comment"])
        for i in items
    ]
    try:
        added = indicator_actions.add_indicators(actor=signed_in_user(request), alert=alert, items=items)
    except ValidationError as exc:
        for message in exc.message_dict.get("indicators", exc.messages):
            messages.error(request, message)
        messages.error(request, _("Nothing was saved: correct the lines above and send them again."))
    else:
        messages.success(request, _("%(n)d indicators added.") % {"n": len(added)})
    return redirect("exchange:alert_detail", pk=pk)


@require_POST
def sighting_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Report an indicator of an alert seen, a false positive, or expired."""
    answerable = Alert.objects.restrict(request.user, "acknowledge")
    link = get_object_or_404(AlertIndicator.objects.filter(alert__in=answerable).select_related("alert"), pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in SightingKind.values:
        messages.error(request, _("Choose seen, false positive or expired."))
    else:
        indicator_actions.add_sighting(actor=signed_in_user(request), link=link, kind=kind)
        messages.success(request, _("Your sighting is recorded."))
    return redirect("exchange:alert_detail", pk=link.alert_id)
