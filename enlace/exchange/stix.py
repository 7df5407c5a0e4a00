"""STIX 2.1 export: alerts as bundles of plain dicts (no stix2 at runtime; the tests validate with the OASIS tools).

Each alert becomes a `report` marked with its TLP 2.0 marking definition, an `identity` for its originator, one
`indicator` per actionable observable (a `vulnerability` for a CVE) and the marking definitions used. Identifiers
are derived (uuid5, stamped v4) from the alert's and the indicator's identities: re-exports yield the same ids.
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.db.models import Prefetch, QuerySet

from enlace.directory.models import Institution
from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import Alert, AlertIndicator, Tlp
from enlace.exchange.tlp import TLP2_IDS, tlp2_marking_definition

# Fixed namespace for Enlace's STIX identifiers (never change it: ids must stay stable across exports).
NAMESPACE = uuid.UUID("5f0b3a52-8f0e-4b8e-9d6c-1c0f6c3e2a11")
MEDIA_TYPE = "application/stix+json;version=2.1"


def stix_id(kind: str, *parts: object) -> str:
    """A deterministic STIX id of type `kind` for the given identity parts."""
    # uuid5's digest, stamped as version 4: STIX 2.1 wants UUIDv4 for SDOs (the strict validator checks the
    # version nibble), Enlace wants the same id at every export.
    derived = uuid.uuid5(NAMESPACE, "|".join(str(part) for part in parts))
    return f"{kind}--{uuid.UUID(bytes=derived.bytes, version=4)}"


def _utc(moment: datetime) -> str:
    """STIX timestamp: UTC, millisecond precision, Z suffix."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def pattern_for(kind: str, value: str) -> str | None:
    """The STIX pattern matching one observable, or None for types that are not patterns (CVE)."""
    if kind == IndicatorType.CIDR:
        network = ipaddress.ip_network(value, strict=False)
        kind = IndicatorType.IPV4 if network.version == 4 else IndicatorType.IPV6
    paths = {
        IndicatorType.IPV4: "ipv4-addr:value",
        IndicatorType.IPV6: "ipv6-addr:value",
        IndicatorType.DOMAIN: "domain-name:value",
        IndicatorType.URL: "url:value",
        IndicatorType.EMAIL: "email-addr:value",
        IndicatorType.MD5: "file:hashes.MD5",
        IndicatorType.SHA1: "file:hashes.'SHA-1'",
        IndicatorType.SHA256: "file:hashes.'SHA-256'",
        IndicatorType.FILENAME: "file:name",
    }
    if kind == IndicatorType.ASN:
        return f"[autonomous-system:number = {int(value.upper().removeprefix('AS'))}]"
    path = paths.get(kind)  # type: ignore[call-overload]
    return f"[{path} = '{_quote(value)}']" if path else None


@cache  # one per institution; uuid5 is most of the cost of a TAXII page
def identity_id(institution_id: int) -> str:
    """The STIX id of an originator institution's `identity` (every object of its alerts is `created_by_ref` it)."""
    return stix_id("identity", "institution", institution_id)


