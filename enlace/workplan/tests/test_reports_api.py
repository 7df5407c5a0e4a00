"""The API reads what the work-plan pages read, with a personal token and the same policies: a program's progress
report (JSON, PDF, XLSX), the IATI 2.03 export, participant counts and the gender-gap dashboard."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from lxml import etree
from openpyxl import load_workbook
from pypdf import PdfReader

from enlace.accounts.actions import create_api_token
from enlace.accounts.models import User
from enlace.assistance.actions import add_recommendation, record_mission
from enlace.audit.models import AuditRecord
from enlace.funding import actions as money
from enlace.geo.models import MemberState
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Program
from enlace.workplan.participant_actions import import_attendance, set_gender_target
from enlace.workplan.tests.test_iati import schema

pytestmark = pytest.mark.django_db
YEAR = 2026
PERIOD = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
PAGE_PERIOD = {"from": PERIOD["start"], "to": PERIOD["end"]}
REPORT = "/api/v1/programs/cybersecurity/progress-report"


def _bearer(user: User) -> Client:
    _token, secret = create_api_token(user, actor=user, name="test", scope="read", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _activity(title: str, status: int, starts: date, states: tuple[str, ...], program: str = "cybersecurity") -> Any:
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
def world(persona: Callable[[str], User]) -> dict[str, Any]:
    """Two delivered cybersecurity activities with participants (AR, CL, UY), one planned, one of another program;
    a mission with three recommendations; euro money for the program."""
    admin = persona("admin")
    course = _activity("Incident handling course", 2, date(YEAR, 3, 1), ("AR", "CL"))
    workshop = _activity("Cyber diplomacy workshop", 4, date(YEAR, 6, 1), ("CL", "UY"))
    _activity("Planned exercise", 1, date(YEAR, 5, 1), ("MX",))
    border = _activity("Border workshop", 4, date(YEAR, 5, 1), ("PE",), program="border-security")
    rows = ["name,email,sex,state,status", "Ana,ana@example.org,F,AR,completed", "Eva,eva@example.org,F,CL,attended"]
    rows += ["Luis,luis@example.org,M,UY,attended", "Sam,sam@example.org,9,UY,attended"]
    import_attendance(actor=None, activity=course, data="\n".join(rows).encode())
    import_attendance(
        actor=None, activity=workshop, data=b"name,email,sex,state,status\nKim,kim@example.org,0,AR,completed"
    )
    import_attendance(
        actor=None, activity=border, data=b"name,email,sex,state,status\nRaj,raj@example.org,M,PE,attended"
    )
    mission = record_mission(
        actor=admin,
        kind="assessment",
        title="CSIRT assessment",
        state=MemberState.objects.get(iso2="AR"),
        program=Program.objects.get(code="cybersecurity"),
        start_date=date(YEAR, 2, 1),
        end_date=date(YEAR, 2, 3),
    )
    for text in ("Patch", "Train", "Plan"):
        add_recommendation(actor=admin, mission=mission, text=text, due_date=date(YEAR + 1, 1, 1), priority="high")
    money.set_rate(actor=admin, currency="EUR", usd_per_unit=Decimal("1.10"), valid_from=date(YEAR - 1, 1, 1))
    donor = money.create_donor(actor=admin, name="Spain", kind="state")
    fund = money.create_fund(actor=admin, name="Cyber fund", currency="EUR", donors=[donor])
    program = Program.objects.get(code="cybersecurity")
    common = {"actor": admin, "currency": "EUR", "donor": donor, "fund": fund, "earmarking": "earmarked"}
    money.record_transaction(type=13, value=Decimal("500"), value_date=date(YEAR, 1, 5), program=program, **common)
    money.record_transaction(type=11, value=Decimal("1000"), value_date=date(YEAR, 1, 10), program=program, **common)
    money.record_transaction(type=1, value=Decimal("800"), value_date=date(YEAR, 2, 10), program=program, **common)
    money.record_transaction(type=4, value=Decimal("100"), value_date=date(YEAR, 3, 2), program=program, **common)
    return {"course": course, "workshop": workshop, "border": border}


def test_the_report_is_the_pages_report_as_json(
    persona: Callable[[str], User], client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    response = _bearer(persona("officer")).get(f"{REPORT}/", PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    page = client_as("officer").get("/workplan/reports/cybersecurity/", PAGE_PERIOD).context["report"]
    assert (body["program"], body["start"], body["end"]) == ("cybersecurity", PERIOD["start"], PERIOD["end"])
    assert [a["title"] for a in body["activities"]] == [a.title for a in page.activities]
    assert [a["title"] for a in body["activities"]] == ["Incident handling course", "Cyber diplomacy workshop"]
    assert body["activities"][0]["states"] == ["AR", "CL"]
    assert [s["iso2"] for s in body["states"]] == [s.iso2 for s in page.states] == ["AR", "CL", "UY"]
    # 2 women, 1 man, 1 not applicable (9), 1 not known (0): the parts add up to the total
    assert body["participants"] == {"total": 5, "female": 2, "male": 1, "not_known": 1, "not_applicable": 1}
    assert body["recommendations"]["total"] == page.recommendation_total == 3
    assert {"status": "open", "name": "Open", "count": 3} in body["recommendations"]["by_status"]
    assert body["recommendations"]["overdue"] == 0
    assert body["funds"] == {
        "currency": "USD",
        "committed": "1100.00",
        "received": "880.00",
        "spent": "110.00",
        "pledged": "550.00",
        "unconverted": 0,
    }
    assert page.funds.committed == Decimal(body["funds"]["committed"])


def test_the_files_are_the_pages_files_and_are_audited(
    persona: Callable[[str], User], client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    api = _bearer(persona("admin"))
    xlsx = api.get(f"{REPORT}.xlsx", PERIOD, HTTP_ACCEPT="application/json")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"enlace-progress-cybersecurity-{YEAR}-01-01-{YEAR}-12-31.xlsx" in xlsx["Content-Disposition"]
    page = client_as("admin").get("/workplan/reports/cybersecurity/report.xlsx", PAGE_PERIOD)

    def sheets(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
        book = load_workbook(io.BytesIO(content))
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}

    assert sheets(xlsx.content) == sheets(page.content)
    assert sheets(xlsx.content)["Summary"][4] == (
        "Participants (women / men / not known / not applicable)",
        "2 / 1 / 1 / 1",
    )
    pdf = api.get(f"{REPORT}.pdf", PERIOD)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Incident handling course" in text
    assert "Border workshop" not in text
    exports = AuditRecord.objects.filter(action="workplan.report_export").order_by("seq")
    assert [e.changes["file"][-4:] for e in exports] == ["xlsx", "xlsx", ".pdf"]
    assert exports.last().actor == persona("admin")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Give both the start and the end of the period, as YYYY-MM-DD."),
        ({"start": f"{YEAR}-01-01"}, "Give both the start and the end of the period, as YYYY-MM-DD."),
        ({"start": f"{YEAR}-13-01", "end": f"{YEAR}-12-31"}, "Write the dates of the period as YYYY-MM-DD."),
        ({"start": "yesterday", "end": "today"}, "Write the dates of the period as YYYY-MM-DD."),
        ({"start": f"{YEAR}-06-01", "end": f"{YEAR}-01-01"}, "The period ends before it starts."),
    ],
)
@pytest.mark.parametrize("suffix", ["/", ".pdf", ".xlsx"])
def test_a_missing_or_bad_period_is_a_400_in_the_callers_language(
    persona: Callable[[str], User], query: dict[str, str], message: str, suffix: str
) -> None:
    response = _bearer(persona("officer")).get(f"{REPORT}{suffix}", query, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    with translation.override("es"):
        expected = gettext(message)
    assert response.json() == {"period": [expected]}
    assert not AuditRecord.objects.filter(action="workplan.report_export").exists()


@pytest.mark.parametrize("who", ["coordinator", "focal_point", "donor", "expert"])
def test_who_may_not_read_the_report_gets_404_as_for_a_missing_program(
    persona: Callable[[str], User], world: dict[str, Any], who: str
) -> None:
    api = _bearer(persona(who))
    for suffix in ("/", ".pdf", ".xlsx"):
        assert api.get(f"{REPORT}{suffix}", PERIOD).status_code == 404
    officer = _bearer(persona("officer"))
    assert officer.get("/api/v1/programs/border-security/progress-report/", PERIOD).status_code == 404
    assert officer.get("/api/v1/programs/no-such-program/progress-report/", PERIOD).status_code == 404
    assert _bearer(persona("admin")).get("/api/v1/programs/border-security/progress-report/", PERIOD).status_code == 200


def _identifiers(content: bytes) -> list[str]:
    return [e.text or "" for e in etree.fromstring(content).iter("iati-identifier")]


def test_the_iati_export_is_valid_iati_2_03_and_the_pages_document(
    persona: Callable[[str], User], client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    api = _bearer(persona("officer"))
    response = api.get("/api/v1/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    schema().assertValid(document)
    page = client_as("officer").get("/workplan/iati.xml")
    assert _identifiers(response.content) == _identifiers(page.content)
    assert len(_identifiers(response.content)) == Activity.objects.count() == 4
    # the participants by sex and the euro transactions come through the caller's policies, as on the page
    assert document.xpath("count(//result//actual)") == 4  # course: female, male; workshop: not known; border: male
    one = api.get(f"/api/v1/activities/{world['course'].pk}/iati.xml", HTTP_ACCEPT="application/json")
    assert one.status_code == 200
    schema().assertValid(etree.fromstring(one.content))
    assert _identifiers(one.content) == [f"XI-IATI-OAS-WP-{world['course'].pk}"]
    assert AuditRecord.objects.filter(action="workplan.iati_export", actor=persona("officer")).count() == 3
    assert api.get("/api/v1/activities/999999/iati.xml").status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "focal_point", "donor", "expert", "csirt_analyst"])
def test_outside_the_secretariat_the_iati_export_is_a_404(
    persona: Callable[[str], User], world: dict[str, Any], who: str
) -> None:
    api = _bearer(persona(who))
    assert api.get("/api/v1/iati/activities.xml").status_code == 404
    assert api.get(f"/api/v1/activities/{world['course'].pk}/iati.xml").status_code == 404
    assert not AuditRecord.objects.filter(action="workplan.iati_export").exists()


def test_participant_counts_filter_by_program_and_period_through_the_callers_policy(
    persona: Callable[[str], User], client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    query = {"program": "cybersecurity", "starts": f"{YEAR}-01-01", "ends": f"{YEAR}-12-31"}
    officer = _bearer(persona("officer")).get("/api/v1/participant-counts/", query).json()
    assert (officer["total"], officer["women"], officer["men"], officer["not_known"]) == (5, 2, 1, 1)
    assert officer["women"] + officer["men"] + officer["not_known"] + officer["not_applicable"] == officer["total"]
    program = Program.objects.get(code="cybersecurity").pk
    page = client_as("officer").get("/workplan/participants/counts/", {**query, "program": program})
    assert page.context["counts"].total == officer["total"]
    # the Argentine coordinator sees her state's people only: Ana and Kim
    coordinator = _bearer(persona("coordinator")).get("/api/v1/participant-counts/", query).json()
    assert (coordinator["total"], coordinator["by_state"]) == (2, [{"name": "Argentina", "count": 2}])
    everything = _bearer(persona("officer")).get("/api/v1/participant-counts/").json()
    assert everything["total"] == 6
    assert AuditRecord.objects.filter(action="participation.count").count() == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"program": "nothing"}, "program"),
        ({"starts": "2026-02-30"}, "starts"),
        ({"starts": "2026-06-01", "ends": "2026-01-01"}, "period"),
    ],
)
def test_participant_counts_refuse_bad_filters(
    persona: Callable[[str], User], query: dict[str, str], field: str
) -> None:
    response = _bearer(persona("officer")).get("/api/v1/participant-counts/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_the_gender_dashboard_is_the_pages_with_targets(
    persona: Callable[[str], User], client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    set_gender_target(
        actor=persona("admin"), program=Program.objects.get(code="cybersecurity"), share_percent=50, from_year=YEAR
    )
    rows = {r["program"]: r for r in _bearer(persona("officer")).get("/api/v1/gender/").json()}
    assert set(rows) == set(Program.objects.values_list("code", flat=True))
    cyber = rows["cybersecurity"]
    assert (cyber["total"], cyber["women"], cyber["percent"]) == (5, 2, 40.0)
    assert cyber["years"] == [{"year": YEAR, "total": 5, "women": 2, "percent": 40.0, "target": 50, "gap": -10.0}]
    assert (rows["border-security"]["women"], rows["border-security"]["total"]) == (0, 1)
    assert rows["mass-gatherings"] == {**rows["mass-gatherings"], "total": 0, "percent": None, "years": []}
    page = {p.program.code: p for p in client_as("officer").get("/workplan/gender/").context["programs"]}
    assert page["cybersecurity"].percent == cyber["percent"]
    one = _bearer(persona("coordinator")).get("/api/v1/gender/cybersecurity/").json()
    assert (one["total"], one["women"], one["years"][0]["target"]) == (2, 1, 50)  # Argentina's people only
    assert _bearer(persona("officer")).get("/api/v1/gender/nothing/").status_code == 404


@pytest.mark.parametrize("who", ["focal_point", "donor", "expert", "csirt_analyst"])
def test_who_may_not_see_participants_gets_404_for_their_figures(persona: Callable[[str], User], who: str) -> None:
    api = _bearer(persona(who))
    for path in ("/api/v1/participant-counts/", "/api/v1/gender/", "/api/v1/gender/cybersecurity/"):
        assert api.get(path).status_code == 404, path


def _queries(client: Client, path: str, query: dict[str, str] | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query or {}).status_code == 200, path
    return len(captured)


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/api/v1/iati/activities.xml", None, 14),  # as the page, with the audit record
        (f"{REPORT}/", PERIOD, 13),
        (f"{REPORT}.xlsx", PERIOD, 18),  # with the audit record of the download
    ],
)
def test_the_reads_run_a_fixed_number_of_queries(
    persona: Callable[[str], User], world: dict[str, Any], path: str, query: dict[str, str] | None, expected: int
) -> None:
    api = _bearer(persona("admin"))
    _queries(api, path, query)  # warm-up
    few = _queries(api, path, query)
    for n in range(5):
        activity = _activity(f"Course {n}", 4, date(YEAR, 4, 1 + n), ("AR", "BR"))
        import_attendance(
            actor=None,
            activity=activity,
            data=f"name,email,sex,state,status\nP{n},p{n}@example.org,F,BR,attended".encode(),
        )
    many = _queries(api, path, query)
    assert (few, many) == (expected, expected)
