"""MISP feed: alerts as MISP events (plain dicts), the feed's `manifest.json` and `hashes.csv`.

A MISP instance adds the feed as a "MISP Feed": it reads `<base>/manifest.json` (event uuid → summary), then
`<base>/<uuid>.json` for each event it does not have or that changed (by `timestamp`), and `<base>/hashes.csv`
(md5 of each attribute value, event uuid) for its feed cache. Only what the caller may read is ever serialised:
the querysets come from the alert policy, and MISP's own distribution is not trusted to protect anything
(MISP replaces an event's distribution by the feed's setting on import; see docs/exchange.md).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import uuid
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import Alert, AlertIndicator, Severity, Tlp
from enlace.exchange.stix import NAMESPACE, export_queryset
from enlace.exchange.tlp import MISP_TAGS

# Enlace indicator type → (MISP attribute type, MISP category). CIDR and addresses become ip-dst.
ATTRIBUTE_TYPES: dict[str, tuple[str, str]] = {
    IndicatorType.IPV4: ("ip-dst", "Network activity"),
    IndicatorType.IPV6: ("ip-dst", "Network activity"),
    IndicatorType.CIDR: ("ip-dst", "Network activity"),
    IndicatorType.DOMAIN: ("domain", "Network activity"),
    IndicatorType.URL: ("url", "Network activity"),
    IndicatorType.EMAIL: ("email-src", "Payload delivery"),
    IndicatorType.MD5: ("md5", "Payload delivery"),
    IndicatorType.SHA1: ("sha1", "Payload delivery"),
    IndicatorType.SHA256: ("sha256", "Payload delivery"),
    IndicatorType.FILENAME: ("filename", "Payload delivery"),
    IndicatorType.CVE: ("vulnerability", "External analysis"),
    IndicatorType.ASN: ("AS", "Network activity"),
}
# MISP threat levels: 1 high, 2 medium, 3 low, 4 undefined.
THREAT_LEVELS = {Severity.CRITICAL: "1", Severity.HIGH: "1", Severity.MEDIUM: "2", Severity.LOW: "3"}
TLP_COLOURS = {
    Tlp.CLEAR: "#ffffff",
    Tlp.GREEN: "#33ff00",
    Tlp.AMBER: "#ffc000",
    Tlp.AMBER_STRICT: "#ffc000",
    Tlp.RED: "#ff2b2b",
}
# What Enlace writes as the event's distribution (advisory only: MISP applies the feed's own setting).
DISTRIBUTION = {Tlp.CLEAR: "3", Tlp.GREEN: "1", Tlp.AMBER: "0", Tlp.AMBER_STRICT: "0", Tlp.RED: "0"}


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "misp|" + "|".join(str(part) for part in parts)))


def _ts(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def attribute_value(kind: str, value: str) -> str:
    """The attribute value as MISP writes it (ASN as a number, a CIDR keeps its prefix length)."""
    if kind == IndicatorType.ASN:
        return value.upper().removeprefix("AS")
    if kind == IndicatorType.CIDR:
        return str(ipaddress.ip_network(value, strict=False))
    return value


def _attribute(alert: Alert, link: AlertIndicator) -> dict[str, Any]:
    indicator = link.indicator
    misp_type, category = ATTRIBUTE_TYPES[indicator.type]
    return {
        "uuid": _uuid("attribute", alert.uuid, indicator.type, indicator.value),
        "type": misp_type,
        "category": category,
        "value": attribute_value(indicator.type, indicator.value),
        "to_ids": bool(link.actionable) and misp_type not in {"vulnerability", "AS"},
        "comment": link.comment,
        "timestamp": _ts(link.added_at),
        "first_seen": _iso(indicator.first_seen),
        "last_seen": _iso(max(indicator.last_seen, indicator.first_seen)),
        "disable_correlation": False,
        "deleted": False,
    }


def _tag(level: Tlp) -> dict[str, Any]:
    return {"name": MISP_TAGS[level], "colour": TLP_COLOURS[level], "local": False, "relationship_type": ""}


def _orgc(alert: Alert) -> dict[str, str]:
    return {"name": alert.originator.name, "uuid": _uuid("institution", alert.originator_id)}


def event(alert: Alert) -> dict[str, Any]:
    """One alert as a MISP event (`{"Event": {...}}`), with its TLP tag and its indicators as attributes."""
    level = Tlp(alert.tlp)
    published = alert.published_at or alert.created_at
    changed = max(alert.updated_at, alert.created_at)
    return {
        "Event": {
            "uuid": str(alert.uuid),
            "info": alert.title,
            "date": published.date().isoformat(),
            "threat_level_id": THREAT_LEVELS.get(Severity(alert.severity), "4"),
            "analysis": "2",
            "distribution": DISTRIBUTION[level],
            "sharing_group_id": "0",
            "published": True,
            "timestamp": _ts(changed),
            "publish_timestamp": _ts(published),
            "extends_uuid": "",
            "protected": None,
            "Orgc": _orgc(alert),
            "Tag": [_tag(level)],
            "Attribute": [_attribute(alert, link) for link in alert.indicator_links.all()],
        }
    }


def manifest_entry(alert: Alert) -> dict[str, Any]:
    """The alert's summary in `manifest.json`: what MISP reads to decide whether to fetch the event."""
    made = event(alert)["Event"]
    keys = ("Orgc", "Tag", "info", "date", "analysis", "threat_level_id", "timestamp")
    return {key: made[key] for key in keys}


def manifest(alerts: list[Alert]) -> dict[str, Any]:
    """`manifest.json`: event uuid → summary."""
    return {str(alert.uuid): manifest_entry(alert) for alert in alerts}


def hashes_csv(alerts: list[Alert]) -> str:
    """`hashes.csv`: one line per attribute, the md5 of its value and the event uuid (MISP's feed cache)."""
    lines = []
    for alert in alerts:
        for link in alert.indicator_links.all():
            value = attribute_value(link.indicator.type, link.indicator.value)
            digest = hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest},{alert.uuid}\n")
    return "".join(lines)


def feed_alerts(readable: QuerySet[Alert], *, network_id: int | None = None) -> QuerySet[Alert]:
    """The feed's alerts among those already restricted to the caller: published (or withdrawn), of a network
    (chosen in the scope, or shared with all members) when one is given; prefetched for serialising."""
    alerts = readable.filter(status="published")
    if network_id is not None:
        through = Alert.networks.through
        alerts = alerts.filter(
            Q(all_members=True) | Q(pk__in=through.objects.filter(network_id=network_id).values("alert_id"))
        )
    return export_queryset(alerts).order_by("pk")


def dumps(data: Any) -> str:
    """Compact JSON text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
