"""The work-plan pages over HTTP: the Secretariat uploads (text, DOCX, Spanish), refusals shown with their codes and
nothing written, other personas get 404; members read the plan, its tree and the changes from the previous term."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.workplan.actions import import_plan
from enlace.workplan.models import PlanObjective, PlanProgram, ProposedActivity, WorkPlan
from enlace.workplan.testing import SEED, docx_from_text, seed_bytes, spanish_bytes

pytestmark = pytest.mark.django_db

URL = "/workplan/import/"


def _state() -> tuple[int, ...]:
    return (
        WorkPlan.objects.count(),
        PlanProgram.objects.count(),
        PlanObjective.objects.count(),
        ProposedActivity.objects.count(),
        AuditRecord.objects.filter(action="workplan.import").count(),
    )


def _upload(client: Client, data: bytes, name: str = "plan.txt", **fields: str) -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "term": "", "language": "", **fields})


def _changed_seed() -> bytes:
    text = SEED.read_text().replace("· Peer review exercises. \n", "")
    text = text.replace(
        "· Design and deployment of cybersecurity awareness campaigns.",
        "· Design and deployment of national cybersecurity awareness campaigns.",
    )
    text = text.replace("· Exchanges of experiences", "· Annual meeting of the Network.\n· Exchanges of experiences")
    return text.encode()


def test_the_secretariat_uploads_the_seed_and_sees_the_tree(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    assert officer.get(URL).status_code == 200
    response = _upload(officer, seed_bytes(), "cicte-work-plan-2021-2022.txt")
    assert response.status_code == 302
    assert response["Location"] == "/workplan/2021-2022/"
    assert _state() == (1, 11, 11, 61, 1)
    record = AuditRecord.objects.get(action="workplan.import")
    assert record.actor is not None
    assert record.actor.email == "officer@example.org"
    page = officer.get("/workplan/2021-2022/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Maritime protection" in html
    assert "Supply chain security / authorized economic operators" in html
    assert "Support for the development and implementation of national cybersecurity strategies" in html
    assert "bookmark" not in html
    assert len(page.context["programs"]) == 7
    assert [len(p.children) for p in page.context["programs"]] == [0, 0, 0, 4, 0, 0, 0]


def test_uploading_the_same_plan_again_changes_nothing(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    _upload(officer, seed_bytes())
    before = (_state(), AuditRecord.objects.count())
    again = _upload(officer, docx_from_text(SEED.read_text()), "plan.docx", term="2021-2022", language="en")
    assert again.status_code == 302
    assert (_state(), AuditRecord.objects.count()) == before


def test_a_docx_and_a_spanish_plan_are_uploaded(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    assert _upload(officer, docx_from_text(SEED.read_text()), "plan.docx").status_code == 302
    assert WorkPlan.objects.get().source_format == "docx"
    response = _upload(officer, spanish_bytes(), "plan-es.txt", term="2025-2026", language="es")
    assert response.status_code == 302
    plan = WorkPlan.objects.get(term="2025-2026")
    assert plan.language == "es"
    html = officer.get("/workplan/2025-2026/").content.decode()
    assert '<div lang="es">' in html
    assert "Protección marítima" in html


@pytest.mark.parametrize(
    ("name", "data", "fields", "code"),
    [
        ("empty.txt", b"", {}, "empty"),
        ("garbage.txt", bytes(random.Random(7).randrange(256) for _ in range(2048)), {}, "not_text"),  # noqa: S311
        ("plan.docx", b"1. Cybersecurity\nObjective:\n", {}, "not_docx"),
        ("notes.txt", b"I. Introduction\n\nProse only, for the 2027-2028 term.\n", {}, "no_programs"),
        ("seed.txt", SEED.read_bytes(), {"language": "es"}, "language"),
    ],
)
def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_written(
    client_as: Callable[[str], Client], name: str, data: bytes, fields: dict[str, str], code: str
) -> None:
    officer = client_as("officer")
    response = _upload(officer, data, name, **fields)
    assert response.status_code == 400
    assert [p.code for p in response.context["problems"]] == [code]
    assert f'data-code="{code}"' in response.content.decode()
    assert _state() == (0, 0, 0, 0, 0)


def test_the_report_says_where_and_why_in_english_for_an_english_user(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")  # the persona's preferred language is English
    response = _upload(officer, SEED.read_bytes(), "seed.txt", language="es")
    html = response.content.decode()
    assert "<strong>line 30</strong>" in html
    assert "but the headings of this plan are in" in html


def test_a_changed_plan_under_an_imported_term_is_refused(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    _upload(officer, seed_bytes())
    before = _state()
    response = _upload(officer, _changed_seed(), "changed.txt", term="2021-2022")
    assert response.status_code == 400
    assert [p.code for p in response.context["problems"]] == ["term_changed"]
    assert _state() == before


def test_a_bad_term_in_the_form_is_refused(client_as: Callable[[str], Client]) -> None:
    response = _upload(client_as("officer"), seed_bytes(), term="21-22")
    assert response.status_code == 400
    assert "term" in response.context["form"].errors
    assert _state() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("who", ["focal_point", "coordinator", "csirt_analyst", "expert", "donor"])
def test_only_the_secretariat_imports(client_as: Callable[[str], Client], who: str) -> None:
    client = client_as(who)
    assert client.get(URL).status_code == 404
    assert _upload(client, seed_bytes()).status_code == 404
    assert _state() == (0, 0, 0, 0, 0)


def test_members_read_the_plan_in_their_language_and_the_text_stays_in_its_own(
    client_as: Callable[[str], Client], persona: Callable[[str], User]
) -> None:
    import_plan(actor=None, data=seed_bytes(), filename="seed.txt")
    reader = persona("focal_point")
    reader.preferred_language = "es"
    reader.save(update_fields=["preferred_language"])
    client = client_as("focal_point")
    listing = client.get("/workplan/")
    assert listing.status_code == 200
    assert '<html lang="es">' in listing.content.decode()
    assert listing.context["object_list"][0].activity_count == 61
    assert listing.context["can_import"] is False
    html = client.get("/workplan/2021-2022/").content.decode()
    assert '<html lang="es">' in html
    assert '<div lang="en">' in html
    assert "Design and deployment of cybersecurity awareness campaigns." in html
    assert client.get("/workplan/2019-2020/").status_code == 404


def test_the_changes_page_lists_what_was_added_removed_and_changed(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    _upload(officer, seed_bytes())
    first = officer.get("/workplan/2021-2022/changes/")
    assert first.status_code == 200
    assert first.context["previous"] is None
    assert _upload(officer, _changed_seed(), "2023.txt", term="2023-2024").status_code == 302
    page = officer.get("/workplan/2023-2024/changes/")
    assert page.status_code == 200
    totals = page.context["totals"]
    assert (totals["activity_added"], totals["activity_removed"], totals["activity_changed"]) == (1, 1, 1)
    assert (totals["objective_added"], totals["objective_removed"], totals["objective_changed"]) == (0, 0, 0)
    changes = {(c.kind, c.old, c.new) for s in page.context["sections"] for c in s.changes}
    assert changes == {
        ("added", "", "Annual meeting of the Network."),
        ("removed", "Peer review exercises.", ""),
        (
            "changed",
            "Design and deployment of cybersecurity awareness campaigns.",
            "Design and deployment of national cybersecurity awareness campaigns.",
        ),
    }
    html = page.content.decode()
    assert '<ins lang="en">Annual meeting of the Network.</ins>' in html
    assert '<del lang="en">Peer review exercises.</del>' in html


def test_the_api_lists_plans_and_returns_the_tree(client_as: Callable[[str], Client]) -> None:
    import_plan(actor=None, data=seed_bytes(), filename="seed.txt")
    client = client_as("donor")
    listing = client.get("/api/v1/workplans/").json()
    assert [p["term"] for p in listing] == ["2021-2022"]
    tree = client.get("/api/v1/workplans/2021-2022/").json()
    assert tree["language"] == "en"
    assert [p["program"] for p in tree["programs"]] == [
        "cybersecurity",
        "wmd-1540",
        "violent-extremism",
        "border-security",
        "mass-gatherings",
        "terrorism-financing",
        "counterterrorism-network",
    ]
    border = tree["programs"][3]
    assert [s["title"] for s in border["subprograms"]] == [
        "Maritime protection",
        "Aviation security",
        "Cargo and container security",
        "Supply chain security / authorized economic operators",
    ]
    assert [len(s["activities"]) for s in border["subprograms"]] == [5, 3, 8, 5]
    assert tree["programs"][0]["activities"][0]["source_line"] == 36
    assert client.get("/api/v1/workplans/2019-2020/").status_code == 404
