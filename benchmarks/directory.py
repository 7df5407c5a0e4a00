"""Directory speed at the size the issue names: 35 states x 7 networks x 60 people.

Measures, through the whole Django stack (middleware, policies, audit records) with the test client:
  - search of designations by name (page), p50/p95: a first name and the start of a surname of a random
    person (a few matches), and a surname alone (hundreds of matches, 50 shown);
  - "reachable now" for a network and a state (page), p50/p95 over random pairs;
  - vCard and CSV export of a whole network.
Each is set against a baseline measured in the same run: the plain SQL query that fetches the same rows
(no policy, no rendering). Runs on DATABASE_URL (PostgreSQL for the claim; SQLite when unset).
Usage: .venv/bin/python benchmarks/directory.py [people_per_network_and_state]
"""

from __future__ import annotations

import os
import random
import statistics
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PER = int(sys.argv[1]) if len(sys.argv) > 1 else 60
RUNS = 200
# Names as the directory holds them (the four languages of the region), so that name searches are as
# selective as on real data: 30 first names x 80 surnames, two surnames each.
FIRST = (  # noqa: SIM905 (a list literal would take 30 lines)
    "María José Juan Ana Luis Carmen Jean Marie Pierre João Maria Paula John Mary Robert Patricia Carlos Lucía "
    "Sophie Andrés Gabriela Paulo Fernanda Michael Jennifer Diego Valentina Camila Mateo Isabel"
).split()
SURNAMES = (  # noqa: SIM905
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz "
    "Cruz Morales Reyes Gutiérrez Ortiz Chávez Silva Santos Oliveira Souza Lima Pereira Ferreira Costa Almeida "
    "Carvalho Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Clarke Tremblay Gagnon Roy Côté "
    "Bouchard Gauthier Morin Lavoie Fortin Pierre-Louis Joseph Jean-Baptiste Baptiste Charles Alexander Campbell "
    "Thompson Mendoza Castillo Vargas Romero Herrera Medina Aguilar Vega Castro Ruiz Jiménez Moreno Álvarez Muñoz "
    "Rojas Navarro Guerrero Ríos Mejía Salazar Ortega Delgado Núñez"
).split()


