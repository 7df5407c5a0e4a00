"""“Did you mean” speed on the library search benchmark's seed (benchmarks/library_search.py: 20,000 documents).

Times `suggest.suggestion` for queries with a typo that find nothing (the only case where it reads anything): the
known words of the user's readable titles (at most `suggest.TITLE_LIMIT`), the closest words (difflib), and the check
that the corrected query finds something; and the whole library page for the same query. As a focal point of Chile
and as a Secretariat officer, per language and over all four. Runs on DATABASE_URL (SQLite when unset).
Usage: .venv/bin/python benchmarks/library_suggest.py [documents]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import library_search as bench  # sets Django up, seeds like the search benchmark
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

# Typos of domain words of each language (accent-free, as typed).
TYPOS = {
    "en": ["terorism", "securty strategy", "cybersecurty"],
    "es": ["seguridda", "prevencoin", "terorismo"],
    "fr": ["securitte", "terorisme", "strategei"],
    "pt": ["seguranca ciberneitca", "prevencoa", "terorismo"],
    "": ["terorism", "seguridda"],  # all four languages
}
RUNS = 5


def measure(label: str, user: Any) -> None:
    from enlace.library.models import Translation
    from enlace.library.suggest import suggestion

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    readable = Translation.objects.visible_to(user)
    print(f"\n{label}")
    print(f"{'language':<10}{'query':<24}{'suggestion':<26}{'suggest p50':>12}{'max':>8}{'page p50':>10}")
    for language, queries in TYPOS.items():
        for query in queries:
            data = {"q": query, "language": language}
            found = suggestion(readable, data, 0, [])  # warm-up
            client.get("/library/", data)
            times = sorted(bench.timed_ms(lambda d=data: suggestion(readable, d, 0, [])) for _ in range(RUNS))
            pages = sorted(bench.timed_ms(lambda d=data: client.get("/library/", d)) for _ in range(RUNS))
            print(
                f"{language or 'all':<10}{query:<24}{found or '-':<26}{times[RUNS // 2]:>12.1f}{times[-1]:>8.1f}"
                f"{pages[RUNS // 2]:>10.1f}"
            )


def main() -> None:
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
        bench.seed()
        print(f"database: {connection.vendor}; {bench.DOCS} documents seeded in {time.perf_counter() - start:.0f} s")
        print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")
        for label, user in (("focal point", bench.focal_point()), ("officer", bench.officer())):
            measure(label, user)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
