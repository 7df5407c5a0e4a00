"""In the browser: a coordinator nominates, the Secretariat validates, a focal point finds her under 'reachable now'."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from enlace.accounts.models import User
from enlace.common.testing import make_user, sign_in_browser
from enlace.directory.models import Designation, DesignationStatus
from enlace.directory.testing import join, make_designation, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def _signed_in_page(browser: Browser, base: str, user: User) -> Page:
    page = browser.new_page()
    sign_in_browser(page, base, user)
    return page


def _violations(page: Page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{page.url}: {v['id']} {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_nominate_validate_then_reachable_now(live_server: Any, browser: Browser) -> None:
    """The whole designation chain through the pages, with axe on every directory page."""
    base = live_server.url
    join("AR", "counterterrorism")
    candidate = make_person("AR", hours={str(d): [["00:00", "23:59"]] for d in range(7)})
    coordinator = make_user("national_coordinator", state="AR")
    officer = make_user("secretariat_officer", program="cybersecurity")
    focal = make_user("focal_point", state="CL")
    make_designation("CL", "counterterrorism", person=make_person("CL", user=focal))
    violations: list[str] = []

    page = _signed_in_page(browser, base, coordinator)
    page.goto(f"{base}/directory/designations/nominate/")
    violations += _violations(page)
    page.select_option("select[name=network]", label="Inter-American Counterterrorism Network")
    page.select_option("select[name=state]", label="Argentina")
    page.select_option("select[name=person]", value=str(candidate.pk))
    page.select_option("select[name=role]", "primary")
    page.fill("input[name=note_verbale_number]", "NV-ARG-7/2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/directory/designations/$"))
    expect(page.locator(".message.success")).to_be_visible()
    violations += _violations(page)
    page.close()

    page = _signed_in_page(browser, base, officer)
    page.goto(f"{base}/directory/designations/?status=proposed")
    row = page.locator("tbody tr", has_text=candidate.full_name)
    row.get_by_role("button", name="Validate").click()
    page.wait_for_load_state()
    expect(page.locator(".message.success")).to_be_visible()
    assert Designation.objects.get(person=candidate).status == DesignationStatus.ACTIVE
    page.close()

    page = _signed_in_page(browser, base, focal)
    page.goto(f"{base}/directory/")
    violations += _violations(page)
    page.get_by_role("link", name="Inter-American Counterterrorism Network").click()
    violations += _violations(page)
    page.get_by_role("link", name="Reachable now in Argentina").click()
    expect(page.locator("h1")).to_contain_text("Argentina")
    expect(page.locator(".call-list li").first).to_contain_text(candidate.full_name)
    expect(page.locator(".call-list li").first).to_contain_text("on call")
    violations += _violations(page)
    page.get_by_role("link", name=candidate.full_name).click()
    expect(page.locator("h1")).to_have_text(candidate.full_name)
    violations += _violations(page)
    assert not violations, "\n".join(violations)
