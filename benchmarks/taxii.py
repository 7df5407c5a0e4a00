"""TAXII 2.1: a full walk of a 10,000-object collection by pages of 1,000 with the OASIS taxii2-client.

Enlace serves its TAXII views through the whole Django stack (token authentication, the exchange's policy for
a member of the network, keyset paging, audit record per page) from a threaded WSGI server on loopback.
Baseline in the same run: medallion (the OASIS TAXII 2.1 reference server, memory backend) serving 1,000
objects, walked the same way. Runs on DATABASE_URL (PostgreSQL for the claim; SQLite when unset).
Usage: .venv/bin/python benchmarks/taxii.py [alerts] (each alert: a report and 9 indicators)
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_HTTPS", "false")
DATA_DIR = os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ALERTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
PER_ALERT = 9
FIRST_PAGES = 9
MEDIA = "application/taxii+json;version=2.1"


def seed() -> tuple[Any, str]:
    """A member of CSIRTAmericas, and ALERTS published GREEN alerts shared with it, 9 indicators each."""
    from enlace.accounts import actions as account_actions
    from enlace.directory.models import Network
    from enlace.exchange.models import Alert, AlertIndicator, AlertStatus, Indicator
    from enlace.exchange.testing import build_world

    world = build_world()
    network = Network.objects.get(code="csirtamericas")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    alerts = Alert.objects.bulk_create(
        [
            Alert(
                title=f"Campaign {n}",
                body="Block these.",
                tlp="green",
                status=AlertStatus.PUBLISHED,
                originator=world.author.institution,
                created_by=world.author,
                published_at=start + timedelta(seconds=n // 3),  # three alerts share each second
            )
            for n in range(ALERTS)
        ],
        batch_size=1000,
    )
    Alert.networks.through.objects.bulk_create(
        [Alert.networks.through(alert_id=a.pk, network_id=network.pk) for a in alerts], batch_size=2000
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(type="ipv4", value=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
            for n in range(ALERTS * PER_ALERT)
        ],
        batch_size=2000,
    )
    AlertIndicator.objects.bulk_create(
        [
            AlertIndicator(alert=alerts[i // PER_ALERT], indicator=ind, added_by=world.author, added_at=start)
            for i, ind in enumerate(indicators)
        ],
        batch_size=2000,
    )
    _token, secret = account_actions.create_api_token(
        world.recipient, actor=world.recipient, name="b", scope="read", days=1
    )
    return world.recipient, secret


def serve(app: Any) -> tuple[str, Any]:
    """Serve a WSGI app on a free loopback port in a thread."""
    from wsgiref.simple_server import WSGIRequestHandler

    from django.core.servers.basehttp import ThreadedWSGIServer

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def walk(collection: Any, per_request: int) -> tuple[int, float, float]:
    """(objects, seconds for the whole walk, milliseconds for the first page)."""
    from taxii2client.v21 import as_pages

    start = time.perf_counter()
    first = 0.0
    count = 0
    seen: set[tuple[str, str]] = set()
    for envelope in as_pages(collection.get_objects, per_request=per_request):
        if not first:
            first = (time.perf_counter() - start) * 1000
        for obj in envelope.get("objects", []):
            seen.add((obj["id"], obj.get("modified", "")))
            count += 1
    assert count == len(seen), "a page repeated an object"
    return count, time.perf_counter() - start, first


def first_pages(url: str, user: str, secret: str) -> tuple[float, float]:
    """Median milliseconds of FIRST_PAGES first pages of 1,000 by a new client (its collection request included):
    wall time, and this process's CPU time (client and server threads; the database's is not counted), which a
    busy machine inflates far less than wall time."""
    from taxii2client.v21 import Collection

    walls, cpus = [], []
    for _ in range(FIRST_PAGES):
        wall, cpu = time.perf_counter(), time.process_time()
        Collection(url, user=user, password=secret).get_objects(limit=1000)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def medallion(objects: list[dict[str, Any]]) -> tuple[Any, Any]:
    """medallion's memory backend holding `objects`, served on loopback: (collection client, server)."""
    import medallion
    from taxii2client.v21 import Collection

    logging.getLogger("medallion").setLevel(logging.ERROR)
    added = "2026-01-01T00:00:00.000000Z"
    data = {
        "/discovery": {"title": "medallion", "default": "http://x/api1/", "api_roots": ["http://x/api1/"]},
        "api1": {
            "information": {"title": "api1", "versions": [MEDIA], "max_content_length": 10**8},
            "status": [],
            "collections": [
                {
                    "id": "91a7b528-80eb-42ed-a74d-c6fbd5a26116",
                    "title": "bench",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [{**o, "_date_added": added} for o in objects],
                    "manifest": [
                        {
                            "id": o["id"],
                            "date_added": added,
                            "version": o.get("modified", o.get("created")),
                            "media_type": "application/stix+json;version=2.1",
                        }
                        for o in objects
                    ],
                }
            ],
        },
    }
    path = Path(DATA_DIR) / "medallion.json"
    path.write_text(json.dumps(data))
    config = Path(DATA_DIR) / "medallion-config.json"
    config.write_text(
        json.dumps(
            {
                "backend": {
                    "module": "medallion.backends.memory_backend",
                    "module_class": "MemoryBackend",
                    "filename": str(path),
                },
                "users": {"bench": "bench"},
                "taxii": {"max_page_size": 1000},
            }
        )
    )
    app = medallion.load_app(str(config))
    base, server = serve(app)
    return Collection(
        f"{base}/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/",
        user="bench",
        password="bench",  # noqa: S106 (medallion's throwaway user)
    ), server


