"""How much the hash chain costs: appending audit records and verifying the chain.

Baseline, measured in the same run: inserting the same rows with a plain ORM create (no lock, no hash).
Runs on the database named by DATABASE_URL (SQLite in a temporary folder when unset).
Usage: .venv/bin/python benchmarks/audit_trail.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        from enlace.audit.actions import record
        from enlace.audit.models import AuditRecord
        from enlace.audit.verify import verify_chain

        def baseline() -> None:
            for i in range(N):
                with transaction.atomic():
                    AuditRecord(
                        seq=10_000_000 + i,
                        created_at=timezone.now(),
                        action="bench.plain",
                        object_type="x",
                        prev_hash="0" * 64,
                        hash=f"{i:064x}",
                    ).save()

        def chained() -> None:
            for i in range(N):
                record("bench.chained", actor=None, object_type="x", changes={"i": i})

        plain_s = timed(baseline)
        with connection.cursor() as cursor:
            # TRUNCATE bypasses the row trigger that refuses DELETE on PostgreSQL; SQLite has no TRUNCATE.
            statement = (
                "TRUNCATE audit_auditrecord" if connection.vendor == "postgresql" else "DELETE FROM audit_auditrecord"
            )
            cursor.execute(statement)
        chained_s = timed(chained)
        report = None

        def verify() -> None:
            nonlocal report
            report = verify_chain()

        verify_s = timed(verify)
        if report is None or not report.ok:
            raise SystemExit(f"chain did not verify: {report}")
        print(f"database: {connection.vendor}, {N} records")
        print(f"{'operation':<40}{'total s':>10}{'per record µs':>16}{'vs baseline':>14}")
        for label, seconds in [
            ("baseline: plain insert, one txn each", plain_s),
            ("record(): locked head + SHA-256 chain", chained_s),
            ("verify_chain(): recompute every hash", verify_s),
        ]:
            print(f"{label:<40}{seconds:>10.3f}{seconds / N * 1e6:>16.1f}{seconds / plain_s:>13.2f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
