"""In the browser: the Secretariat launches an exercise, a focal point answers it in-app, the results show it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.directory.models import Exercise, ExerciseStatus
from enlace.directory.testing import join, make_designation, make_person
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_launch_answer_in_app_and_read_the_results(live_server: Any, browser: Browser) -> None:
    """Launch → in-app notice → one-click acknowledgement → results and report over time; axe on each page."""
    base = live_server.url
    join("AR", "counterterrorism")
    officer = make_user("secretariat_officer", program="cybersecurity")
    focal = make_user("focal_point", state="AR")
    make_designation("AR", "counterterrorism", person=make_person("AR", user=focal))
    violations: list[str] = []

    page = _signed_in_page(browser, base, officer)
    page.goto(f"{base}/directory/exercises/new/")
    violations += _violations(page)
    page.select_option("select[name=network]", label="Inter-American Counterterrorism Network")
    page.select_option("select[name=states]", label="Argentina")
    page.fill("input[name=escalate_after]", "30")
    expect(page.get_by_label("In-app notification")).to_be_checked()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/directory/exercises/\d+/$"))
    expect(page.locator(".message.success")).to_be_visible()
    violations += _violations(page)
    exercise = Exercise.objects.get()
    officer_page = page  # kept open: signing in again within the same TOTP step would be refused as a replay

    page = _signed_in_page(browser, base, focal)
    page.goto(f"{base}/dashboard/")
    notice = page.locator("#unread-heading + ul a").first
    expect(notice).to_contain_text("Inter-American Counterterrorism Network")
    violations += _violations(page)
    page.goto(f"{base}/notifications/")
    violations += _violations(page)
    page.locator(".notification-list a").first.click()
    page.wait_for_url(re.compile(r"/directory/ack/"))
    violations += _violations(page)
    page.get_by_role("button", name="I received it").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    page.close()

    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.CLOSED  # the only state answered
    page = officer_page
    page.goto(f"{base}/directory/exercises/{exercise.pk}/")
    expect(page.locator("tbody tr", has_text="Argentina").first).to_contain_text("answered")
    page.goto(f"{base}/directory/exercises/over-time/counterterrorism/")
    expect(page.locator("#trend-caption")).to_be_visible()
    violations += _violations(page)
    page.goto(f"{base}/directory/exercises/")
    violations += _violations(page)
    page.close()
    assert not violations, "\n".join(violations)
