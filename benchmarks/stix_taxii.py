"""STIX 2.1 import and export of a 10,000-indicator bundle, against stix2.parse of the same bundle in the same run.

Measures, on the database named by DATABASE_URL (SQLite when unset; a test database is created from it):
  - `stix_import.import_bundle` of one report listing 10,000 indicators (create_alert + add_indicators, all
    validation and audit included), then the STIX export of the alert it made;
  - baselines: `stix2.parse(..., allow_custom=False)` of the same bundle text, and `json.loads` of it.
TAXII 2.1 is not built yet, so it is not measured here.
Usage: .venv/bin/python benchmarks/stix_taxii.py [indicators]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_HTTPS", "false")
os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))

import django

django.setup()

from django.db import connection  # noqa: E402

INDICATORS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


def bundle_text(count: int) -> str:
    """One report (TLP:GREEN) listing `count` IPv4 indicators, each marked."""
    stamp = "2026-01-01T00:00:00.000Z"
    indicators = [
        {
            "type": "indicator",
            "spec_version": "2.1",
            "id": f"indicator--00000000-0000-4000-8000-{i:012d}",
            "created": stamp,
            "modified": stamp,
            "name": f"bench {i}",
            "pattern": f"[ipv4-addr:value = '10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}']",
            "pattern_type": "stix",
            "valid_from": stamp,
            "object_marking_refs": [GREEN],
        }
        for i in range(count)
    ]
    report = {
        "type": "report",
        "spec_version": "2.1",
        "id": "report--00000000-0000-4000-8000-000000000000",
        "created": stamp,
        "modified": stamp,
        "name": "Benchmark report",
        "published": stamp,
        "object_refs": [i["id"] for i in indicators],
        "object_marking_refs": [GREEN],
    }
    return json.dumps(
        {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000", "objects": [report, *indicators]}
    )


def timed(label: str, work: object) -> tuple[str, float, object]:
    start = time.perf_counter()
    result = work()  # type: ignore[operator]
    return label, time.perf_counter() - start, result


def main() -> None:
    import stix2

    from enlace.common.testing import make_user
    from enlace.exchange import stix, stix_import
    from enlace.exchange.models import Alert

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    author = make_user("csirt_analyst", state="CL")
    text = bundle_text(INDICATORS)
    rows = [
        timed("json.loads of the bundle (baseline)", lambda: json.loads(text)),
        timed(
            "stix2.parse(allow_custom=False) of the bundle (baseline)", lambda: stix2.parse(text, allow_custom=False)
        ),
    ]
    label, seconds, made = timed(
        "Enlace STIX import (create_alert + add_indicators)",
        lambda: stix_import.import_bundle(actor=author, data=json.loads(text), all_members=True),
    )
    rows.append((label, seconds, made))
    alert_pk = made.alerts[0].pk  # type: ignore[attr-defined]

    def export() -> str:
        alert = stix.export_queryset(Alert.objects.filter(pk=alert_pk)).get()
        return stix.dumps(stix.bundle([alert], bundle_key=str(alert.uuid)))

    rows.append(timed("Enlace STIX export of the imported alert", export))
    links = Alert.objects.get(pk=alert_pk).indicator_links.count()
    print(f"{INDICATORS:,} indicators in one report; database: {connection.vendor}; indicators stored: {links:,}")
    print("| measure | seconds |")
    print("|---|---|")
    for label, seconds, _ in rows:
        print(f"| {label} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
