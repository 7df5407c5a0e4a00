"""Work-plan dashboards and reports at the size the issue names: ten years of data, 5,000 activities,
200,000 participations and 20,000 transactions.

Measures, through the whole Django stack (middleware, policies, audit records) with the test client, as a
Secretariat administrator, p50/p95 over RUNS requests of each dashboard and report page (target: p95 under
300 ms), then once each: the progress report PDF of a program over a year (target under 5 s) and the IATI
export of every activity, now with transactions and results by sex (target under 30 s). The baseline, measured
in the same run, is the plain SQL that counts a program's participations by sex for a year (no policy, no
rendering). Runs on DATABASE_URL (PostgreSQL for the claim; SQLite when unset).
Usage: [ENLACE_PROFILE=/path/] .venv/bin/python benchmarks/workplan_dashboards.py [activities] [participations] [transactions]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workplan_reports as activities_seed
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ACTIVITIES = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
PARTICIPATIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
TRANSACTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
# ENLACE_PROFILE=/funding/ : profile that page (cProfile, 5 requests; ENLACE_PROFILE_SORT=tottime or the default
# cumulative) instead of timing every page
PROFILE = os.environ.get("ENLACE_PROFILE")
RUNS = 20
YEAR = 2025


def seed_people_and_money() -> None:
    """Participants (a third as many as participations, 30 % women), their participations, requirements, and
    transactions of every type in USD, CAD and EUR with rates (bulk, no audit: fixture data)."""
    from enlace.funding.models import Donor, ExchangeRate, Fund, Requirement, Transaction
    from enlace.geo.models import MemberState
    from enlace.workplan.models import Activity, Participant, Participation, Program

    rng = random.Random(13)
    states = list(MemberState.objects.all())
    activity_ids = list(Activity.objects.values_list("pk", "program_id", "starts_on"))
    people = Participant.objects.bulk_create(
        [
            Participant(
                full_name=f"Participant {n}",
                email=f"p{n}@example.org",
                sex=rng.choices([2, 1, 0, 9], weights=[30, 66, 3, 1])[0],
                state=rng.choice(states),
                institution_kind=rng.choice(["government", "csirt", "academia", "private"]),
            )
            for n in range(PARTICIPATIONS // 3)
        ],
        batch_size=5000,
    )
    seen: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < PARTICIPATIONS:
        activity_id, _program, starts = rng.choice(activity_ids)
        person = rng.choice(people)
        if (activity_id, person.pk) in seen:
            continue
        seen.add((activity_id, person.pk))
        status = rng.choice(["invited", "registered", "attended", "completed", "certified"])
        rows.append(Participation(activity_id=activity_id, participant=person, status=status, attended_on=starts))
    Participation.objects.bulk_create(rows, batch_size=5000)

    donors = Donor.objects.bulk_create([Donor(name=f"Donor {n}", kind="state") for n in range(12)])
    funds = Fund.objects.bulk_create([Fund(name=f"Fund {n}", currency="USD") for n in range(6)])
    from enlace.accounts.models import User

    creator = User.objects.order_by("pk").first()
    for currency, rate in (("CAD", "0.74"), ("EUR", "1.09")):
        ExchangeRate.objects.create(
            currency=currency, usd_per_unit=Decimal(rate), valid_from=date(2015, 1, 1), entered_by=creator
        )
    programs = list(Program.objects.all())
    Requirement.objects.bulk_create(
        [
            Requirement(program=p, year=y, amount_usd=Decimal(rng.randrange(500_000, 3_000_000)))
            for p in programs
            for y in range(2016, 2027)
        ]
    )
    money = []
    for _ in range(TRANSACTIONS):
        activity_id, program_id, starts = rng.choice(activity_ids)
        tightly = rng.random() < 0.5
        money.append(
            Transaction(
                type=rng.choice([13, 11, 11, 1, 1, 3, 4]),
                value=Decimal(rng.randrange(1_000, 90_000)),
                currency=rng.choice(["USD", "USD", "CAD", "EUR"]),
                value_date=starts - timedelta(days=rng.randrange(60)),
                donor=rng.choice(donors),
                fund=rng.choice(funds),
                earmarking="tightly" if tightly else "earmarked",
                program_id=program_id,
                activity_id=activity_id if tightly else None,
                created_by=creator,
            )
        )
    Transaction.objects.bulk_create(money, batch_size=5000)


def timed_ms(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    activities_seed.N = ACTIVITIES
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
        client = activities_seed.admin_client()  # the admin exists before the transactions name their recorder
        activities_seed.seed()
        seed_people_and_money()
        if connection.vendor == "postgresql":  # statistics, as autovacuum would have them on a live database
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from enlace.funding.models import Transaction
        from enlace.workplan.models import Activity, Participation

        first = Activity.objects.filter(program__code="cybersecurity").order_by("pk").first()
        assert first is not None
        print(
            f"database: {connection.vendor}; {Activity.objects.count()} activities, "
            f"{Participation.objects.count()} participations, {Transaction.objects.count()} transactions "
            f"(seeded in {time.perf_counter() - start:.0f} s); load average {os.getloadavg()[0]:.1f}"
        )
        period = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}
        pages = [
            ("activity list", "/workplan/activities/", {}),
            ("participants of one activity", f"/workplan/activities/{first.pk}/participants/", {}),
            (
                "participant counts, one program, a year",
                "/workplan/participants/counts/",
                {**period, "program": str(first.program_id)},
            ),
            ("participant counts, all, ten years", "/workplan/participants/counts/", {}),
            ("gender dashboard, all programs", "/workplan/gender/", {}),
            ("gender dashboard, one program", "/workplan/gender/cybersecurity/", {}),
            ("progress report page, a year", "/workplan/reports/cybersecurity/", period),
            ("funding overview", "/funding/", {}),
            ("funding of one program", "/funding/programs/cybersecurity/", {}),
            ("public programs page", "/workplan/public/", {}),
        ]
        for _label, path, query in pages:  # warm-up, and every page answers
            response = client.get(path, query)
            assert response.status_code == 200, (path, response.status_code)

        if PROFILE:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(PROFILE)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("ENLACE_PROFILE_SORT", "cumulative")).print_stats(40)
            return

        def baseline() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT p.sex, COUNT(*) FROM workplan_participation pa "
                    "JOIN workplan_participant p ON p.id = pa.participant_id "
                    "JOIN workplan_activity a ON a.id = pa.activity_id JOIN workplan_program g ON g.id = a.program_id "
                    "WHERE g.code = %s AND a.starts_on BETWEEN %s AND %s "
                    "AND pa.status IN ('attended', 'completed', 'certified') GROUP BY p.sex",
                    ["cybersecurity", period["from"], period["to"]],
                )
                cursor.fetchall()

        base = [timed_ms(baseline) for _ in range(RUNS)]
        _b50, b95 = percentiles(base)
        print(f"{'page (p95 target 300 ms)':<44}{'p50 ms':>9}{'p95 ms':>9}{'baseline p95':>14}{'ratio':>8}")
        for label, path, query in pages:
            samples = [timed_ms(lambda p=path, q=query: client.get(p, q)) for _ in range(RUNS)]
            p50, p95 = percentiles(samples)
            print(f"{label:<44}{p50:>9.1f}{p95:>9.1f}{b95:>14.2f}{p95 / b95:>8.0f}x")
        pdf = timed_ms(lambda: client.get("/workplan/reports/cybersecurity/report.pdf", period)) / 1000
        iati = timed_ms(lambda: client.get("/workplan/iati.xml")) / 1000
        print(f"{'progress report PDF, a year (target 5 s)':<44}{pdf:>9.2f} s")
        print(f"{'IATI export, every activity (target 30 s)':<44}{iati:>9.2f} s")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