def seed() -> None:
    """Bulk-create the directory at size (no audit: this is fixture data)."""
    from enlace.directory.models import (
        Channel,
        ChannelKind,
        Designation,
        Institution,
        InstitutionKind,
        Network,
        Participation,
        Person,
    )
    from enlace.geo.models import MemberState

    rng = random.Random(7)
    networks = list(Network.objects.all())
    for state in MemberState.objects.all():
        institutions = Institution.objects.bulk_create(
            [Institution(name=f"{n.code} agency", state=state, kind=InstitutionKind.GOVERNMENT) for n in networks]
        )
        Participation.objects.bulk_create(
            [Participation(network=n, state=state, joined_on="2020-01-01") for n in networks]
        )
        people, designations = [], []
        for institution in institutions:
            for _ in range(PER):
                people.append(
                    Person(
                        full_name=f"{rng.choice(FIRST)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                        institution=institution,
                        time_zone=state.capital_tz,
                    )
                )
        Person.objects.bulk_create(people, batch_size=2000)
        channels = []
        for index, person in enumerate(people):
            channels.append(Channel(person=person, kind=ChannelKind.EMAIL, value=f"p{person.pk}@example.org"))
            channels.append(Channel(person=person, kind=ChannelKind.PHONE, value=f"+1 555 {person.pk:07d}", priority=2))
            network = networks[index // PER]
            designations.append(
                Designation(
                    network=network,
                    state=state,
                    person=person,
                    role="primary" if index % PER == 0 else "alternate",
                    status="active",
                )
            )
        Channel.objects.bulk_create(channels, batch_size=4000)
        Designation.objects.bulk_create(designations, batch_size=2000)


def officer_client() -> Client:
    from allauth.mfa.totp.internal.auth import TOTP

    from enlace.common.testing import make_user

    officer = make_user("secretariat_officer", program="cybersecurity", mfa=False)
    TOTP.activate(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    return client


def timed_ms(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


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
        from enlace.directory.models import Channel, Designation, Person
        from enlace.geo.models import MemberState

        print(
            f"database: {connection.vendor}; {Person.objects.count()} people, {Channel.objects.count()} channels, "
            f"{Designation.objects.count()} designations (seeded in {time.perf_counter() - start:.1f} s)"
        )
        client = officer_client()
        rng = random.Random(11)
        names = list(Person.objects.values_list("full_name", flat=True)[:5000])
        pairs = [
            (n, s)
            for n in ["counterterrorism", "csirtamericas", "unscr-1540"]
            for s in MemberState.objects.values_list("iso2", flat=True)
        ]
        client.get("/directory/designations/")  # warm-up

        def sql(query: str, params: list[object]) -> None:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                cursor.fetchall()

        search, search_base, broad, broad_base, reach, reach_base = [], [], [], [], [], []
        plain = (
            "SELECT d.id, p.full_name FROM directory_designation d JOIN directory_person p ON p.id = d.person_id "
            "WHERE UPPER(p.full_name) LIKE UPPER(%s) ORDER BY d.network_id, d.state_id, d.role, d.id LIMIT 50"
        )
        for _ in range(RUNS):
            first, surname = rng.choice(names).split()[:2]
            for term, page, base in ((f"{first} {surname[:3]}", search, search_base), (surname, broad, broad_base)):
                page.append(timed_ms(lambda t=term: client.get("/directory/designations/", {"q": t})))
                base.append(timed_ms(lambda t=term: sql(plain, [f"%{t}%"])))
            code, iso2 = rng.choice(pairs)
            reach.append(timed_ms(lambda c=code, s=iso2: client.get(f"/directory/networks/{c}/{s}/reachable-now/")))
            reach_base.append(
                timed_ms(
                    lambda c=code, s=iso2: sql(
                        "SELECT d.id, p.full_name, ch.kind, ch.value FROM directory_designation d "
                        "JOIN directory_network n ON n.id = d.network_id JOIN geo_memberstate st ON st.id = d.state_id "
                        "JOIN directory_person p ON p.id = d.person_id LEFT JOIN directory_channel ch ON ch.person_id = p.id "
                        "WHERE n.code = %s AND st.iso2 = %s AND d.status = 'active'",
                        [c, s],
                    )
                )
            )
        exports = {}
        for fmt in ("vcf", "csv", "pdf"):
            exports[fmt] = timed_ms(lambda f=fmt: client.get(f"/directory/networks/counterterrorism/export.{f}"))
        export_base = timed_ms(
            lambda: sql(
                "SELECT d.id, p.full_name, ch.kind, ch.value FROM directory_designation d JOIN directory_network n "
                "ON n.id = d.network_id JOIN directory_person p ON p.id = d.person_id LEFT JOIN directory_channel ch "
                "ON ch.person_id = p.id WHERE n.code = 'counterterrorism' AND d.status = 'active'",
                [],
            )
        )

        print(f"{'measure':<44}{'p50 ms':>9}{'p95 ms':>9}{'baseline p95':>14}{'ratio':>8}")
        for label, samples, base in [
            ("search: first name + surname start (page)", search, search_base),
            ("search: one surname (page, 50 of hundreds)", broad, broad_base),
            ("reachable now, network x state (page)", reach, reach_base),
        ]:
            p50, p95 = percentiles(samples)
            _b50, b95 = percentiles(base)
            print(f"{label:<44}{p50:>9.1f}{p95:>9.1f}{b95:>14.2f}{p95 / b95:>8.0f}x")
        for fmt, ms in exports.items():
            print(f"{'export whole network: ' + fmt:<44}{ms:>9.0f}{'':>9}{export_base:>14.1f}{ms / export_base:>8.0f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
