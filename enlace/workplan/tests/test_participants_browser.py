"""In the browser: the Secretariat records a training, imports its attendance list from a CSV (preview, then
confirm), issues certificates, and the program's gender dashboard shows the new share; axe on every page."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.common.tests.test_browser import SCREENSHOTS, _axe_violations
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.workplan.participants import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

ATTENDANCE = (
    "Name,E-mail,Sex,State,Institution,Institution type,Status\n"
    "Ana Prieto,ana@example.org,F,AR,CERT.ar,CSIRT,completed\n"
    "Bruno Díaz,bruno@example.org,M,UY,Antel,private,completed\n"
    "Carlos Ruiz,carlos@example.org,M,AR,Ministry,government,attended\n"
    "Diego Vera,diego@example.org,M,CL,,,attended\n"
)


def test_the_secretariat_imports_attendance_issues_certificates_and_sees_the_gap(
    live_server: Any, browser: Browser, tmp_path: Any
) -> None:
    base = live_server.url
    officer = _signed_in_page(browser, base, make_user("secretariat_officer", program="cybersecurity"))
    violations: list[str] = []

    violations += _axe_violations(officer, f"{base}/workplan/gender/cybersecurity/")
    officer.fill("input[name=share_percent]", "40")
    officer.fill("input[name=from_year]", "2026")
    officer.get_by_role("button", name="Save the target").click()
    expect(officer.locator("#gender-targets")).to_contain_text("40% from 2026")

    officer.goto(f"{base}/workplan/activities/new/")
    officer.fill("input[name=title]", "Incident response training")
    officer.select_option("select[name=program]", label="Cybersecurity")
    officer.select_option("select[name=kind]", "training")
    officer.select_option("select[name=modality]", "virtual")
    officer.fill("input[name=starts_on]", "2026-03-02")
    officer.get_by_role("button", name="Save").click()
    officer.wait_for_url(re.compile(r"/workplan/activities/\d+/$"))
    violations += _violations(officer)

    officer.get_by_role("link", name="Import an attendance list").first.click()
    officer.wait_for_url(re.compile(r"/participants/import/$"))
    violations += _violations(officer)
    bad = tmp_path / "bad.csv"
    bad.write_text(ATTENDANCE + "Eve,eve@example.org,X,Atlantis,,,attended\n", encoding="utf-8")
    officer.set_input_files("input[name=file]", str(bad))
    officer.get_by_role("button", name="Preview").click()
    expect(officer.locator("#row-problems li[data-row='6'][data-column='state']")).to_be_visible()
    expect(officer.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    violations += _violations(officer)

    good = tmp_path / "attendance.csv"
    good.write_text(ATTENDANCE, encoding="utf-8")
    officer.set_input_files("input[name=file]", str(good))
    officer.get_by_role("button", name="Preview").click()
    expect(officer.locator("#preview tbody tr")).to_have_count(4)
    violations += _violations(officer)
    officer.get_by_role("button", name="Import 4 participants").click()
    officer.wait_for_url(re.compile(r"/participants/$"))
    expect(officer.locator(".message.success")).to_contain_text("4 added")
    expect(officer.locator("#participants tbody tr")).to_have_count(4)

    officer.get_by_role("button", name="Issue certificates").click()
    officer.wait_for_url(re.compile(r"/participants/$"))
    expect(officer.locator("td[data-status=certified]")).to_have_count(4)
    violations += _violations(officer)
    assert Certificate.objects.count() == 4

    code = Certificate.objects.get(participation__participant__email="ana@example.org").code
    violations += _axe_violations(officer, f"{base}/workplan/certificates/verify/{code}/")
    expect(officer.locator("#verdict")).to_contain_text("genuine")

    violations += _axe_violations(officer, f"{base}/workplan/gender/cybersecurity/")
    row = officer.locator("#gender-years tr[data-year='2026']")
    expect(row.locator("td[data-share]")).to_have_text("25.0%")
    expect(row.locator("td[data-target]")).to_have_text("40%")
    expect(row.locator("td[data-gap]")).to_have_text("-15.0")
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        officer.screenshot(path=SCREENSHOTS / "workplan-gender.png", full_page=True)
    violations += _axe_violations(officer, f"{base}/workplan/gender/")
    violations += _axe_violations(officer, f"{base}/workplan/participants/counts/")
    assert not violations, "\n".join(violations)
