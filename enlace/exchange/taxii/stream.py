"""The objects of a collection as one ordered stream, and keyset pages over it.

Every object has a `date_added` and a place in a total order (date_added, rank, row id):
- the five TLP 2.0 marking definitions (rank 0), added at a fixed date before any alert;
- one `report` per published alert (rank 1), added when the alert was published;
- one `indicator` or `vulnerability` per actionable observable (rank 2), added when the alert was
  published or, for an observable added to it later, when it was added;
- one `identity` per originator institution (rank 3, row: the institution's id), added when the first alert of
  that institution that the caller may read in this collection was published: every report and observable of
  its alerts names it in `created_by_ref`, so it is in a collection exactly when something there refers to it.
A page ends at an object; `next` is that object's key, signed. The next page starts strictly after that key,
so a walk neither repeats nor drops objects however many share a timestamp, and objects published while a
client walks appear after everything it has seen. Nothing is held between requests: any web worker answers
any page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import F, Min, Q, QuerySet
from django.db.models.functions import Greatest

from enlace.directory.models import Institution
from enlace.exchange import stix
from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import Alert, AlertIndicator, Tlp
from enlace.exchange.tlp import tlp2_marking_definition

MARKINGS_ADDED = dt.datetime(2022, 10, 1, tzinfo=dt.UTC)  # the TLP 2.0 definitions' own date
MARKINGS = list(Tlp)
MAX_PAGE = 1000
SALT = "enlace.taxii.next"


@dataclass(frozen=True, order=True)
class Key:
    """An object's place in the stream."""

    added: dt.datetime
    rank: int
    row: int

    def sign(self, collection: str) -> str:
        """The opaque `next` value (tied to the collection, so it cannot be replayed elsewhere)."""
        return signing.dumps([collection, self.added.isoformat(), self.rank, self.row], salt=SALT, compress=True)

    @classmethod
    def unsign(cls, value: str, collection: str) -> Key:
        """The key a `next` value names; ValueError when it was not made by us for this collection."""
        try:
            name, added, rank, row = signing.loads(value, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise ValueError(value) from exc
        if name != collection:
            raise ValueError(value)
        return cls(dt.datetime.fromisoformat(added), int(rank), int(row))


@dataclass
class Query:
    """The filters of a request."""

    after: Key | None = None  # from `next`
    added_after: dt.datetime | None = None
    types: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    versions: set[str] = field(default_factory=set)  # explicit timestamps; first/last/all keep everything
    spec_versions: set[str] = field(default_factory=set)
    limit: int = MAX_PAGE


@dataclass
class Page:
    """One page: (key, object) pairs in order, and whether more follow."""

    items: list[tuple[Key, dict[str, Any]]]
    more: bool
    last: Key | None = None  # the last object scanned (the next page starts after it, even if it was filtered out)


def _after(q_added: str, rank: int, key: Key | None, added_after: dt.datetime | None, row: str = "pk") -> Q:
    """Rows of a stream of `rank` strictly after `key` and after `added_after`."""
    condition = Q()
    if added_after is not None:
        condition &= Q(**{f"{q_added}__gt": added_after})
    if key is not None:
        if rank > key.rank:
            condition &= Q(**{f"{q_added}__gte": key.added})
        elif rank == key.rank:
            condition &= Q(**{f"{q_added}__gt": key.added}) | Q(**{q_added: key.added, f"{row}__gt": key.row})
        else:
            condition &= Q(**{f"{q_added}__gt": key.added})
    return condition


def _wants(query: Query, stix_type: str) -> bool:
    return not query.types or stix_type in query.types


def _markings(query: Query) -> list[tuple[Key, dict[str, Any]]]:
    if not _wants(query, "marking-definition"):
        return []
    found = []
    for index, level in enumerate(MARKINGS):
        key = Key(MARKINGS_ADDED, 0, index)
        fresh = query.added_after is None or query.added_after < MARKINGS_ADDED
        if fresh and (query.after is None or key > query.after):
            found.append((key, tlp2_marking_definition(level)))
    return found


def _reports(alerts: QuerySet[Alert], query: Query, limit: int) -> list[tuple[Key, Any]]:
    """(key, alert) of the next reports; their objects are built only for the rows a page keeps."""
    if not _wants(query, "report"):
        return []
    rows = alerts.filter(_after("published_at", 1, query.after, query.added_after)).order_by("published_at", "pk")
    return [(Key(alert.published_at, 1, alert.pk), alert) for alert in rows[:limit]]  # type: ignore[arg-type]


def _observables(
    alerts: QuerySet[Alert], query: Query, limit: int, only: set[int] | None = None
) -> list[tuple[Key, Any]]:
    """(key, link) of the next observables."""
    kinds = {"indicator", "vulnerability"} if not query.types else query.types & {"indicator", "vulnerability"}
    if not kinds:
        return []
    links = AlertIndicator.objects.filter(alert__in=alerts.values("pk"), actionable=True)
    if only is not None:
        links = links.filter(pk__in=only)
    if kinds == {"vulnerability"}:
        links = links.filter(indicator__type=IndicatorType.CVE)
    elif kinds == {"indicator"}:
        links = links.exclude(indicator__type=IndicatorType.CVE)
    links = links.annotate(added=Greatest(F("added_at"), F("alert__published_at")))
    rows = (
        links.filter(_after("added", 2, query.after, query.added_after))
        .order_by("added", "pk")
        .values_list("pk", "added", "alert_id", "indicator__type", "indicator__value", "comment")[:limit]
    )
    # Plain rows, not model instances: a page's thousand links share a few alerts, fetched once in `_build`.
    return [(Key(added, 2, pk), (alert_id, kind, value, comment)) for pk, added, alert_id, kind, value, comment in rows]


def _identities(
    alerts: QuerySet[Alert], query: Query, limit: int, only: set[int] | None = None
) -> list[tuple[Key, Any]]:
    """(key, institution id) of the next originator identities, each dated by its first readable report."""
    if not _wants(query, "identity"):
        return []
    rows = Alert.objects.filter(pk__in=alerts.values("pk")).order_by().values("originator_id")
    if only is not None:
        rows = rows.filter(originator_id__in=only)
    rows = (
        rows.annotate(added=Min("published_at"))
        .filter(_after("added", 3, query.after, query.added_after, row="originator_id"))
        .order_by("added", "originator_id")
    )
    return [(Key(row["added"], 3, row["originator_id"]), row["originator_id"]) for row in rows[:limit]]


def _build(items: list[tuple[Key, Any]]) -> list[tuple[Key, dict[str, Any]]]:
    """The STIX objects of the rows a page keeps (reports get their observables' ids in one query)."""
    report_alerts = [row for key, row in items if key.rank == 1]
    refs: dict[int, list[str]] = {alert.pk: [] for alert in report_alerts}
    known: dict[tuple[int, str, str], str] = {}  # observable ids derived once a page (uuid5 is the cost)
    if refs:
        rows = AlertIndicator.objects.filter(alert_id__in=refs, actionable=True).order_by("pk")
        for alert_id, uuid, kind, value in rows.values_list(
            "alert_id", "alert__uuid", "indicator__type", "indicator__value"
        ):
            if (oid := stix.observable_id(uuid, kind, value)) is not None:
                refs[alert_id].append(oid)
                known[(alert_id, kind, value)] = oid
    wanted = [row for key, row in items if key.rank == 3]
    institutions = Institution.objects.only("pk", "name").in_bulk(wanted) if wanted else {}
    alerts = {alert.pk: alert for alert in report_alerts}
    missing = {row[0] for key, row in items if key.rank == 2} - alerts.keys()
    if missing:  # an observable does not carry its alert's text
        alerts.update(Alert.objects.filter(pk__in=missing).defer("body").in_bulk())
    commons: dict[int, dict[str, Any]] = {}
    built = []
    for key, row in items:
        if key.rank == 0:
            built.append((key, row))
        elif key.rank == 1:
            built.append((key, stix.report_object(row, refs[row.pk])))
        elif key.rank == 3:
            built.append((key, stix.identity_object(institutions[row])))
        else:
            alert_id, kind, value, comment = row
            alert = alerts[alert_id]
            if alert_id not in commons:
                commons[alert_id] = stix.common_properties(alert)
            oid = known.get((alert_id, kind, value))
            if (made := stix.observable_object(alert, kind, value, comment, commons[alert_id], oid)) is not None:
                built.append((key, made))
    return built


def _by_ids(alerts: QuerySet[Alert], ids: set[str]) -> tuple[set[int], set[int], set[int], set[int]]:
    """Which markings, alerts, observables and originators carry the STIX ids asked for (ids are derived, so
    derive them)."""
    markings = {i for i, level in enumerate(MARKINGS) if tlp2_marking_definition(level)["id"] in ids}
    reports = {pk for pk, uuid in alerts.values_list("pk", "uuid") if stix.stix_id("report", uuid) in ids}
    links = set()
    rows = AlertIndicator.objects.filter(alert__in=alerts.values("pk"), actionable=True).values_list(
        "pk", "alert__uuid", "indicator__type", "indicator__value"
    )
    for pk, uuid, kind, value in rows:
        if stix.observable_id(uuid, kind, value) in ids:
            links.add(pk)
    originators = set(alerts.order_by().values_list("originator_id", flat=True).distinct())
    return markings, reports, links, {pk for pk in originators if stix.identity_id(pk) in ids}


def page(alerts: QuerySet[Alert], query: Query) -> Page:
    """The next page of the stream of `alerts` under `query`."""
    limit = max(1, min(query.limit, MAX_PAGE))
    if query.spec_versions and "2.1" not in query.spec_versions:
        return Page([], False)
    markings = _markings(query)
    report_alerts = alerts
    if query.ids:
        marking_rows, report_rows, link_rows, originator_rows = _by_ids(alerts, query.ids)
        markings = [(key, obj) for key, obj in markings if key.row in marking_rows]
        report_alerts = alerts.filter(pk__in=report_rows)
        observables = _observables(alerts, query, limit + 1, only=link_rows)
        identities = _identities(alerts, query, limit + 1, only=originator_rows)
    else:
        observables = _observables(alerts, query, limit + 1)
        identities = _identities(alerts, query, limit + 1)
    if len(observables) > limit:
        # The page cannot reach past the last observable fetched: a report published later is not needed now.
        report_alerts = report_alerts.filter(published_at__lte=observables[-1][0].added)
    reports = _reports(report_alerts, query, limit + 1)
    merged = sorted([*markings, *reports, *observables, *identities], key=lambda item: item[0])
    scanned = merged[:limit]
    kept = _build(scanned)
    if query.versions:
        kept = [(key, obj) for key, obj in kept if obj.get("modified", obj.get("created")) in query.versions]
    return Page(kept, len(merged) > limit, scanned[-1][0] if scanned else None)


def timestamp(moment: dt.datetime) -> str:
    """A TAXII timestamp with microseconds, so that `added_after` can name any object exactly."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(value: str) -> dt.datetime:
    """An RFC 3339 timestamp; ValueError otherwise."""
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(value)
    return moment