def identity_object(institution: Institution) -> dict[str, Any]:
    """The `identity` of an originator institution."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": identity_id(institution.pk),
        "created": "2020-01-01T00:00:00.000Z",
        "modified": "2020-01-01T00:00:00.000Z",
        "name": institution.name,
        "identity_class": "organization",
    }


def _identity(alert: Alert) -> dict[str, Any]:
    return identity_object(alert.originator)


def _indicator_object(alert: Alert, link: AlertIndicator, common: dict[str, Any]) -> dict[str, Any] | None:
    return observable_object(alert, link.indicator.type, link.indicator.value, link.comment, common)


def observable_object(
    alert: Alert, kind: str, value: str, comment: str, common: dict[str, Any], oid: str | None = None
) -> dict[str, Any] | None:
    """The indicator (or vulnerability) of one observable of an alert; `common` is `common_properties(alert)`,
    `oid` its `observable_id` when the caller has it already."""
    if kind == IndicatorType.CVE:
        return {
            **common,
            "type": "vulnerability",
            "id": oid or stix_id("vulnerability", alert.uuid, value),
            "name": value,
            "description": comment or alert.title,
            "external_references": [{"source_name": "cve", "external_id": value}],
        }
    pattern = pattern_for(kind, value)
    if pattern is None:
        return None
    made = {
        **common,
        "type": "indicator",
        "id": oid or stix_id("indicator", alert.uuid, kind, value),
        "name": f"{kind}: {value}"[:250],
        "pattern": pattern,
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": _utc(alert.valid_from),
        "indicator_types": ["malicious-activity"],
    }
    if alert.expires_at and alert.expires_at > alert.valid_from:
        made["valid_until"] = _utc(alert.expires_at)
    made["description"] = comment or alert.title
    return made


def common_properties(alert: Alert) -> dict[str, Any]:
    """The properties every object of an alert shares: version, dates, originator, marking."""
    return {
        "spec_version": "2.1",
        "created": _utc(alert.created_at),
        "modified": _utc(max(alert.updated_at, alert.created_at)),
        "created_by_ref": identity_id(alert.originator_id),
        "object_marking_refs": [TLP2_IDS[Tlp(alert.tlp)]],
    }


def observable_id(alert_uuid: object, kind: str, value: str) -> str | None:
    """The STIX id `alert_objects` gives an observable of an alert (None for a type with no object)."""
    if kind == IndicatorType.CVE:
        return stix_id("vulnerability", alert_uuid, value)
    if pattern_for(kind, value) is None:
        return None
    return stix_id("indicator", alert_uuid, kind, value)


def report_object(alert: Alert, refs: list[str]) -> dict[str, Any]:
    """The `report` of an alert, referring to its originator and to the observables `refs`."""
    return {
        **common_properties(alert),
        "type": "report",
        "id": stix_id("report", alert.uuid),
        "name": alert.title,
        "description": alert.body,
        "report_types": ["threat-report"],
        "published": _utc(alert.published_at or alert.created_at),
        "object_refs": [identity_id(alert.originator_id), *refs],
        "labels": [alert.kind, f"severity:{alert.severity}"],
        "lang": alert.language,
        "external_references": [{"source_name": "enlace", "external_id": str(alert.uuid)}],
    }


def alert_objects(alert: Alert) -> list[dict[str, Any]]:
    """The STIX objects of one alert (report, identity, indicators), without the marking definitions."""
    common = common_properties(alert)
    observables = [
        made
        for link in alert.indicator_links.all()  # prefetched by the caller (see `export_queryset`)
        if link.actionable and (made := _indicator_object(alert, link, common)) is not None
    ]
    return [report_object(alert, [made["id"] for made in observables]), _identity(alert), *observables]


def export_queryset(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """The prefetching an export needs (call on an already-restricted queryset)."""
    return alerts.select_related("originator").prefetch_related(
        Prefetch("indicator_links", queryset=AlertIndicator.objects.select_related("indicator").order_by("pk"))
    )


def bundle(alerts: Iterable[Alert], *, bundle_key: str | None = None) -> dict[str, Any]:
    """A STIX 2.1 bundle of the alerts: objects deduplicated by id, marking definitions included once."""
    objects: dict[str, dict[str, Any]] = {}
    levels: set[Tlp] = set()
    for alert in alerts:
        levels.add(Tlp(alert.tlp))
        for made in alert_objects(alert):
            objects.setdefault(made["id"], made)
    markings = [tlp2_marking_definition(level) for level in Tlp if level in levels]
    result: dict[str, Any] = {
        "type": "bundle",
        "id": stix_id("bundle", bundle_key) if bundle_key else f"bundle--{uuid.uuid4()}",
    }
    if objects:  # STIX lists are never empty: an empty bundle has no `objects`
        result["objects"] = [*markings, *objects.values()]
    return result


def dumps(data: dict[str, Any]) -> str:
    """The bundle as compact JSON text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
