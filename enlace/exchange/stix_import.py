"""STIX 2.1 import: a bundle becomes alerts and indicators, all of it or nothing.

Each `report` or `note` becomes an alert carrying the indicators it refers to; indicators no report refers to
become one more alert. Simple patterns (`[type:property = 'value']`, comparisons joined by OR) become
indicators; other patterns are skipped and reported. The TLP comes from `object_marking_refs` (TLP 2.0, STIX
TLP 1.0, OpenCTI AMBER+STRICT); an object without a TLP marking is refused rather than guessed.
"""

from __future__ import annotations

import re
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
from enlace.exchange.tlp import tlp_of_markings

_STRING = r"'(?:[^'\\]|\\.)*'"
_COMPARISON = re.compile(rf"\s*([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*({_STRING}|\d+)\s*")
_PATHS = {
    ("ipv4-addr", "value"): IndicatorType.IPV4,
    ("ipv6-addr", "value"): IndicatorType.IPV6,
    ("domain-name", "value"): IndicatorType.DOMAIN,
    ("url", "value"): IndicatorType.URL,
    ("email-addr", "value"): IndicatorType.EMAIL,
    ("file", "name"): IndicatorType.FILENAME,
    ("autonomous-system", "number"): IndicatorType.ASN,
}
_HASHES = {"md5": IndicatorType.MD5, "sha-1": IndicatorType.SHA1, "sha1": IndicatorType.SHA1}
_HASHES |= {"sha-256": IndicatorType.SHA256, "sha256": IndicatorType.SHA256}


class ComplexPattern(ValueError):
    """A pattern Enlace does not turn into indicators (AND, FOLLOWEDBY, qualifiers, other operators)."""


def pattern_values(pattern: str) -> list[tuple[str, str]]:
    """The (type, raw value) pairs of a simple pattern; ComplexPattern otherwise."""
    text = pattern.strip()
    if not (text.startswith("[") and text.endswith("]")) or text.count("[") != 1:
        raise ComplexPattern(pattern)
    found = []
    for part in re.split(r"\s+OR\s+", text[1:-1]):
        match = _COMPARISON.fullmatch(part)
        if match is None:
            raise ComplexPattern(pattern)
        sco, path, literal = match.groups()
        value = literal[1:-1].replace("\\'", "'").replace("\\\\", "\\") if literal.startswith("'") else literal
        if sco == "file" and path.startswith("hashes."):
            kind = _HASHES.get(path.removeprefix("hashes.").strip("'").lower())
        else:
            kind = _PATHS.get((sco, path))
        if kind is None:
            raise ComplexPattern(pattern)
        if kind in (IndicatorType.IPV4, IndicatorType.IPV6) and "/" in value:
            kind = IndicatorType.CIDR
        found.append((str(kind), value))
    return found


@dataclass
class ImportResult:
    """What an import made and what it left aside."""

    alerts: list[Alert] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def check_bundle(data: Any) -> dict[str, Any]:
    """The bundle, or ValidationError with the reasons it is not a STIX 2.1 bundle."""
    if not isinstance(data, dict) or data.get("type") != "bundle":
        raise ValidationError(_("This is not a STIX bundle (its type must be “bundle”)."))
    if "spec_version" in data:  # STIX 2.0 bundles carried one; 2.1 bundles do not
        raise ValidationError(_("Only STIX 2.1 is accepted; this bundle is STIX %(v)s.") % {"v": data["spec_version"]})
    objects = data.get("objects", [])
    if not isinstance(objects, list) or not objects:
        raise ValidationError(_("The bundle has no objects."))
    return data


def _tlp(obj: dict[str, Any]) -> Tlp | None:
    refs = obj.get("object_marking_refs") or []
    return tlp_of_markings([r for r in refs if isinstance(r, str)]) if isinstance(refs, list) else None


