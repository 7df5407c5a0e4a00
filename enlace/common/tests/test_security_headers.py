"""Security headers, cache rules, health, and Django's deployment checks with production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_pages_carry_csp_with_a_nonce_on_every_inline_script(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce, csp
    page = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts, "the page loads htmx"
    for tag in scripts:
        if "src=" not in tag and 'type="application/json"' not in tag:
            assert f'nonce="{nonce.group(1)}"' in tag, tag


def test_no_page_loads_anything_from_another_origin(client: Client) -> None:
    page = client.get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not url.startswith(("http://", "https://", "//")), url


def test_standard_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_authenticated_pages_are_never_cached(client_as: Callable[[str], Client]) -> None:
    response = client_as("focal_point").get("/dashboard/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_home_page_may_be_cached_when_anonymous(client: Client) -> None:
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_health_reports_database_and_worker_without_data(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "worker": "ok"}


def test_health_reports_a_stalled_worker(client: Client, settings: object) -> None:
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    from enlace.accounts.tasks import notify_api_token_created

    notify_api_token_created.using(backend="default").enqueue(0)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stalled"


def test_check_deploy_is_clean_with_production_settings() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENLACE_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "ENLACE_SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
            "ENLACE_ALLOWED_HOSTS": "enlace.example.org",
            "ENLACE_DATA_DIR": str(ROOT / "var" / "check-deploy"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "enlace", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
