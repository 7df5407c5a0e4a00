"""The MISP import page: a PyMISP event previews, then imports on confirmation; malformed input is a 400 in the
user's language with nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pymisp import MISPEvent

from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.exchange.models import Alert, AlertIndicator
from enlace.exchange.testing import World, build_world

pytestmark = pytest.mark.django_db
URL = reverse("exchange:misp_import")


@pytest.fixture
def world() -> World:
    return build_world()


def _pymisp_event() -> str:
    event = MISPEvent()
    event.info = "Phishing wave against ministries"
    event.distribution = 1
    event.add_tag("tlp:green")
    event.add_attribute("ip-dst", "8.8.8.8", to_ids=True)  # on the public-DNS warninglist
    event.add_attribute("domain", "evil.example.org", to_ids=True)
    event.add_attribute("sha256", "a" * 64, to_ids=False, comment="dropper")
    event.add_attribute("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")  # no Enlace type: left out
    red = event.add_attribute("url", "https://evil.example.org/login", to_ids=True)
    red.add_tag("tlp:amber")  # the most restrictive tag wins
    return event.to_json()


def _form(**extra: Any) -> dict[str, Any]:
    return {"all_members": "on", "publish": "on", **extra}


def test_a_pymisp_event_previews_then_imports_on_confirmation(world: World) -> None:
    client = sign_in(Client(), world.author)
    assert client.get(URL).status_code == 200
    upload = SimpleUploadedFile("event.json", _pymisp_event().encode(), content_type="application/json")
    preview = client.post(URL, _form(file=upload, step="preview"))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Phishing wave against ministries" in page
    assert "TLP:AMBER" in page
    assert "evil.example.org" in page
    assert "a" * 64 in page
    assert "DNS resolvers" in page  # a warninglist hit of 8.8.8.8
    assert "no indicator type for the MISP type “btc”" in page
    assert Alert.objects.count() == 0  # the preview writes nothing
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    assert digest is not None
    text = preview.context["form"]["text"].value()
    confirm = client.post(URL, _form(text=text, digest=digest[1], step="confirm"))
    assert confirm.status_code == 302
    alert = Alert.objects.get()
    assert (alert.title, alert.tlp, alert.all_members, alert.originator_id) == (
        "Phishing wave against ministries",
        "amber",
        True,
        world.author.institution_id,
    )
    links = {(link.indicator.type, link.indicator.value, link.actionable) for link in alert.indicator_links.all()}
    assert links == {
        ("ipv4", "8.8.8.8", True),
        ("domain", "evil.example.org", True),
        ("sha256", "a" * 64, False),
        ("url", "https://evil.example.org/login", True),
    }
    assert AuditRecord.objects.filter(action="alert.create", object_id=str(alert.pk)).exists()


def test_a_changed_document_is_previewed_again_not_imported(world: World) -> None:
    client = sign_in(Client(), world.author)
    response = client.post(URL, _form(text=_pymisp_event(), digest="0" * 64, step="confirm"))
    assert response.status_code == 200
    assert "What the import would create" in response.content.decode()
    assert Alert.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("{not json", "es", "El archivo no es JSON."),
        ('{"Event": "nope"}', "es", "Esto no es JSON de eventos MISP"),
        ('{"Event": {"info": "x", "Tag": [], "Attribute": []}}', "es", "sin etiqueta tlp:*"),
        ('{"Event": {"Tag": [{"name": "tlp:red"}], "Attribute": [{"type": "md5", "value": "xyz"}]}}', "es", "xyz"),
        ("", "en", "Choose a file or paste the event JSON."),
    ],
)
def test_malformed_input_is_a_400_in_the_users_language_and_nothing_is_written(
    world: World, text: str, language: str, message: str
) -> None:
    world.author.preferred_language = language  # the user's own language, not the browser's
    world.author.save(update_fields=["preferred_language"])
    client = sign_in(Client(), world.author)
    before = (Alert.objects.count(), AlertIndicator.objects.count(), AuditRecord.objects.count())
    for step in ("preview", "confirm"):
        response = client.post(URL, _form(text=text, step=step))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert (Alert.objects.count(), AlertIndicator.objects.count(), AuditRecord.objects.count()) == before
