"""An alert in several languages: each reader reads (and is e-mailed) the one in her language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.exchange.models import Alert
from enlace.exchange.testing import build_world, publish

pytestmark = pytest.mark.django_db


def test_readers_get_the_alert_in_their_language(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    world = build_world()
    for user in (world.colleague, world.recipient):
        user.preferred_language = "es"
        user.save(update_fields=["preferred_language"])
    alert = publish(world, "green", "institution", title="Phishing wave", body="Do not click.")
    Alert.objects.filter(pk=alert.pk).update(status="draft")  # republish after translating
    author = sign_in(Client(), world.author)
    spanish = {"language": "es", "title": "Ola de phishing", "body": "No haga clic."}
    assert author.post(f"/alerts/{alert.pk}/translations/", spanish).status_code == 302
    assert AuditRecord.objects.filter(action="alert.translate").exists()
    same = author.post(f"/alerts/{alert.pk}/translations/", {**spanish, "language": "en"}, follow=True)
    assert "Select a valid choice" in same.content.decode()  # the alert's own language is not offered
    with django_capture_on_commit_callbacks(execute=True):
        author.post(f"/alerts/{alert.pk}/publish/")
    (message,) = [m for m in mail.outbox if world.colleague.email in m.to]
    assert "Ola de phishing" in message.subject
    assert "No haga clic." in message.body

    reader = sign_in(Client(), world.recipient)
    page = reader.get(f"/alerts/{alert.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert page.context["shown_title"] == "Ola de phishing"
    assert "No haga clic." in page.context["html"]
    original = reader.get(f"/alerts/{alert.pk}/?original=1")
    assert original.context["shown_title"] == "Phishing wave"
    assert reader.post(f"/alerts/{alert.pk}/translations/", spanish).status_code == 404
