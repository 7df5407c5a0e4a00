"""Publishing an alert to 2,000 readers: the request, then the e-mails delivered by the worker.

Measures, on the database named by DATABASE_URL (SQLite when unset):
  - the publishing request through the whole Django stack (the notification work is only enqueued);
  - the worker's task delivering 2,000 e-mails (and in-app notices) to a real SMTP server on loopback
    (aiosmtpd), for a GREEN alert (plain text) and an AMBER alert (PGP-encrypted to each reader's key);
  - baselines in the same run: Django's send_mail of 2,000 bare messages to the same server, and gpg
    encrypting one message for one key, times 2,000.
Usage: .venv/bin/python benchmarks/exchange.py [readers]
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
os.environ.setdefault("ENLACE_SECRET_KEY", "benchmark-only")
os.environ.setdefault("ENLACE_HTTPS", "false")
os.environ.setdefault("ENLACE_DATA_DIR", tempfile.mkdtemp(prefix="enlace-bench-"))
os.environ["ENLACE_TASKS_BACKEND"] = "database"  # the request only enqueues, as in production

import django

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.mail import send_mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

READERS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def smtp_server() -> tuple[Controller, object]:
    """A real SMTP server on loopback that counts what it receives."""
    from enlace.common.testing import Inbox

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
        }
    }
    return controller, inbox


def public_key() -> str:
    """One gpg key pair for every reader (the cost measured is per encryption, not per key)."""
    import gnupg

    home = tempfile.mkdtemp(prefix="enlace-bench-gpg-")
    gpg = gnupg.GPG(gnupghome=home)
    spec = gpg.gen_key_input(
        key_type="EDDSA", key_curve="ed25519", name_email="bench@example.org", no_protection=True,
        expire_date="2035-01-01", key_usage="sign", subkey_type="ECDH", subkey_curve="cv25519",
    )  # fmt: skip
    return str(gpg.export_keys(str(gpg.gen_key(spec))))


def seed(armored: str) -> tuple[object, object]:
    """An author, and READERS analysts of one institution, each with a person record and a PGP key."""
    from enlace.accounts.models import User
    from enlace.common.testing import make_institution, make_user
    from enlace.directory.models import Channel, ChannelKind, Person

    author = make_user("csirt_analyst", state="CL")
    institution = make_institution("AR")
    users = User.objects.bulk_create(
        [User(email=f"reader{i}@example.org", full_name=f"Reader {i}", institution=institution) for i in range(READERS)]
    )
    people = Person.objects.bulk_create([Person(full_name=u.full_name, institution=institution, user=u) for u in users])
    Channel.objects.bulk_create(
        [Channel(person=p, kind=ChannelKind.PGP, value="bench@example.org", key_material=armored) for p in people]
    )
    return author, institution


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    controller, inbox = smtp_server()
    try:
        call_command("createcachetable", verbosity=0)
        armored = public_key()
        author, institution = seed(armored)
        from enlace.exchange.models import Alert
        from enlace.exchange.tasks import notify_alert

        client = Client()
        client.force_login(author, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session["mfa_authenticated"] = True  # MFA was proven at sign-in (not measured here)
        session.save()
        client.get("/alerts/new/")  # warm-up: templates and URL resolvers loaded once
        rows = []
        for tlp in ("green", "amber"):
            form = {"title": f"{tlp} benchmark", "body": "Text", "kind": "alert", "severity": "high", "tlp": tlp,
                    "language": "en", "institutions": [institution.pk], "publish": "1"}  # fmt: skip
            start = time.perf_counter()
            response = client.post("/alerts/new/", form)
            request_ms = (time.perf_counter() - start) * 1000
            assert response.status_code == 302, response.content[:300]
            alert = Alert.objects.get(title=f"{tlp} benchmark")
            before = len(inbox.messages)  # type: ignore[attr-defined]
            start = time.perf_counter()
            told = notify_alert.call(alert.pk, "published")
            worker_s = time.perf_counter() - start
            delivered = len(inbox.messages) - before  # type: ignore[attr-defined]
            rows.append((f"publish {tlp.upper()} to {told} readers", request_ms, worker_s, delivered))

        start = time.perf_counter()
        for i in range(READERS):
            send_mail("baseline", "text", settings.DEFAULT_FROM_EMAIL, [f"reader{i}@example.org"])
        plain_baseline = time.perf_counter() - start
        import gnupg

        with tempfile.TemporaryDirectory() as home:
            gpg = gnupg.GPG(gnupghome=home)
            fingerprint = gpg.import_keys(armored).fingerprints[0]
            start = time.perf_counter()
            for _ in range(50):
                gpg.encrypt("text", fingerprint, always_trust=True, armor=True)
            gpg_baseline = (time.perf_counter() - start) / 50 * READERS
        print(f"database: {connection.vendor}; readers: {READERS}; SMTP: aiosmtpd on loopback")
        print("| measure | request ms | worker s | e-mails delivered | baseline s |")
        print("|---|---|---|---|---|")
        green, amber = rows
        print(
            f"| {green[0]} (plain) | {green[1]:.0f} | {green[2]:.1f} | {green[3]} | {plain_baseline:.1f} (send_mail x{READERS}) |"
        )
        print(
            f"| {amber[0]} (PGP) | {amber[1]:.0f} | {amber[2]:.1f} | {amber[3]} | {gpg_baseline:.1f} (gpg encrypt x{READERS}, from 50) |"
        )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
