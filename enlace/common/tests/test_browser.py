"""End-to-end journeys in Debian's Chromium: sign-in, language, profile, API tokens, accessibility."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from enlace.accounts.models import ApiToken, User
from enlace.common.testing import PASSWORD, make_user, sign_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _sign_in(page: Page, base: str) -> User:
    """Create a focal point and sign her in through the password and TOTP pages."""
    user = make_user("focal_point", state="CL")
    sign_in_browser(page, base, user)
    return user


def _axe_violations(page: Page, url: str) -> list[str]:
    """Open `url`; describe each axe violation (rule id, nodes) and any sideways scrolling at 320 CSS px."""
    page.goto(url)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = [
        f"{url}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']]} {v['nodes'][0]['failureSummary']}"
        for v in results.response["violations"]
    ]
    viewport = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        found.append(f"{url}: reflow (WCAG 1.4.10): {width[0]} px wide in a 320 px viewport")
    if viewport:
        page.set_viewport_size(viewport)
    return found


def test_sign_in_with_password_and_totp_shows_dashboard(live_server: Any, page: Page) -> None:
    """A focal point signs in with password and TOTP code and lands on a dashboard greeting her."""
    user = _sign_in(page, live_server.url)
    expect(page.locator("h1")).to_contain_text(user.full_name)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_language_switcher_changes_lang_and_preference(live_server: Any, page: Page) -> None:
    """Choosing Español in the header switches the page language and saves the user's preference."""
    user = _sign_in(page, live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language-select", "es")
    page.locator("form.lang-switch button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url.endswith("/dashboard/")
    user.refresh_from_db()
    assert user.preferred_language == "es"
    page.goto(f"{live_server.url}/me/profile/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#language-select")).to_have_value("es")


def test_profile_edit_saves_full_name(live_server: Any, page: Page) -> None:
    """Changing the full name on the profile page saves it and shows it back."""
    user = _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/me/profile/")
    expect(page.locator("input[name=full_name]")).to_have_value(user.full_name)
    page.fill("input[name=full_name]", "María José Ortúzar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("input[name=full_name]")).to_have_value("María José Ortúzar")
    user.refresh_from_db()
    assert user.full_name == "María José Ortúzar"
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("h1")).to_contain_text("María José Ortúzar")


def _submit_token_form(page: Page) -> None:
    """Fill in and submit the new-token form."""
    page.fill("#token-area input[name=name]", "Nightly sync")
    page.select_option("#token-area select[name=scope]", "read")
    page.fill("#token-area input[name=days]", "30")
    page.locator("#token-area form").get_by_role("button", name="Create token").click()


def test_api_token_created_after_reauthentication_then_revoked(live_server: Any, page: Page) -> None:
    """Creating a token asks for the password again, shows the secret once, and it can be revoked."""
    user = _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/me/tokens/")
    _submit_token_form(page)
    # Signing in is not enough: allauth asks for the password again, then replays the creation.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/me/tokens/$"))
    secret = page.locator("#new-token-value")
    expect(secret).to_have_value(re.compile(r"^enl_[0-9a-f]{12}_\S{20,}$"))
    token = ApiToken.objects.get(user=user)
    assert secret.input_value().startswith(f"enl_{token.key_id}_")
    assert token.matches(secret.input_value().split("_", 2)[2])

    page.goto(f"{live_server.url}/me/tokens/")
    expect(page.locator("#new-token-value")).to_have_count(0)  # the secret is shown once only
    row = page.locator("#token-area tbody tr", has_text="Nightly sync")
    expect(row.locator("td").nth(5)).to_have_text("active")
    page.on("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke Nightly sync").click()
    expect(row.locator("td").nth(5)).to_have_text("revoked")
    expect(row.get_by_role("button")).to_have_count(0)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not token.is_usable


def test_pages_have_no_axe_violations(live_server: Any, page: Page) -> None:
    """Public and signed-in pages pass axe's WCAG 2.2 AA rules and reflow at 320 px; optionally saves screenshots."""
    base = live_server.url
    shots = os.environ.get("ENLACE_SCREENSHOTS") == "1"
    if shots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    violations = _axe_violations(page, f"{base}/")
    if shots:
        page.screenshot(path=SCREENSHOTS / "home.png", full_page=True)
    violations += _axe_violations(page, f"{base}/accounts/login/")
    _sign_in(page, base)
    for path in ("/dashboard/", "/me/profile/", "/me/tokens/", "/accounts/2fa/"):
        violations += _axe_violations(page, f"{base}{path}")
        if shots and path == "/dashboard/":
            page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)
    assert not violations, "\n".join(violations)
