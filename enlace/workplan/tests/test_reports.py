"""The progress report of a program: its figures, the page, the PDF and XLSX downloads (audited), bad periods,
and who may read it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from enlace.accounts.models import User
from enlace.assistance.actions import add_recommendation, record_mission
from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.workplan import reports
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Program

pytestmark = pytest.mark.django_db


def _activity(
    title: str, status: int, starts: date, states: tuple[str, ...], program: str = "cybersecurity"
) -> Activity:
    return create_activity(
        actor=None,
        title=title,
        program=Program.objects.get(code=program),
        kind="training",
        modality="virtual",
        starts_on=starts,
        ends_on=starts + timedelta(days=2),
        status=status,
        states=list(MemberState.objects.filter(iso2__in=states)),
    )


@pytest.fixture
def period() -> dict[str, str]:
    """This year (recommendations are dated when recorded)."""
    year = timezone.localdate().year
    return {"from": f"{year}-01-01", "to": f"{year}-12-31"}


@pytest.fixture
def world(persona: Callable[[str], User], period: dict[str, str]) -> dict[str, Any]:
    year = int(period["from"][:4])
    admin = persona("admin")
    delivered = [
        _activity("Incident handling course", 2, date(year, 3, 1), ("AR", "CL")),
        _activity("Cyber diplomacy workshop", 4, date(year, 6, 1), ("CL", "UY")),
    ]
    _activity("Planned exercise", 1, date(year, 5, 1), ("MX",))  # not delivered
    _activity("Last year's course", 4, date(year - 1, 5, 1), ("BR",))  # outside the period
    _activity("Border workshop", 4, date(year, 5, 1), ("PE",), program="border-security")  # another program
    mission = record_mission(
        actor=admin,
        kind="assessment",
        title="CSIRT assessment",
        state=MemberState.objects.get(iso2="AR"),
        program=Program.objects.get(code="cybersecurity"),
        start_date=date(year, 2, 1),
        end_date=date(year, 2, 3),
    )
    for text in ("Patch", "Train", "Plan"):
        add_recommendation(actor=admin, mission=mission, text=text, due_date=date(year + 1, 1, 1), priority="high")
    return {"delivered": delivered}


def test_the_page_shows_delivered_activities_states_and_recommendations(
    client_as: Callable[[str], Client], world: dict[str, Any], period: dict[str, str]
) -> None:
    response = client_as("officer").get("/workplan/reports/cybersecurity/", period)
    assert response.status_code == 200
    report = response.context["report"]
    assert [a.title for a in report.activities] == ["Incident handling course", "Cyber diplomacy workshop"]
    assert sorted(s.iso2 for s in report.states) == ["AR", "CL", "UY"]
    assert report.participants is None
    assert report.funds is None
    assert ("open", "Open", 3) in report.recommendations
    assert report.overdue == 0
    page = response.content.decode()
    assert "Not recorded yet" in page
    assert "Planned exercise" not in page
    assert "Border workshop" not in page


def test_participants_by_sex_and_funds_come_from_the_register_and_the_funding_app(
    client_as: Callable[[str], Client], persona: Callable[[str], User], world: dict[str, Any], period: dict[str, str]
) -> None:
    from decimal import Decimal

    from enlace.funding import actions as money
    from enlace.workplan.participant_actions import import_attendance

    year = int(period["from"][:4])
    course, workshop = world["delivered"]
    rows = ["name,email,sex,state,status", "Ana,ana@example.org,F,AR,completed", "Eva,eva@example.org,F,CL,attended"]
    rows += [
        "Luis,luis@example.org,M,UY,attended",
        "Sam,sam@example.org,9,UY,attended",
        "Noé,noe@example.org,M,AR,invited",
    ]
    import_attendance(actor=None, activity=course, data="\n".join(rows).encode())
    import_attendance(
        actor=None, activity=workshop, data=b"name,email,sex,state,status\nKim,kim@example.org,0,CL,completed"
    )
    admin = persona("admin")
    money.set_rate(actor=admin, currency="EUR", usd_per_unit=Decimal("1.10"), valid_from=date(year - 1, 1, 1))
    donor = money.create_donor(actor=admin, name="Spain", kind="state")
    fund = money.create_fund(actor=admin, name="Cyber fund", currency="EUR", donors=[donor])
    program = Program.objects.get(code="cybersecurity")
    common = {"actor": admin, "currency": "EUR", "donor": donor, "fund": fund, "earmarking": "earmarked"}
    money.record_transaction(type=13, value=Decimal("500"), value_date=date(year, 1, 5), program=program, **common)
    money.record_transaction(type=11, value=Decimal("1000"), value_date=date(year, 1, 10), program=program, **common)
    money.record_transaction(type=1, value=Decimal("800"), value_date=date(year, 2, 10), program=program, **common)
    money.record_transaction(type=4, value=Decimal("100"), value_date=date(year, 3, 2), program=program, **common)
    money.record_transaction(type=1, value=Decimal("900"), value_date=date(year - 1, 12, 1), program=program, **common)

    report = client_as("officer").get("/workplan/reports/cybersecurity/", period).context["report"]
    # the invited one did not take part; women + men + not known + not applicable = 5 who did
    assert report.participants == reports.ParticipantsBySex(female=2, male=1, not_known=1, not_applicable=1)
    # last year's contribution is outside the period; the pledge is shown, never in a total
    assert report.funds == reports.Funds(
        "USD", Decimal("1100.00"), Decimal("880.00"), Decimal("110.00"), Decimal("550.00"), 0
    )
    workbook = load_workbook(
        io.BytesIO(client_as("admin").get("/workplan/reports/cybersecurity/report.xlsx", period).content)
    )
    summary = {r[0]: r[1] for r in workbook["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Participants (women / men / not known / not applicable)"] == "2 / 1 / 1 / 1"
    assert summary["Pledges (not counted)"] == "550.00 USD"


def test_the_pdf_names_the_program_and_is_audited(
    client_as: Callable[[str], Client], world: dict[str, Any], period: dict[str, str]
) -> None:
    response = client_as("admin").get("/workplan/reports/cybersecurity/report.pdf", period)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cybersecurity" in text
    assert "Incident handling course" in text
    entry = AuditRecord.objects.get(action="workplan.report_export")
    assert entry.changes["file"].endswith(".pdf")


def test_the_workbook_has_one_row_per_delivered_activity(
    client_as: Callable[[str], Client], world: dict[str, Any], period: dict[str, str]
) -> None:
    response = client_as("officer").get("/workplan/reports/cybersecurity/report.xlsx", period)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Activities", "Member states"]
    rows = list(book["Activities"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Incident handling course", "Cyber diplomacy workshop"]
    assert rows[1][5] == "AR, CL"
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Activities delivered"] == "2"
    assert summary["Member states reached"] == "3"
    assert [r[1] for r in book["Member states"].iter_rows(min_row=2, values_only=True)] == ["AR", "CL", "UY"]


@pytest.mark.parametrize(
    "query",
    [{"from": "2026-13-01"}, {"from": "yesterday"}, {"from": "2026-06-01", "to": "2026-01-01"}],
)
def test_a_bad_period_is_refused_in_the_readers_language(
    client_as: Callable[[str], Client], persona: Callable[[str], User], query: dict[str, str]
) -> None:
    user = persona("officer")
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    officer = client_as("officer")
    response = officer.get("/workplan/reports/cybersecurity/", query)
    assert response.status_code == 400
    with translation.override("es"):
        expected = [
            gettext("Write the dates of the period as YYYY-MM-DD."),
            gettext("The period ends before it starts."),
        ]
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert any(message in page for message in expected)
    pdf = officer.get("/workplan/reports/cybersecurity/report.pdf", query)
    assert pdf.status_code == 400
    assert pdf.content.decode() in expected
    assert not AuditRecord.objects.filter(action="workplan.report_export").exists()


def test_an_officer_reads_her_own_programs_reports_only(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    assert officer.get("/workplan/reports/border-security/").status_code == 404
    assert officer.get("/workplan/reports/border-security/report.xlsx").status_code == 404
    assert officer.get("/workplan/reports/cybersecurity/report.docx").status_code == 404
    assert client_as("admin").get("/workplan/reports/border-security/").status_code == 200


def test_the_report_page_reads_a_fixed_number_of_queries(
    client_as: Callable[[str], Client],
    world: dict[str, Any],
    period: dict[str, str],
    django_assert_num_queries: Any,
) -> None:
    officer = client_as("officer")
    officer.get("/workplan/reports/cybersecurity/", period)  # warm-up
    # participants by sex (3 queries) and the funding transactions (1) are counted in the period, not per activity
    with django_assert_num_queries(12):
        assert officer.get("/workplan/reports/cybersecurity/", period).status_code == 200
    year = int(period["from"][:4])
    for n in range(5):
        _activity(f"Course {n}", 3, date(year, 8, n + 1), ("CO", "PE", "EC"))
    with django_assert_num_queries(12):
        assert officer.get("/workplan/reports/cybersecurity/", period).status_code == 200
