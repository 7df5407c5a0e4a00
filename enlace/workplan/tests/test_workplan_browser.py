"""In the browser: the Secretariat uploads the seed work plan and sees its tree, records an activity implementing
a mandate, adds a partner to it and finds it in the coverage view; axe on every work-plan page and the
progress report."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.common.tests.test_browser import SCREENSHOTS, _axe_violations
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.workplan.models import ProposedActivity
from enlace.workplan.testing import SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_the_secretariat_uploads_the_seed_and_sees_the_tree(live_server: Any, browser: Browser, tmp_path: Any) -> None:
    base = live_server.url
    officer = _signed_in_page(browser, base, make_user("secretariat_officer", program="cybersecurity"))
    violations: list[str] = []

    violations += _axe_violations(officer, f"{base}/workplan/")  # axe, and reflow at 320 CSS px
    officer.get_by_role("link", name="Import an approved work plan").click()
    officer.wait_for_url(re.compile(r"/workplan/import/$"))
    violations += _violations(officer)

    garbage = tmp_path / "plan.docx"
    garbage.write_bytes(b"this is not a Word document")
    officer.set_input_files("input[name=file]", str(garbage))
    officer.get_by_role("button", name="Import").click()
    expect(officer.locator("#import-problems li[data-code=not_docx]")).to_be_visible()
    violations += _violations(officer)

    officer.set_input_files("input[name=file]", str(SEED))
    officer.get_by_role("button", name="Import").click()
    officer.wait_for_url(re.compile(r"/workplan/2021-2022/$"))
    expect(officer.locator(".message.success")).to_contain_text("2021-2022")
    expect(officer.get_by_role("heading", name="Maritime protection")).to_be_visible()
    expect(officer.locator("section.panel")).to_have_count(7)
    assert ProposedActivity.objects.count() == 61
    violations += _violations(officer)
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        officer.screenshot(path=SCREENSHOTS / "workplan-tree.png", full_page=True)
    officer.get_by_role("link", name="Changes from the previous plan").click()
    officer.wait_for_url(re.compile(r"/changes/$"))
    violations += _axe_violations(officer, officer.url)

    officer.goto(f"{base}/workplan/activities/new/")
    violations += _violations(officer)
    officer.fill("input[name=title]", "National cybersecurity strategy workshop")
    officer.select_option("select[name=program]", label="Cybersecurity")
    officer.select_option("select[name=kind]", "workshop")
    officer.select_option("select[name=modality]", "in_person")
    officer.fill("input[name=starts_on]", "2022-03-01")
    first = ProposedActivity.objects.order_by("source_line").first()
    assert first is not None
    officer.select_option("select[name=implements]", str(first.pk))
    officer.get_by_role("button", name="Save").click()
    officer.wait_for_url(re.compile(r"/workplan/activities/\d+/$"))
    violations += _axe_violations(officer, officer.url)
    officer.get_by_text("Add a partner").click()  # HTMX swaps the partners-and-budgets section
    officer.fill("input[name=partner-name]", "Government of Canada")
    officer.select_option("select[name=partner-role]", "1")
    officer.get_by_role("button", name="Add the partner").click()
    expect(officer.locator("#parts")).to_contain_text("Government of Canada")
    officer.get_by_text("Add a budget period").click()
    violations += _violations(officer)
    violations += _axe_violations(officer, f"{base}/workplan/reports/cybersecurity/?from=2022-01-01&to=2022-12-31")
    violations += _axe_violations(officer, f"{base}/workplan/activities/")
    violations += _axe_violations(officer, f"{base}/workplan/2021-2022/coverage/")
    expect(officer.locator(f"#mandate-{first.pk}")).to_contain_text("National cybersecurity strategy workshop")
    violations += _axe_violations(officer, f"{base}/workplan/2021-2022/")
    assert not violations, "\n".join(violations)
