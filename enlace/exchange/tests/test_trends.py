"""Regional trends: the counts by month, type, sector, state, marking and indicator type; the period and
facet filters; the CSV (audited); refusals; and that a reader's counts hold only the alerts she may read."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.models import Alert, AlertStatus
from enlace.exchange.testing import World, build_world, publish
from enlace.exchange.tests.test_scope_matrix import _api
from enlace.geo.models import MemberState

pytestmark = pytest.mark.django_db


def _at(alert: Alert, year: int, month: int, day: int = 15) -> Alert:
    when = dt.datetime(year, month, day, 12, tzinfo=dt.UTC)
    Alert.objects.filter(pk=alert.pk).update(published_at=when)
    return alert


@pytest.fixture
def seeded() -> World:
    """Five alerts over three months of 2026 (one withdrawn, one a draft), with indicators shared between two."""
    world = build_world()
    ar, br = MemberState.objects.get(iso2="AR"), MemberState.objects.get(iso2="BR")
    first = _at(publish(world, "green", "all", kind="advisory", sectors=["energy", "health"]), 2026, 1)
    first.affected_states.set([ar, br])
    second = _at(publish(world, "amber", "network", kind="alert", sectors=["energy"]), 2026, 1, 31)
    second.affected_states.set([ar])
    third = _at(publish(world, "clear", "all", kind="alert", severity="high"), 2026, 3)
    withdrawn = _at(publish(world, "green", "all", kind="bulletin", sectors=["water"]), 2026, 2)
    Alert.objects.filter(pk=withdrawn.pk).update(status=AlertStatus.WITHDRAWN)
    _at(publish(world, "green", "all", kind="bulletin"), 2025, 12)  # before the period
    from enlace.exchange import actions

    actions.create_alert(actor=world.author, publish=False, title="draft", body="b", tlp="green", all_members=True)
    add_indicators(actor=world.author, alert=first, items=[NewIndicator("203.0.113.7"), NewIndicator("evil.example")])
    add_indicators(actor=world.author, alert=second, items=[NewIndicator("203.0.113.7")])
    add_indicators(actor=world.author, alert=third, items=[NewIndicator("CVE-2024-3400")])
    add_indicators(actor=world.author, alert=withdrawn, items=[NewIndicator("198.51.100.1")])
    return world


PERIOD = {"start": "2026-01", "end": "2026-03"}


def _rows(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {row["code"]: row["count"] for row in rows}


def test_counts_by_month_type_sector_state_marking_and_indicator_type(seeded: World) -> None:
    data = _api(seeded.officer).get("/api/v1/alerts/trends/", PERIOD).json()
    assert (data["start"], data["end"]) == ("2026-01-01", "2026-04-01")
    assert (data["alerts"], data["indicators"]) == (3, 3)  # 203.0.113.7 counted once
    assert [(m["start"], m["alerts"], m["indicators"]) for m in data["months"]] == [
        ("2026-01-01", 2, 2),
        ("2026-02-01", 0, 0),  # the withdrawn alert is not counted
        ("2026-03-01", 1, 1),
    ]
    assert _rows(data["kinds"]) == {"advisory": 1, "alert": 2}
    assert _rows(data["sectors"]) == {"energy": 2, "health": 1}
    assert _rows(data["states"]) == {"AR": 2, "BR": 1}
    assert _rows(data["tlp"]) == {"green": 1, "amber": 1, "clear": 1}
    assert _rows(data["severities"]) == {"medium": 2, "high": 1}
    assert _rows(data["indicator_types"]) == {"ipv4": 1, "domain": 1, "cve": 1}
    assert data["sectors"][0] == {"code": "energy", "label": "Energy", "count": 2}  # most first


def test_facets_narrow_the_counts(seeded: World) -> None:
    api = _api(seeded.officer)
    assert api.get("/api/v1/alerts/trends/", {**PERIOD, "network": "csirtamericas"}).json()["alerts"] == 1
    assert api.get("/api/v1/alerts/trends/", {**PERIOD, "sector": "energy"}).json()["alerts"] == 2
    assert api.get("/api/v1/alerts/trends/", {**PERIOD, "state": "br"}).json()["alerts"] == 1
    assert api.get("/api/v1/alerts/trends/", {**PERIOD, "tlp": "clear"}).json()["indicators"] == 1


def test_a_reader_counts_only_what_she_may_read(seeded: World) -> None:
    # The AMBER alert went to the CSIRTAmericas network: Uruguay's focal point is not in it.
    outsider = _api(seeded.other_state).get("/api/v1/alerts/trends/", PERIOD).json()
    assert (outsider["alerts"], outsider["indicators"]) == (2, 3)
    assert _rows(outsider["tlp"]) == {"green": 1, "clear": 1}
    assert _rows(outsider["states"]) == {"AR": 1, "BR": 1}
    page = sign_in(Client(), seeded.other_state).get("/alerts/trends/", PERIOD)
    assert page.context["result"].alerts == 2


def test_the_page_draws_each_breakdown_with_its_table(seeded: World) -> None:
    page = sign_in(Client(), seeded.officer).get("/alerts/trends/", PERIOD)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg class="chart') == 7  # months + six breakdowns
    assert "<title>2026-01: 2</title>" in html  # the January alerts column
    assert ">Energy</text>" in html
    assert ">Finance and banking</text>" not in html  # no empty bars
    assert 'style="' not in html.split("<main", 1)[1]  # the CSP forbids inline styles


def test_the_csv_holds_the_same_counts_and_is_audited(seeded: World) -> None:
    response = sign_in(Client(), seeded.officer).get("/alerts/trends.csv", PERIOD)
    assert response["Content-Disposition"] == 'attachment; filename="enlace-trends-2026-01-2026-03.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0] == {"breakdown": "total", "code": "", "label": "Whole period", "alerts": "3", "indicators": "3"}
    months = [(r["code"], r["alerts"], r["indicators"]) for r in rows if r["breakdown"] == "month"]
    assert months == [("2026-01", "2", "2"), ("2026-02", "0", "0"), ("2026-03", "1", "1")]
    states = {r["code"]: r["alerts"] for r in rows if r["breakdown"] == "state"}
    assert states == {"AR": "2", "BR": "1"}
    types = {r["code"]: r["indicators"] for r in rows if r["breakdown"] == "indicator_type"}
    assert types == {"ipv4": "1", "domain": "1", "cve": "1"}
    audit = AuditRecord.objects.filter(action="alert.trends.export").get()
    assert audit.actor_id == seeded.officer.pk
    assert audit.changes["alerts"] == 3


def test_the_default_period_is_the_last_twelve_months(seeded: World) -> None:
    data = _api(seeded.officer).get("/api/v1/alerts/trends/").json()
    today = timezone.localdate()
    assert len(data["months"]) == 12
    assert data["months"][-1]["start"] == today.replace(day=1).isoformat()


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"start": "2026-13"}, "Enter a valid date."),
        ({"start": "2026-05", "end": "2026-01"}, "The period must end after it starts."),
        ({"start": "2000-01", "end": "2026-01"}, "Choose a period of at most ten years."),
        ({"tlp": "purple"}, "Select a valid choice."),
    ],
)
def test_a_bad_query_is_refused_with_the_reason(seeded: World, query: dict[str, str], reason: str) -> None:
    api = _api(seeded.officer)
    response = api.get("/api/v1/alerts/trends/", query)
    assert response.status_code == 400
    assert any(reason in message for message in response.json()["detail"])
    page = sign_in(Client(), seeded.officer)
    assert page.get("/alerts/trends/", query).status_code == 400
    csv_response = page.get("/alerts/trends.csv", query)
    assert csv_response.status_code == 400
    assert reason in csv_response.content.decode()
    assert not AuditRecord.objects.filter(action="alert.trends.export").exists()


def test_the_reason_is_in_the_users_language(seeded: World) -> None:
    seeded.officer.preferred_language = "es"
    seeded.officer.save(update_fields=["preferred_language"])
    page = sign_in(Client(), seeded.officer)
    response = page.get("/alerts/trends.csv", {"start": "2026-05", "end": "2026-01"})
    assert response.status_code == 400
    assert "El período debe terminar después de empezar." in response.content.decode()


def test_the_page_queries_do_not_grow_with_the_data(
    seeded: World, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = sign_in(Client(), seeded.recipient)
    client.get("/alerts/trends/", PERIOD)  # warm the session and the choice labels
    with django_assert_num_queries(13):
        client.get("/alerts/trends/", PERIOD)
    for _ in range(3):
        extra = publish(seeded, "green", "all", sectors=["finance"])
        _at(extra, 2026, 2)
        add_indicators(actor=seeded.author, alert=extra, items=[NewIndicator(f"{extra.pk}.example")])
    with django_assert_num_queries(13):
        client.get("/alerts/trends/", PERIOD)


@pytest.mark.parametrize(
    ("top", "ticks"), [(0, [0, 1]), (1, [0, 1]), (3, [0, 5]), (12, [0, 10, 20]), (150, [0, 100, 200])]
)
def test_chart_scales_end_on_a_round_number_with_whole_ticks(top: int, ticks: list[int]) -> None:
    from enlace.common.charts import columns

    chart = columns(["a", "b"], [[top, 0]])
    assert [value for _y, value in chart.ticks] == ticks
    assert chart.bars[0].height == (160 * top / ticks[-1])
