"""Fixtures shared by every test: personas, signed-in clients, and the browser set-up."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from enlace.accounts.models import User
from enlace.common.testing import PERSONAS, Inbox, make_persona, sign_in

# Playwright's sync API runs an event loop in the test thread; the ORM must be allowed there (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("ENLACE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """Build the .mo files from the .po catalogues before any string is translated."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    """Plain static storage, immediate tasks, local-memory mail and cache for each test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Reload what the data migrations load (member states, programs): transactional tests end in a flush."""
    from django.apps import apps

    for module in (
        "enlace.geo.migrations.0002_load_member_states",
        "enlace.workplan.migrations.0002_load_programs",
        "enlace.directory.migrations.0003_load_networks",
    ):
        importlib.import_module(module).load(apps, None)


@pytest.fixture
def persona(db: Any) -> Callable[[str], User]:
    """Build the user of a named persona (see enlace.common.testing.PERSONAS)."""
    made: dict[str, User] = {}

    def build(name: str) -> User:
        if name not in made:
            made[name] = make_persona(name)
        return made[name]

    return build


@pytest.fixture
def client_as(persona: Callable[[str], User]) -> Callable[[str], Client]:
    """A client signed in as a persona through the real password + TOTP pages ('anonymous' stays out)."""

    def build(name: str) -> Client:
        client = Client()
        if name == "anonymous":
            return client
        user = persona(name)
        if PERSONAS[name].mfa:
            return sign_in(client, user)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return build


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, and Enlace's mailer pointed at it."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless, with no background traffic (the machines have no network)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: browser tests need Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a failure, never a skip
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