def main() -> None:
    from django.core.wsgi import get_wsgi_application
    from taxii2client.v21 import Collection

    settings.ALLOWED_HOSTS = ["*"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if connection.vendor == "sqlite":  # threads need a shared file, not the default in-memory test database
        connection.settings_dict["TEST"]["NAME"] = str(Path(DATA_DIR) / "bench.sqlite3")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user, secret = seed()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from enlace.exchange.taxii.collections import collection_id

        print(
            f"database: {connection.vendor}; {ALERTS} alerts x {PER_ALERT} indicators seeded in {time.perf_counter() - started:.1f} s"
        )
        base, server = serve(get_wsgi_application())
        url = f"{base}/taxii2/enlace/collections/{collection_id('network:csirtamericas')}/"
        enlace = Collection(url, user=user.email, password=secret)
        Collection(url, user=user.email, password=secret).get_objects(limit=1)  # a live server is warm
        count, seconds, first = walk(enlace, 1000)
        first_wall, first_cpu = first_pages(url, user.email, secret)
        sample = enlace.get_objects(limit=1000)["objects"]
        server.shutdown()
        reference, reference_server = medallion(sample)
        m_count, m_seconds, m_first = walk(reference, 1000)
        m100_count, m100_seconds, m100_first = walk(reference, 100)
        reference_server.shutdown()
        print(f"{'measure':<58}{'objects':>9}{'walk s':>9}{'first page ms':>15}")
        print(f"{'Enlace, full walk, pages of 1,000':<58}{count:>9}{seconds:>9.2f}{first:>15.0f}")
        print(f"{f'Enlace, first page alone, median of {FIRST_PAGES} (wall)':<58}{1000:>9}{'':>9}{first_wall:>15.0f}")
        print(f"{f'Enlace, first page alone, median of {FIRST_PAGES} (CPU)':<58}{1000:>9}{'':>9}{first_cpu:>15.0f}")
        print(
            f"{'medallion (memory backend), 1,000 objects, pages of 1,000':<58}{m_count:>9}{m_seconds:>9.2f}{m_first:>15.0f}"
        )
        print(
            f"{'medallion (memory backend), 1,000 objects, pages of 100':<58}{m100_count:>9}{m100_seconds:>9.2f}{m100_first:>15.0f}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
