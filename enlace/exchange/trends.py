"""Regional trends: counts of the published alerts a user may read, and of their indicators, for a period.

Everything is counted from `Alert.objects.visible_to(user)`, so the figures never reveal an alert the user
could not open (the scope leakage matrix checks it). Withdrawn alerts are left out: they were retracted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.common.choices import choice_label
from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import Alert, AlertIndicator, AlertKind, AlertStatus, Sector, Severity, Tlp
from enlace.geo.models import MemberState

MAX_MONTHS = 120  # ten years: enough for any report, small enough to chart


@dataclass
class Row:
    """One bar: a code, its label in the active language, and the count."""

    code: str
    label: str
    count: int


@dataclass
class Month:
    """One month of the period."""

    start: dt.date
    alerts: int = 0
    indicators: int = 0


@dataclass
class Trends:
    """The counts of one period."""

    start: dt.date
    end: dt.date  # exclusive: the first day after the period
    alerts: int
    indicators: int
    months: list[Month]
    kinds: list[Row] = field(default_factory=list)
    sectors: list[Row] = field(default_factory=list)
    states: list[Row] = field(default_factory=list)
    tlp: list[Row] = field(default_factory=list)
    severities: list[Row] = field(default_factory=list)
    indicator_types: list[Row] = field(default_factory=list)

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        """The breakdowns as (key, heading, rows), in the order the page and the CSV show them."""
        return [
            ("kind", str(_("Alerts by type")), self.kinds),
            ("sector", str(_("Alerts by sector")), self.sectors),
            ("state", str(_("Alerts by affected state")), self.states),
            ("tlp", str(_("Alerts by TLP marking")), self.tlp),
            ("severity", str(_("Alerts by severity")), self.severities),
            ("indicator_type", str(_("Indicators by type")), self.indicator_types),
        ]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this one included."""
    this_month = _month_start(today or timezone.localdate())
    return _add_months(this_month, -11), _add_months(this_month, 1)


class PeriodForm(forms.Form):
    """The period, as a first and a last month (both included)."""

    start = forms.DateField(label=_("From (month)"), input_formats=["%Y-%m"], required=False)
    end = forms.DateField(label=_("To (month)"), input_formats=["%Y-%m"], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default_start, default_end = default_period()
        start = _month_start(data.get("start") or default_start)
        end = _add_months(data["end"], 1) if data.get("end") else default_end
        if end <= start:
            raise forms.ValidationError(_("The period must end after it starts."), code="reversed")
        if (end.year - start.year) * 12 + end.month - start.month > MAX_MONTHS:
            raise forms.ValidationError(_("Choose a period of at most ten years."), code="too_long")
        data["period"] = (start, end)
        return data


def _rows(counts: dict[str, int], labels: dict[str, str]) -> list[Row]:
    rows = [Row(code, labels.get(code, code), n) for code, n in counts.items() if n]
    return sorted(rows, key=lambda row: (-row.count, row.label))


def compute(alerts: QuerySet[Alert], start: dt.date, end: dt.date) -> Trends:
    """Count `alerts` (already restricted to what the user may read) published in [start, end)."""
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end, dt.time.min, tzinfo=zone)
    alerts = alerts.filter(status=AlertStatus.PUBLISHED, published_at__gte=since, published_at__lt=until)
    links = AlertIndicator.objects.filter(alert__in=alerts.values("pk"))

    months: dict[dt.date, Month] = {}
    cursor = start
    while cursor < end:
        months[cursor] = Month(cursor)
        cursor = _add_months(cursor, 1)
    for row in alerts.annotate(month=TruncMonth("published_at")).values("month").annotate(n=Count("pk")):
        months[_local_month(row["month"])].alerts = row["n"]
    per_month = links.annotate(month=TruncMonth("alert__published_at")).values("month")
    for row in per_month.annotate(n=Count("indicator_id", distinct=True)):
        months[_local_month(row["month"])].indicators = row["n"]

    sectors: Counter[str] = Counter()
    tlp: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    total = 0
    for row_sectors, row_tlp, kind, severity in alerts.values_list("sectors", "tlp", "kind", "severity"):
        total += 1
        sectors.update(set(row_sectors or []))
        tlp[row_tlp] += 1
        kinds[kind] += 1
        severities[severity] += 1
    through = Alert.affected_states.through.objects.filter(alert__in=alerts.values("pk"))
    state_counts = {r["memberstate_id"]: r["n"] for r in through.values("memberstate_id").annotate(n=Count("alert_id"))}
    states = MemberState.objects.filter(pk__in=state_counts)
    by_type = links.values("indicator__type").annotate(n=Count("indicator_id", distinct=True))
    type_counts = {r["indicator__type"]: r["n"] for r in by_type}
    return Trends(
        start=start,
        end=end,
        alerts=total,
        indicators=links.values("indicator_id").distinct().count(),
        months=list(months.values()),
        kinds=_rows(dict(kinds), {c: choice_label(AlertKind, c) for c in kinds}),
        sectors=_rows(dict(sectors), {c: choice_label(Sector, c) for c in sectors}),
        states=sorted((Row(s.iso2, s.name, state_counts[s.pk]) for s in states), key=lambda r: (-r.count, r.label)),
        tlp=_rows(dict(tlp), {c: choice_label(Tlp, c) for c in tlp}),
        severities=_rows(dict(severities), {c: choice_label(Severity, c) for c in severities}),
        indicator_types=_rows(type_counts, {c: choice_label(IndicatorType, c) for c in type_counts}),
    )


def _local_month(value: dt.datetime | dt.date) -> dt.date:
    """TruncMonth gives an aware datetime (in the current zone) on PostgreSQL and SQLite alike."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return _month_start(day)
