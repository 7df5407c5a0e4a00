"""In the browser: an analyst publishes an AMBER alert to a network, a recipient acknowledges it, the originator
sees the acknowledgement, then the regional trends count it; a MISP event previews on the import page; axe on
every page of the exchange."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.tests.test_browser import SCREENSHOTS
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.exchange.models import Alert
from enlace.exchange.testing import build_world
from enlace.exchange.tests.test_misp_import_page import _pymisp_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_publish_acknowledge_and_follow_up(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    world = build_world()
    violations: list[str] = []

    author = _signed_in_page(browser, base, world.author)
    author.goto(f"{base}/alerts/new/")
    violations += _violations(author)
    author.fill("input[name=title]", "Ransomware campaign against port operators")
    author.fill("textarea[name=body]", "**Indicators** follow.\n\n- Block `203.0.113.7`\n- Patch the VPN gateways")
    author.select_option("select[name=severity]", "high")
    author.select_option("select[name=tlp]", "amber")
    author.get_by_label("CSIRTAmericas", exact=False).first.check()
    author.get_by_role("button", name="Publish").click()
    author.wait_for_url(re.compile(r"/alerts/\d+/$"))
    expect(author.locator(".message.success")).to_be_visible()
    alert = Alert.objects.get()
    assert alert.tlp == "amber"
    violations += _violations(author)

    reader = _signed_in_page(browser, base, world.recipient)
    reader.goto(f"{base}/alerts/")
    row = reader.locator("tbody tr", has_text="Ransomware campaign")
    expect(row).to_contain_text("to answer")
    violations += _violations(reader)
    row.get_by_role("link").click()
    expect(reader.locator(".alert-text strong")).to_have_text("Indicators")
    reader.get_by_label("Acting on it").check()
    reader.fill("textarea[name=note]", "Blocked at the perimeter")
    reader.get_by_role("button", name="Send my answer").click()
    expect(reader.locator(".message.success")).to_be_visible()
    violations += _violations(reader)
    reader.goto(f"{base}/alerts/public/")
    violations += _violations(reader)

    author.reload()
    followup = author.locator("#followup-caption").locator("xpath=..")
    expect(followup).to_contain_text("Blocked at the perimeter")
    expect(author.locator("#followup-heading + p")).to_contain_text("1 answered")
    violations += _violations(author)
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":  # the README's picture of an alert with its answers
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        author.screenshot(path=SCREENSHOTS / "alert-acknowledgements.png", full_page=True)
    author.goto(f"{base}/alerts/{alert.pk}/scope/")
    violations += _violations(author)
    author.goto(f"{base}/alerts/trends/")
    expect(author.locator("#total-alerts")).to_have_text("1")
    expect(author.locator("svg.chart").first).to_be_visible()
    author.locator("summary", has_text="The figures by month").click()
    violations += _violations(author)
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":
        author.screenshot(path=SCREENSHOTS / "regional-trends.png", full_page=True)

    author.goto(f"{base}/alerts/import/misp/")
    violations += _violations(author)
    author.get_by_label("…or paste the MISP event JSON").fill(_pymisp_event())
    author.get_by_role("button", name="Preview").click()
    expect(author.locator("#preview-heading")).to_be_visible()
    expect(author.locator("main")).to_contain_text("evil.example.org")
    violations += _violations(author)
    assert not violations, "\n".join(violations)
