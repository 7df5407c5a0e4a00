"""MISP event JSON import: each event becomes an alert with its attributes (and its objects' attributes) as
indicators, all of it or nothing.

TLP comes from the `tlp:*` tags (event and attributes; the most restrictive wins); an event without one is
refused, never guessed. MISP distribution narrows the importer's chosen scope: 0 (organisation only) and 4
(a sharing group, which Enlace cannot know) keep the alert inside the importer's own institution; 1, 2 and 3
use the chosen scope; anything else is refused.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.exchange import actions, indicator_actions
from enlace.exchange.indicator_actions import NewIndicator
from enlace.exchange.indicators import IndicatorType, normalise
from enlace.exchange.models import TLP_RANK, Alert, Tlp
from enlace.exchange.stix_import import ImportResult
from enlace.exchange.tlp import tlp_of_tags

TYPES = {
    "domain": IndicatorType.DOMAIN,
    "hostname": IndicatorType.DOMAIN,
    "url": IndicatorType.URL,
    "email": IndicatorType.EMAIL,
    "email-src": IndicatorType.EMAIL,
    "email-dst": IndicatorType.EMAIL,
    "md5": IndicatorType.MD5,
    "sha1": IndicatorType.SHA1,
    "sha256": IndicatorType.SHA256,
    "filename": IndicatorType.FILENAME,
    "vulnerability": IndicatorType.CVE,
    "AS": IndicatorType.ASN,
}
NARROW = {"0", "4"}
KNOWN_DISTRIBUTIONS = {"0", "1", "2", "3", "4"}


def _ip_type(value: str) -> str:
    if "/" in value:
        return IndicatorType.CIDR
    return IndicatorType.IPV6 if ":" in value else IndicatorType.IPV4


def events_of(data: Any) -> list[dict[str, Any]]:
    """The events of a document: `{"Event": …}`, a list of them, or `{"response": [...]}`; a bare event (PyMISP's
    `MISPEvent.to_json()`: no "Event" wrapper, an "info") is taken as one."""
    if isinstance(data, dict) and "response" in data:
        data = data["response"]
    items = data if isinstance(data, list) else [data]
    items = [{"Event": i} if isinstance(i, dict) and "Event" not in i and "info" in i else i for i in items]
    if not items or not all(isinstance(i, dict) and isinstance(i.get("Event"), dict) for i in items):
        raise ValidationError(_("This is not MISP event JSON (each item needs an “Event”)."))
    return [item["Event"] for item in items]


def _tags(holder: dict[str, Any]) -> list[str]:
    tags = holder.get("Tag") or []
    return [t["name"] for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)]


@dataclass
class EventPlan:
    """What one MISP event would become: an alert's title and TLP, whether its scope narrows, its indicators."""

    title: str
    tlp: Tlp
    narrow: bool
    items: list[NewIndicator]


@dataclass
class Plan:
    """What a MISP document would become, before anything is written; `skipped` lists the attributes left out."""

    events: list[EventPlan] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def _plan(number: int, event: dict[str, Any], errors: list[str], skipped: list[dict[str, str]]) -> EventPlan | None:
    label = str(event.get("uuid") or _("event %(n)d") % {"n": number})
    distribution = str(event.get("distribution", "1"))
    if distribution not in KNOWN_DISTRIBUTIONS:
        errors.append(_("%(id)s: unknown distribution “%(d)s”.") % {"id": label, "d": distribution[:20]})
    attributes = [a for a in event.get("Attribute") or [] if isinstance(a, dict)]
    for obj in event.get("Object") or []:
        if isinstance(obj, dict):
            attributes += [a for a in obj.get("Attribute") or [] if isinstance(a, dict)]
    levels = [level for level in [tlp_of_tags(_tags(event))] if level is not None]
    items = []
    for attribute in attributes:
        misp_type, value = attribute.get("type"), attribute.get("value")
        if not isinstance(misp_type, str) or not isinstance(value, str | int):
            errors.append(_("%(id)s: an attribute without type or value.") % {"id": label})
            continue
        value = str(value)
        kind = _ip_type(value) if misp_type in ("ip-dst", "ip-src") else TYPES.get(misp_type)
        if kind is None:
            reason = _("Enlace has no indicator type for the MISP type “%(t)s”.") % {"t": misp_type[:40]}
            skipped.append({"id": str(attribute.get("uuid") or label), "value": value[:200], "reason": reason})
            continue
        try:
            if kind == IndicatorType.CIDR:
                ipaddress.ip_network(value, strict=False)
            normalised = normalise(kind, value)
        except (ValidationError, ValueError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"{label}: {misp_type} “{value[:80]}”: {reason}")
            continue
        if (level := tlp_of_tags(_tags(attribute))) is not None:
            levels.append(level)
        items.append(NewIndicator(normalised, kind, bool(attribute.get("to_ids")), str(attribute.get("comment") or "")))
    if not levels:
        errors.append(_("%(id)s: no tlp:* tag; tag it and import again.") % {"id": label})
        return None
    tlp = max(levels, key=lambda level: TLP_RANK[level])
    title = str(event.get("info") or label)[:250]
    return EventPlan(title=title, tlp=tlp, narrow=distribution in NARROW, items=items)


def plan_events(data: Any) -> Plan:
    """What `import_events` would create from the document, writing nothing; ValidationError if any is invalid."""
    errors: list[str] = []
    plan = Plan()
    for number, event in enumerate(events_of(data), start=1):
        made = _plan(number, event, errors, plan.skipped)
        if made is not None:
            plan.events.append(made)
    if errors:
        raise ValidationError({"events": errors})
    return plan


def import_events(*, actor: User, data: Any, publish: bool = True, **scope: Any) -> ImportResult:
    """Create one alert per MISP event with the importer's scope (narrowed by distribution); all or nothing."""
    plan = plan_events(data)
    result = ImportResult(skipped=plan.skipped)
    with transaction.atomic():
        for event in plan.events:
            chosen = dict(scope)
            if event.narrow:
                chosen = {"institutions": [actor.institution_id]} if event.tlp != Tlp.RED else {}
                chosen["recipients"] = list(scope.get("recipients", []))
            alert: Alert = actions.create_alert(
                actor=actor, publish=publish, title=event.title, body=event.title, tlp=event.tlp, **chosen
            )
            step = indicator_actions.MAX_PER_REQUEST
            for start in range(0, len(event.items), step):
                batch = event.items[start : start + step]
                indicator_actions.add_indicators(actor=actor, alert=alert, items=batch)
            result.alerts.append(alert)
    return result
