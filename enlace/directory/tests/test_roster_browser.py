"""In the browser: the Secretariat finds a person by name and puts her on the roster, then keeps her
availability windows and certifications in place (htmx), with axe on every page and partial."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from enlace.common.testing import make_user, sign_in_browser
from enlace.directory.models import Certification, Expert
from enlace.directory.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def _violations(page: Page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{page.url}: {v['id']} {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_find_a_person_put_her_on_the_roster_and_keep_her_windows(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    person = make_person("PA")
    person.full_name = "José Ángel Muñoz"
    person.save(update_fields=["full_name"])
    officer = make_user("secretariat_officer", program="cybersecurity")
    violations: list[str] = []

    page = browser.new_page()
    sign_in_browser(page, base, officer)
    page.goto(f"{base}/directory/experts/new/")
    violations += _violations(page)
    page.get_by_label("Find a person").fill("jose angel")  # no accents: found all the same
    choice = page.get_by_label(re.compile("José Ángel Muñoz"))
    expect(choice).to_be_visible()
    violations += _violations(page)
    choice.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/directory/experts/\d+/$"))
    expert = Expert.objects.get(person=person)
    Certification.objects.create(
        expert=expert, name="GCIH", issuer="GIAC", obtained_on=date(2019, 1, 1), expires_on=date(2021, 1, 1)
    )
    page.reload()
    violations += _violations(page)

    windows = page.locator("#windows")
    windows.get_by_label("From").fill("2027-01-10")
    windows.get_by_label("To", exact=True).fill("2027-03-31")
    windows.get_by_role("button", name="Add").click()
    expect(page.locator("#windows li").first).to_contain_text("Available")
    assert expert.windows.count() == 1
    # An overlapping window: the section comes back with the message, nothing saved.
    windows.get_by_label("From").fill("2027-02-01")
    windows.get_by_role("button", name="Add").click()
    expect(page.locator("#windows .error")).to_contain_text("overlaps")
    assert expert.windows.count() == 1
    violations += _violations(page)
    page.locator("#windows li").first.get_by_role("link", name=re.compile("Edit")).click()
    edit = page.locator("#windows li form").first
    expect(edit).to_be_visible()
    edit.get_by_label("Availability").select_option("partial")
    violations += _violations(page)
    edit.get_by_role("button", name="Save").click()
    expect(page.locator("#windows li").first).to_contain_text("Partially available")

    page.locator("#certifications li").first.get_by_role("link", name=re.compile("Edit")).click()
    form = page.locator("#certifications li form").first
    form.get_by_label("Expires").fill("2031-01-01")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#certifications")).not_to_contain_text("expired")
    violations += _violations(page)
    page.close()
    assert not violations, "\n".join(violations)
