"""In the browser: a Secretariat officer uploads a PDF, adds its Spanish translation (a DOCX) and publishes; a
focal point of the owning state finds it with an accent-free Spanish query, snippet highlighted; axe on the
upload, document and search pages."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from enlace.common.testing import make_user
from enlace.common.tests.test_browser import SCREENSHOTS, _axe_violations
from enlace.directory.tests.test_directory_browser import _signed_in_page, _violations
from enlace.geo.models import MemberState
from enlace.library.models import Translation, Work, WorkStatus
from enlace.library.testing import docx_bytes, pdf_bytes
from enlace.workplan.models import Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

ENGLISH = "Guide to the prevention of terrorist financing\nPort facilities share suspicious transaction reports."
SPANISH = (
    "Guía para la prevención del financiamiento del terrorismo\n"
    "Las instalaciones portuarias comparten reportes de operaciones sospechosas."
)


def test_upload_translate_publish_then_find_in_spanish(live_server: Any, browser: Browser, tmp_path: Any) -> None:
    base = live_server.url
    officer = _signed_in_page(browser, base, make_user("secretariat_officer", program="cybersecurity"))
    violations: list[str] = []

    violations += _axe_violations(officer, f"{base}/library/")
    officer.get_by_role("link", name="Add a document").click()
    officer.wait_for_url(re.compile(r"/library/new/$"))
    violations += _violations(officer)
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(pdf_bytes(ENGLISH))
    officer.fill("input[name=title]", "Guide to the prevention of terrorist financing")
    officer.fill("input[name=creator]", "CICTE Secretariat")
    officer.locator("main select[name=language]").select_option("en")
    officer.select_option("select[name=document_type]", "guide")
    officer.select_option("select[name=access_level]", "state")
    chile = MemberState.objects.get(iso2="CL")
    officer.select_option("select[name=owner_state]", str(chile.pk))
    officer.check(f"input[name=programs][value='{Program.objects.get(code='cybersecurity').pk}']")
    officer.set_input_files("input[name=upload]", str(pdf))
    officer.get_by_role("button", name="Save as draft").click()
    officer.wait_for_url(re.compile(r"/library/enlace-lib-[0-9a-f]{12}/$"))
    expect(officer.locator(".message.success")).to_be_visible()
    violations += _violations(officer)
    work = Work.objects.get()
    assert Translation.objects.get(work=work, language="en").versions.get().content_type == "application/pdf"

    docx = tmp_path / "guia.docx"
    docx.write_bytes(docx_bytes(SPANISH))
    add = officer.locator("form[action$='/translations/']")
    add.locator("select[name=language]").select_option("es")
    add.locator("input[name=title]").fill("Guía para la prevención del financiamiento del terrorismo")
    add.locator("input[name=upload]").set_input_files(str(docx))
    add.get_by_role("button", name="Add the translation").click()
    officer.wait_for_url(re.compile(r"/library/enlace-lib-[0-9a-f]{12}/$"))
    expect(officer.locator(".message.success")).to_be_visible()
    assert "instalaciones portuarias" in Translation.objects.get(work=work, language="es").versions.get().text

    officer.get_by_role("button", name="Publish").click()
    officer.wait_for_url(re.compile(r"/library/enlace-lib-[0-9a-f]{12}/$"))
    expect(officer.locator(".message.success")).to_be_visible()
    work.refresh_from_db()
    assert work.status == WorkStatus.PUBLISHED
    violations += _axe_violations(officer, officer.url)

    focal = _signed_in_page(browser, base, make_user("focal_point", state="CL", language="es"))
    focal.goto(f"{base}/library/")
    search = focal.locator("form[role=search]")
    search.locator("input[name=q]").fill("prevencion terroristas")
    search.locator("select[name=language]").select_option("es")
    search.locator("button[type=submit]").click()
    focal.wait_for_url(re.compile(r"q=prevencion.*language=es"))
    results = focal.locator("ol.results > li")
    expect(results).to_have_count(1)
    expect(results.first.get_by_role("link")).to_have_text("Guía para la prevención del financiamiento del terrorismo")
    marks = results.first.locator(".snippet mark")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} & {"prevencion", "prevención"}
    violations += _violations(focal)
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        focal.screenshot(path=SCREENSHOTS / "library-search-es.png", full_page=True)

    stranger = _signed_in_page(browser, base, make_user("focal_point", state="AR", language="es"))
    stranger.goto(f"{base}/library/?q=prevencion&language=es")
    expect(stranger.locator("ol.results > li")).to_have_text([re.compile(r"\S")])
    expect(stranger.locator("ol.results a")).to_have_count(0)  # another state's work: not found
    assert not violations, "\n".join(violations)


def test_an_officer_edits_a_published_work_and_the_search_finds_the_new_title(
    live_server: Any, browser: Browser
) -> None:
    from enlace.library.testing import make_work

    officer_user = make_user("secretariat_officer", program="cybersecurity")
    work = make_work(
        officer_user,
        "Port security checklist",
        "harbour",
        access_level="public",
        programs=[Program.objects.get(code="cybersecurity")],
        publish_by=officer_user,
    )
    base = live_server.url
    officer = _signed_in_page(browser, base, officer_user)
    officer.goto(f"{base}/library/{work.identifier}/")
    officer.get_by_role("link", name="Edit the metadata").click()
    officer.wait_for_url(re.compile(r"/edit/$"))
    violations = _violations(officer)
    expect(officer.locator("input[name=title]")).to_have_value("Port security checklist")
    officer.fill("input[name=title]", "Harbour security checklist")
    officer.fill("input[name=subject]", "maritime security")
    officer.get_by_role("button", name="Save the changes").click()
    officer.wait_for_url(re.compile(r"/library/enlace-lib-[0-9a-f]{12}/$"))
    expect(officer.locator(".message.success")).to_be_visible()
    expect(officer.locator("h1")).to_have_text("Harbour security checklist")
    if os.environ.get("ENLACE_SCREENSHOTS") == "1":
        officer.goto(f"{base}/library/{work.identifier}/edit/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        officer.screenshot(path=SCREENSHOTS / "library-edit.png", full_page=True)
    officer.goto(f"{base}/library/?q=harbour+checklist")
    expect(officer.locator("ol.results > li").first.get_by_role("link")).to_have_text("Harbour security checklist")
    assert not violations, "\n".join(violations)
