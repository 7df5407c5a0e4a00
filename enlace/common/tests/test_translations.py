"""Four languages: every catalogue complete, and the public pages render in each language."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def test_every_interface_language_has_a_catalogue() -> None:
    assert {p.parts[-3] for p in CATALOGUES} == {"es", "fr", "pt_BR"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_complete_and_checked(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_every_placeholder(path: Path) -> None:
    for entry in polib.pofile(str(path)):
        sources = [entry.msgid] if not entry.msgid_plural else [entry.msgid_plural]
        targets = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        expected = sorted(set(PLACEHOLDER.findall(sources[0])))
        for target in targets:
            assert sorted(set(PLACEHOLDER.findall(target))) == expected or entry.msgid_plural, entry.msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "home_text", "login_text"),
    [
        ("en", "The programs of the CICTE work plan", "Sign In"),
        ("es", "Ciberseguridad", "Iniciar sesión"),
        ("fr", "Cybersécurité", "Connexion"),
        ("pt-br", "Cibersegurança", "Entrar"),
    ],
)
def test_home_and_login_render_in_each_language(language: str, home_text: str, login_text: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    home = client.get("/")
    assert home.status_code == 200
    assert f'<html lang="{language}">' in home.content.decode()
    assert home_text in home.content.decode()
    assert home["Content-Language"] == language
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert login_text in login.content.decode()


@pytest.mark.django_db
def test_language_switcher_remembers_a_signed_in_users_choice(client_as: object, persona: object) -> None:
    client = client_as("focal_point")  # type: ignore[operator]
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/dashboard/"})
    assert response.status_code == 302
    assert response.url == "/dashboard/"
    user = persona("focal_point")  # type: ignore[operator]
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert '<html lang="fr">' in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_language_switcher_refuses_an_outside_redirect(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == "/"