def _collect(objects: list[Any]) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    """Objects by id, the reasons some are invalid, and the patterns skipped."""
    by_id: dict[str, Any] = {}
    errors: list[str] = []
    skipped: list[dict[str, str]] = []
    for index, obj in enumerate(objects):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not isinstance(obj.get("type"), str):
            errors.append(_("Object %(n)s: not a STIX object (it needs a type and an id).") % {"n": index + 1})
            continue
        oid = obj["id"]
        if obj.get("spec_version", "2.1") != "2.1":
            errors.append(_("%(id)s: only STIX 2.1 objects are accepted.") % {"id": oid})
            continue
        by_id[oid] = obj
        if obj["type"] == "indicator":
            if obj.get("pattern_type", "stix") != "stix" or not isinstance(obj.get("pattern"), str):
                skipped.append({"id": oid, "reason": _("not a STIX pattern")})
                continue
            try:
                pairs = pattern_values(obj["pattern"])
            except ComplexPattern:
                skipped.append({"id": oid, "reason": _("pattern too complex to import")})
                continue
            cleaned = []
            for kind, value in pairs:
                try:
                    cleaned.append((kind, normalise(kind, value)))
                except ValidationError as exc:
                    errors.append(f"{oid}: {' '.join(exc.messages)}")
            obj["_enlace"] = cleaned
        elif obj["type"] == "vulnerability":
            refs = obj.get("external_references") or []
            cves = [r.get("external_id") for r in refs if isinstance(r, dict) and r.get("source_name") == "cve"]
            if cves and isinstance(cves[0], str):
                try:
                    obj["_enlace"] = [(str(IndicatorType.CVE), normalise(IndicatorType.CVE, cves[0]))]
                except ValidationError as exc:
                    errors.append(f"{oid}: {' '.join(exc.messages)}")
    return by_id, errors, skipped


def import_bundle(*, actor: User, data: Any, title: str = "", publish: bool = True, **scope: Any) -> ImportResult:
    """Create the bundle's alerts and indicators with the importer's scope; ValidationError lists what is wrong."""
    bundle = check_bundle(data)
    by_id, errors, skipped = _collect(bundle["objects"])
    containers = [o for o in by_id.values() if o["type"] in ("report", "note")]
    observables = {oid: o for oid, o in by_id.items() if o.get("_enlace")}
    referenced: set[str] = set()
    plans: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for container in containers:
        refs = container.get("object_refs") or []
        members = [observables[r] for r in refs if isinstance(r, str) and r in observables]
        referenced.update(member["id"] for member in members)
        plans.append((container, members))
    loose = [o for oid, o in observables.items() if oid not in referenced]
    if loose:
        plans.append(({"id": bundle["id"], "type": "bundle", "name": title or bundle["id"]}, loose))
    if not plans:
        errors.append(_("The bundle has no report, note or indicator Enlace can import."))
    resolved: list[tuple[dict[str, Any], list[dict[str, Any]], Tlp]] = []
    for container, members in plans:
        tlp = _tlp(container) if container["type"] != "bundle" else None
        levels = [level for m in members if (level := _tlp(m)) is not None]
        if tlp is None and levels:
            tlp = max(levels, key=lambda level: TLP_RANK[level])
        if tlp is None:
            errors.append(
                _("%(id)s: no TLP marking; mark it (TLP 2.0 or 1.0) and import again.") % {"id": container["id"]}
            )
            continue
        resolved.append((container, members, tlp))
    if errors:
        raise ValidationError({"objects": errors})
    result = ImportResult(skipped=skipped)
    with transaction.atomic():
        for container, members, tlp in resolved:
            name = container.get("name") or container.get("abstract") or title or container["id"]
            body = container.get("description") or container.get("content") or name
            alert = actions.create_alert(
                actor=actor, publish=publish, title=str(name)[:250], body=str(body), tlp=tlp, **scope
            )
            items = [
                NewIndicator(value=value, type=kind, comment=str(m.get("name") or "")[:500])
                for m in members
                for kind, value in m["_enlace"]
            ]
            unique = _unique(items)
            step = indicator_actions.MAX_PER_REQUEST  # add_indicators takes batches; the transaction spans them
            for start in range(0, len(unique), step):
                indicator_actions.add_indicators(actor=actor, alert=alert, items=unique[start : start + step])
            result.alerts.append(alert)
    return result


def _unique(items: list[NewIndicator]) -> list[NewIndicator]:
    seen: dict[tuple[str | None, str], NewIndicator] = {}
    for item in items:
        seen.setdefault((item.type, item.value), item)
    return list(seen.values())
