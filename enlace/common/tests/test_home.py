"""The public home page: its title, and the links to what anyone may browse."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_home_title_is_plain_text_and_links_to_the_public_catalogue(client: Client) -> None:
    body = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    assert title is not None
    assert "<" not in title.group(1).replace("&lt;", "<")
    assert "Enlace" in title.group(1)
    for href in ("/ipo/public/events/", "/ipo/public/lessons/", "/library/"):
        assert f'href="{href}' in body, href
