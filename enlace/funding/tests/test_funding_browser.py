"""In the browser: an officer records a commitment through the form and sees it on the overview, then reverses
another from the transactions table; axe (and reflow at 320 CSS px) on every funding page, for the Secretariat
and for a donor user."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.common.tests.test_browser import _axe_violations
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.funding import actions
from enlace.funding.models import Transaction
from enlace.funding.testing import make_activity, make_funded_world
from enlace.workplan.models import Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_funding_pages_work_and_pass_axe(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    admin = make_user("secretariat_admin")
    donor_user = make_user("donor")
    world = make_funded_world(admin, donor_user, make_activity(admin))
    actions.set_requirement(
        actor=admin, year=2026, amount_usd=Decimal("5000"), program=Program.objects.get(code="cybersecurity")
    )
    actions.set_rate(actor=admin, currency="EUR", usd_per_unit=Decimal("1.1"), valid_from=date(2025, 1, 1))
    officer = _signed_in_page(browser, base, make_user("secretariat_officer", program="cybersecurity"))
    violations: list[str] = []

    officer.goto(f"{base}/funding/transactions/new/")
    violations += _violations(officer)
    officer.select_option("select[name=type]", "11")
    officer.fill("input[name=value]", "2000")
    officer.select_option("select[name=currency]", "EUR")
    officer.fill("input[name=value_date]", "2026-03-01")
    officer.select_option("select[name=earmarking]", "softly")
    officer.select_option("select[name=program]", label="Cybersecurity")
    officer.get_by_role("button", name="Save").click()
    officer.wait_for_url(re.compile(r"/funding/$"))
    expect(officer.locator("tr[data-program=cybersecurity] td.committed")).to_have_text("2,950.00")  # 750 + 2,200

    # the world's commitment was entered by mistake: reverse it from the program's transactions
    officer.goto(f"{base}/funding/programs/cybersecurity/")
    row = officer.locator(f"#transaction-{world['transaction'].pk}")
    row.locator("summary").click()
    row.get_by_label("Reason for the reversal").fill("Entered twice")
    row.get_by_role("button", name="Reverse").click()
    officer.wait_for_url(re.compile(r"/funding/programs/cybersecurity/$"))
    expect(officer.locator(f"#transaction-{world['transaction'].pk}.reversed")).to_contain_text("Entered twice")
    officer.goto(f"{base}/funding/")
    expect(officer.locator("tr[data-program=cybersecurity] td.committed")).to_have_text("2,200.00")
    eur = Transaction.objects.get(value=Decimal("2000"))
    for path in (
        "/funding/",
        "/funding/programs/cybersecurity/",
        f"/funding/funds/{world['fund'].pk}/",
        "/funding/donors/",
        f"/funding/donors/{world['donor'].pk}/",
        "/funding/rates/",
        "/funding/donations/",
        "/funding/donations/new/",
        "/funding/requirements/new/",
        f"/funding/transactions/{eur.pk}/correct/",
        f"/funding/transactions/{eur.pk}/reverse/",
        f"/funding/donations/{world['donation'].pk}/edit/",
        "/funding/donations/?withdrawn=1",
    ):
        violations += _axe_violations(officer, f"{base}{path}")

    donor = _signed_in_page(browser, base, donor_user)
    for path in ("/funding/", f"/funding/donors/{world['donor'].pk}/", "/funding/donations/"):
        violations += _axe_violations(donor, f"{base}{path}")
    assert violations == []
