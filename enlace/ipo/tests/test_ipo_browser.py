"""In the browser: the calendar, a lesson validated through its page, and the public catalogue; axe on each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.ipo.models import Lesson, Stage
from enlace.ipo.testing import make_event, make_lesson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_calendar_lesson_validation_and_public_catalogue_are_accessible(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    officer = make_user("secretariat_officer", program="cybersecurity")
    event = make_event("BR", access="public", name_en="Carnival in Rio", starts_on=date(2027, 2, 5),
                       ends_on=date(2027, 2, 10))  # fmt: skip
    lesson = make_lesson(officer, access="public", stage=Stage.OBSERVATION, title="Lost children", event=event)
    violations: list[str] = []

    page = _signed_in_page(browser, base, officer)
    page.goto(f"{base}/ipo/events/calendar/?year=2027&month=2")
    expect(page.locator("caption")).to_contain_text("2027")
    expect(page.get_by_role("link", name="Carnival in Rio").first).to_be_visible()
    violations += _violations(page)
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("caption")).to_contain_text("March")
    violations += _violations(page)

    page.goto(f"{base}/ipo/lessons/{lesson.pk}/")
    violations += _violations(page)
    page.locator("form[action$='/validate/']").get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.stage == Stage.VALIDATED
    violations += _violations(page)

    anonymous = browser.new_page()
    anonymous.goto(f"{base}/ipo/public/lessons/")
    expect(anonymous.get_by_role("link", name="Lost children")).to_be_visible()
    violations += _violations(anonymous)
    anonymous.goto(f"{base}/ipo/public/events/{event.pk}/")
    violations += _violations(anonymous)
    assert not violations, violations
