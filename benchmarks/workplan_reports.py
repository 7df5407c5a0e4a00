"""IATI export and progress report speed at the size the issue names: 5,000 activities.

Measures, through the whole Django stack (middleware, policies, audit records) with the test client:
  - the IATI 2.03 export of every activity (`/workplan/iati.xml`; target under 30 s), and the same
    document built without the request (lxml only), with the share spent in the schema check made apart;
  - the progress report of one program over a year: the page and the PDF (target under 5 s) and the XLSX.
Each is set against a baseline measured in the same run: the plain SQL that fetches the same rows (no policy,
no rendering). Runs on DATABASE_URL (PostgreSQL for the claim; SQLite when unset).
Usage: .venv/bin/python benchmarks/workplan_reports.py [activities]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_HTTPS", "false")
os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
YEAR = 2025


def seed() -> None:
    """Bulk-create N activities over 2021-2026, 1-4 states, 2 partners and a budget each (no audit: fixture data)."""
    from enlace.geo.models import MemberState
    from enlace.workplan.models import Activity, ActivityBudget, ActivityPartner, Program

    rng = random.Random(7)
    programs = list(Program.objects.all())
    states = list(MemberState.objects.all())
    activities = [
        Activity(
            title=f"Activity {n}: regional training on incident response",
            program=programs[n % len(programs)],
            kind=rng.choice(["training", "workshop", "course", "seminar"]),
            modality=rng.choice(["virtual", "hybrid", "in_person"]),
            starts_on=date(2021, 1, 1) + timedelta(days=rng.randrange(6 * 365)),
            status=rng.choice([1, 2, 3, 4, 4, 4, 5]),
        )
        for n in range(N)
    ]
    for activity in activities:
        activity.ends_on = activity.starts_on + timedelta(days=rng.randrange(5))
    Activity.objects.bulk_create(activities, batch_size=2000)
    links = [
        Activity.states.through(activity_id=a.pk, memberstate_id=s.pk)
        for a in activities
        for s in rng.sample(states, rng.randint(1, 4))
    ]
    Activity.states.through.objects.bulk_create(links, batch_size=5000)
    ActivityPartner.objects.bulk_create(
        [
            ActivityPartner(activity=a, name=name, role=role, org_type=10)
            for a in activities
            for name, role in (("Government of Canada", 1), ("National CSIRT", 4))
        ],
        batch_size=5000,
    )
    ActivityBudget.objects.bulk_create(
        [
            ActivityBudget(
                activity=a,
                period_start=date(a.starts_on.year, 1, 1),
                period_end=date(a.starts_on.year, 12, 31),
                value=Decimal(rng.randrange(5_000, 200_000)),
            )
            for a in activities
        ],
        batch_size=5000,
    )


def admin_client() -> Client:
    from allauth.mfa.totp.internal.auth import TOTP

    from enlace.common.testing import make_user

    admin = make_user("secretariat_admin", mfa=False)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


def timed_s(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def sql(query: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        cursor.fetchall()


def main() -> None:
    # No setup_test_environment(): its template instrumentation would slow every page it measures.
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        start = time.perf_counter()
        seed()
        if connection.vendor == "postgresql":  # statistics, as autovacuum would have them on a live database
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from enlace.workplan import iati
        from enlace.workplan.models import Activity

        print(
            f"database: {connection.vendor}; {Activity.objects.count()} activities "
            f"(seeded in {time.perf_counter() - start:.1f} s); load average {os.getloadavg()[0]:.1f}"
        )
        client = admin_client()
        admin = auth.get_user(client)  # the export carries what its reader may see
        client.get("/workplan/activities/")  # warm-up
        sizes: dict[str, int] = {}

        def fetch(path: str, **query: str) -> None:
            response = client.get(path, query)
            assert response.status_code == 200, (path, response.status_code)
            sizes[path] = len(response.content)

        export = timed_s(lambda: fetch("/workplan/iati.xml"))
        build = timed_s(lambda: iati.serialize(iati.build(iati.export_queryset(Activity.objects.all()), viewer=admin)))
        export_base = timed_s(
            lambda: (
                sql("SELECT a.*, p.code FROM workplan_activity a JOIN workplan_program p ON p.id = a.program_id", []),
                sql("SELECT * FROM workplan_activity_states", []),
                sql("SELECT * FROM workplan_activitypartner", []),
                sql("SELECT * FROM workplan_activitybudget", []),
            )
        )
        period = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}
        page = timed_s(lambda: fetch("/workplan/reports/cybersecurity/", **period))
        pdf = timed_s(lambda: fetch("/workplan/reports/cybersecurity/report.pdf", **period))
        xlsx = timed_s(lambda: fetch("/workplan/reports/cybersecurity/report.xlsx", **period))
        six_years = {"from": "2021-01-01", "to": "2026-12-31"}
        pdf_all = timed_s(lambda: fetch("/workplan/reports/cybersecurity/report.pdf", **six_years))
        report_base = timed_s(
            lambda: sql(
                "SELECT a.id, a.title, s.iso2 FROM workplan_activity a JOIN workplan_program p ON p.id = a.program_id "
                "LEFT JOIN workplan_activity_states l ON l.activity_id = a.id "
                "LEFT JOIN geo_memberstate s ON s.id = l.memberstate_id "
                "WHERE p.code = 'cybersecurity' AND a.status IN (2, 3, 4) AND a.starts_on <= %s AND a.ends_on >= %s",
                [period["to"], period["from"]],
            )
        )
        from enlace.workplan.models import Program
        from enlace.workplan.reports import delivered_activities

        program = Program.objects.get(code="cybersecurity")
        delivered = delivered_activities(program, date(YEAR, 1, 1), date(YEAR, 12, 31)).count()
        delivered_all = delivered_activities(program, date(2021, 1, 1), date(2026, 12, 31)).count()

        print(f"{'measure':<52}{'seconds':>9}{'target':>8}{'baseline s':>12}{'ratio':>8}")
        rows = [
            (f"IATI export, {N} activities (HTTP, {sizes['/workplan/iati.xml'] // 1024} KiB)", export, 30, export_base),
            ("IATI document built without the request (lxml)", build, None, export_base),
            (f"progress report page ({delivered} activities)", page, None, report_base),
            ("progress report PDF", pdf, 5, report_base),
            ("progress report XLSX", xlsx, None, report_base),
            (f"progress report PDF, six years ({delivered_all} activities)", pdf_all, 5, report_base),
        ]
        for label, seconds, target, base in rows:
            aim = f"{target} s" if target else ""
            print(f"{label:<52}{seconds:>9.2f}{aim:>8}{base:>12.3f}{seconds / base:>8.0f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
