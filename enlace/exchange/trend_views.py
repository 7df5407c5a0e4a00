"""The regional trends page and its CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from enlace.audit.actions import record
from enlace.common import charts
from enlace.exchange import trends
from enlace.exchange.filters import AlertFacetFilter
from enlace.exchange.models import Alert


def trends_for(query: QueryDict, user: Any) -> tuple[trends.Trends | None, trends.PeriodForm, AlertFacetFilter]:
    """The trends a query asks for, counted over the alerts `user` may read; None when the query is bad."""
    period = trends.PeriodForm(query)
    facets = AlertFacetFilter(query, queryset=Alert.objects.visible_to(user))
    if not (period.is_valid() and facets.is_valid()):
        return None, period, facets
    start, end = period.cleaned_data["period"]
    return trends.compute(facets.qs, start, end), period, facets


def query_errors(period: trends.PeriodForm, facets: AlertFacetFilter) -> list[str]:
    """The reasons a trends query was refused, in the user's language."""
    return [str(e) for form in (period, facets.form) for errors in form.errors.values() for e in errors]


def _month_label(day: Any) -> str:
    return day.strftime("%Y-%m")


def trends_page(request: HttpRequest) -> HttpResponse:
    """Counts by month, type, sector, affected state, marking, severity and indicator type, with charts."""
    result, period, facets = trends_for(request.GET, request.user)
    context: dict[str, Any] = {"period": period, "filterset": facets, "result": result}
    if result is not None:
        months = [_month_label(m.start) for m in result.months]
        context["month_chart"] = charts.columns(
            months, [[m.alerts for m in result.months], [m.indicators for m in result.months]]
        )
        context["tables"] = [
            (key, heading, rows, charts.bars([(r.label, r.count) for r in rows]))
            for key, heading, rows in result.tables()
        ]
        context["query"] = request.GET.urlencode()
    return render(request, "exchange/trends.html", context, status=200 if result is not None else 400)


def trends_csv(request: HttpRequest) -> HttpResponse:
    """The same counts as CSV, one row per (breakdown, value); the download is audited."""
    result, period, facets = trends_for(request.GET, request.user)
    if result is None:
        reasons = "\n".join(query_errors(period, facets))
        return HttpResponse(reasons, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"enlace-trends-{_month_label(result.start)}-{_month_label(result.months[-1].start)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["breakdown", "code", "label", "alerts", "indicators"])
    writer.writerow(["total", "", _("Whole period"), result.alerts, result.indicators])
    for month in result.months:
        writer.writerow(["month", _month_label(month.start), _month_label(month.start), month.alerts, month.indicators])
    for key, _heading, rows in result.tables():
        for row in rows:
            alerts, indicators = (row.count, "") if key != "indicator_type" else ("", row.count)
            writer.writerow([key, row.code, row.label, alerts, indicators])
    record(
        "alert.trends.export",
        actor=request.user,
        object_type="exchange.trends",
        changes={"query": request.GET.dict(), "alerts": result.alerts},
    )
    return response
