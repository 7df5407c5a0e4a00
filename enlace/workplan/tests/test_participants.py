"""Participants over HTTP: attendance lists imported with a preview (all rows or none, idempotent), counts with
the disaggregation sum-check, the gender-gap dashboard, certificates and their public check, and who sees whom."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.workplan import participant_views
from enlace.workplan.actions import create_activity
from enlace.workplan.models import Activity, Program
from enlace.workplan.participant_actions import import_attendance
from enlace.workplan.participant_counts import Counts, DisaggregationError, check_sum, count_participants
from enlace.workplan.participants import Certificate, GenderTarget, Participant, Participation

pytestmark = pytest.mark.django_db

LIST = (
    "Name,E-mail,Sex,State,Institution,Institution type,Status\n"
    "Ana Prieto,ana@example.org,F,AR,CERT.ar,CSIRT,attended\n"
    "Bruno Díaz,bruno@example.org,hombre,Uruguay,Antel,empresa,completed\n"
    "Carla Souza,,2,BR,UnB,academia,registered\n"
    "Dana Lee,dana@example.org,9,AR,,,completed\n"
)


def _activity(program: str = "cybersecurity", starts_on: date = date(2022, 5, 10), **fields: Any) -> Activity:
    return create_activity(
        actor=None,
        title=fields.pop("title", "Incident response training"),
        program=Program.objects.get(code=program),
        kind="training",
        modality="virtual",
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", date(2022, 5, 13)),
        states=list(MemberState.objects.filter(iso2__in=["AR", "UY", "BR"])),
        **fields,
    )


def _upload(client: Client, activity: Activity, content: bytes, name: str = "list.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/workplan/activities/{activity.pk}/participants/import/"
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _import(client: Client, activity: Activity, content: bytes, name: str = "list.csv") -> Any:
    preview = _upload(client, activity, content, name)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    url = f"/workplan/activities/{activity.pk}/participants/import/"
    return client.post(url, {"token": preview.context["token"]})


def test_a_csv_is_previewed_then_every_row_is_written_on_confirm(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    preview = _upload(officer, activity, LIST.encode())
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Bruno Díaz" in page
    assert "Uruguay" in page
    assert [row.sex for row in preview.context["sheet"].rows] == [2, 1, 2, 9]
    assert Participation.objects.count() == 0  # the preview writes nothing
    done = officer.post(f"/workplan/activities/{activity.pk}/participants/import/", {"token": preview.context["token"]})
    assert done.status_code == 302
    assert done["Location"] == f"/workplan/activities/{activity.pk}/participants/"
    statuses = dict(Participation.objects.values_list("participant__full_name", "status"))
    assert statuses == {
        "Ana Prieto": "attended",
        "Bruno Díaz": "completed",
        "Carla Souza": "registered",
        "Dana Lee": "completed",
    }
    bruno = Participant.objects.get(email="bruno@example.org")
    assert (bruno.state.iso2, bruno.institution_kind, bruno.sex) == ("UY", "private", 1)  # type: ignore[union-attr]
    assert Participation.objects.get(participant=bruno).completed_on is not None
    assert AuditRecord.objects.get(action="participation.import").changes["created"] == 4


def test_row_errors_are_shown_with_row_and_column_and_nothing_is_written(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    bad = (
        LIST + "Eve,not-an-email,X,Atlantis,,spaceship,maybe\n,ana@example.org,F,AR,,,attended\ncarla souza,,F,BR,,,\n"
    )
    response = _upload(officer, activity, bad.encode())
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["sheet"].problems}
    assert {(6, "email"), (6, "sex"), (6, "state"), (6, "institution_type"), (6, "status")} <= problems
    assert {(7, "name"), (7, "email")} <= problems  # empty name; the same e-mail as row 2
    assert (8, "name") in problems  # Carla again, with no e-mail to tell her apart
    assert "token" not in response.context
    page = response.content.decode()
    assert "Row 6" in page
    assert "Atlantis" in page
    forged = officer.post(f"/workplan/activities/{activity.pk}/participants/import/", {"token": "made-up"})
    assert forged.status_code == 400
    assert Participant.objects.count() == 0
    assert Participation.objects.count() == 0
    assert not AuditRecord.objects.filter(action="participation.import").exists()


def test_unreadable_files_and_missing_columns_are_refused(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    assert _upload(officer, activity, b"PK\x03\x04garbage", "list.xlsx").status_code == 400
    for name, content in (("a.txt", "hi"), ("[Content_Types].xml", "<not xml")):  # zips that are no workbook
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(name, content)
        refused = _upload(officer, activity, out.getvalue(), "list.xlsx")
        assert refused.status_code == 400
        assert "not a readable XLSX" in refused.content.decode()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (31 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    refused = _upload(officer, activity, bomb.getvalue(), "list.xlsx")
    assert refused.status_code == 400
    assert "unpacks to more than 30 MB" in refused.content.decode()
    missing = _upload(officer, activity, b"E-mail,Sex\nana@example.org,F\n")
    assert missing.status_code == 400
    assert [(p.row, p.column) for p in missing.context["sheet"].problems] == [(1, "name")]
    assert _upload(officer, activity, b"").status_code == 400
    assert Participation.objects.count() == 0


def test_an_xlsx_list_is_imported_the_same_way(client_as: Callable[[str], Client]) -> None:
    from openpyxl import Workbook

    officer = client_as("officer")
    activity = _activity()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in csv.reader(io.StringIO(LIST)):
        sheet.append(line)
    sheet.append(["Eva Mendes", "eva@example.org", 2, "Brazil", "", "", "Asistió"])
    out = io.BytesIO()
    book.save(out)
    assert _import(officer, activity, out.getvalue(), "list.xlsx").status_code == 302
    assert Participation.objects.filter(activity=activity).count() == 5
    eva = Participation.objects.get(participant__email="eva@example.org")
    assert (eva.status, eva.participant.sex, eva.participant.state.iso2) == ("attended", 2, "BR")  # type: ignore[union-attr]


def test_importing_again_updates_statuses_without_duplicates(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    _import(officer, activity, LIST.encode())
    again = _import(officer, activity, LIST.encode())
    assert again.status_code == 302
    assert (Participant.objects.count(), Participation.objects.count()) == (4, 4)
    changed = LIST.replace("UnB,academia,registered", "UnB,academia,attended").replace(
        "CSIRT,attended", "CSIRT,completed"
    )
    _import(officer, activity, changed.encode())
    assert (Participant.objects.count(), Participation.objects.count()) == (4, 4)  # Carla matched by name + state
    statuses = dict(Participation.objects.values_list("participant__full_name", "status"))
    assert statuses["Carla Souza"] == "attended"
    assert statuses["Ana Prieto"] == "completed"
    imports = AuditRecord.objects.filter(action="participation.import").order_by("seq")
    assert [r.changes["created"] for r in imports] == [4, 0, 0]
    assert imports.last().changes["updated"] == 2  # type: ignore[union-attr]


def test_counts_by_sex_state_and_type_add_up(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    _import(officer, activity, LIST.encode())
    counts = count_participants(Participation.objects.filter(activity=activity))
    # Carla only registered: she did not take part yet.
    assert (counts.total, counts.women, counts.men, counts.not_known, counts.not_applicable) == (3, 1, 1, 0, 1)
    assert dict(counts.by_state) == {"Argentina": 2, "Uruguay": 1}
    assert dict(counts.by_status)["Registered"] == 1
    page = officer.get(f"/workplan/activities/{activity.pk}/")
    assert page.context["counts"].total == 3
    assert 'data-count="women">1<' in page.content.decode()


def test_the_sum_check_refuses_parts_that_do_not_add_up() -> None:
    good = Counts(total=5, women=2, men=2, not_known=1, by_state=[("AR", 5)], by_kind=[("CSIRT", 5)])
    assert check_sum(good) is good
    with pytest.raises(DisaggregationError):
        check_sum(Counts(total=5, women=2, men=2, by_state=[("AR", 5)], by_kind=[("CSIRT", 5)]))
    with pytest.raises(DisaggregationError):
        check_sum(Counts(total=4, women=2, men=2, by_state=[("AR", 3)], by_kind=[("CSIRT", 4)]))


def test_period_counts_filter_by_program_and_dates(client_as: Callable[[str], Client]) -> None:
    officer = client_as("admin")
    early = _activity(title="2021 course", starts_on=date(2021, 3, 1), ends_on=date(2021, 3, 2))
    late = _activity(title="2022 course")
    border = _activity(program="border-security", title="Border course")
    import_attendance(actor=None, activity=early, data=LIST.encode())
    import_attendance(actor=None, activity=late, data=LIST.encode())
    import_attendance(actor=None, activity=border, data=LIST.encode())
    program = Program.objects.get(code="cybersecurity").pk
    everything = officer.get("/workplan/participants/counts/")
    assert everything.context["counts"].total == 9
    cyber = officer.get("/workplan/participants/counts/", {"program": program})
    assert cyber.context["counts"].total == 6
    only_2022 = officer.get("/workplan/participants/counts/", {"program": program, "starts": "2022-01-01"})
    assert (only_2022.context["counts"].total, only_2022.context["counts"].women) == (3, 1)
    bad = officer.get("/workplan/participants/counts/", {"starts": "2022-01-01", "ends": "2021-01-01"})
    assert bad.status_code == 400


def _cohort(activity: Activity, women: int, men: int, status: str = "completed") -> None:
    rows = ["name,email,sex,state,status"]
    rows += [f"Woman {activity.pk}-{i},w{activity.pk}-{i}@example.org,F,AR,{status}" for i in range(women)]
    rows += [f"Man {activity.pk}-{i},m{activity.pk}-{i}@example.org,M,UY,{status}" for i in range(men)]
    import_attendance(actor=None, activity=activity, data="\n".join(rows).encode())


def test_the_gender_dashboard_shows_the_share_of_women_against_the_target(
    client_as: Callable[[str], Client],
) -> None:
    officer = client_as("officer")
    _cohort(_activity(title="2021", starts_on=date(2021, 4, 1), ends_on=None), women=1, men=3)
    _cohort(_activity(title="2022"), women=3, men=7)
    _cohort(_activity(title="2022 invited"), women=5, men=0, status="invited")  # not counted: did not attend
    response = officer.post("/workplan/gender/cybersecurity/", {"share_percent": "40", "from_year": "2022"})
    assert response.status_code == 302
    assert GenderTarget.objects.get().share_percent == 40
    assert (
        officer.post("/workplan/gender/cybersecurity/", {"share_percent": "140", "from_year": "2022"}).status_code
        == 400
    )
    assert (
        officer.post("/workplan/gender/border-security/", {"share_percent": "40", "from_year": "2022"}).status_code
        == 404
    )
    page = officer.get("/workplan/gender/cybersecurity/")
    years = {y.year: (y.total, y.women, y.percent, y.target, y.gap) for y in page.context["years"]}
    assert years == {2021: (4, 1, 25.0, None, None), 2022: (10, 3, 30.0, 40, -10.0)}
    html = page.content.decode()
    assert "<svg" in html
    assert "data-share>30.0%" in html
    dashboard = officer.get("/workplan/gender/")
    cyber = next(row for row in dashboard.context["programs"] if row.program.code == "cybersecurity")
    assert (cyber.total, cyber.women, cyber.percent) == (14, 4, 28.6)
    assert (
        client_as("coordinator")
        .post("/workplan/gender/cybersecurity/", {"share_percent": "10", "from_year": "2022"})
        .status_code
        == 404
    )
    assert client_as("focal_point").get("/workplan/gender/").status_code == 404


def test_certificates_are_issued_as_pdfs_in_the_participants_language(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    _import(officer, activity, LIST.encode())
    Participant.objects.filter(full_name="Ana Prieto").update(language="es")
    Participant.objects.filter(full_name="Bruno Díaz").update(language="en")
    response = officer.post(f"/workplan/activities/{activity.pk}/certificates/issue/")
    assert response.status_code == 302
    assert Certificate.objects.count() == 3  # Carla only registered
    assert set(Certificate.objects.values_list("participation__participant__full_name", "kind")) == {
        ("Ana Prieto", "attendance"),
        ("Bruno Díaz", "completion"),
        ("Dana Lee", "completion"),
    }
    assert set(Participation.objects.filter(certificate__isnull=False).values_list("status", flat=True)) == {
        "certified"
    }
    officer.post(f"/workplan/activities/{activity.pk}/certificates/issue/")  # again: nobody gets a second one
    assert Certificate.objects.count() == 3
    ana = Certificate.objects.get(participation__participant__full_name="Ana Prieto")
    pdf = officer.get(f"/workplan/certificates/{ana.code}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Ana Prieto" in text
    assert "Incident response training" in text
    assert "mayo" in text  # the dates in Spanish, her language
    assert ana.code in text.replace("\n", "")
    bruno = Certificate.objects.get(participation__participant__full_name="Bruno Díaz")
    english = PdfReader(io.BytesIO(officer.get(f"/workplan/certificates/{bruno.code}/pdf/").content))
    assert "May" in english.pages[0].extract_text()
    # Re-importing the list keeps the certified participations certified.
    _import(officer, activity, LIST.encode())
    assert Participation.objects.filter(status="certified").count() == 3
    assert AuditRecord.objects.filter(action="certificate.issue").count() == 2


def test_anyone_can_check_a_certificate_and_a_forged_code_is_refused(client_as: Callable[[str], Client]) -> None:
    activity = _activity()
    import_attendance(actor=None, activity=activity, data=LIST.encode())
    officer = client_as("officer")
    officer.post(f"/workplan/activities/{activity.pk}/certificates/issue/")
    certificate = Certificate.objects.get(participation__participant__email="bruno@example.org")
    assert len(certificate.code) >= 24
    anonymous = Client()
    page = anonymous.get(f"/workplan/certificates/verify/{certificate.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bruno Díaz" in html
    assert "Incident response training" in html
    assert "Certificate of completion" in html
    for private in ("bruno@example.org", "Antel", "Uruguay", "Private sector"):
        assert private not in html
    forged = anonymous.get(f"/workplan/certificates/verify/{certificate.code[:-2]}xx/")
    assert forged.status_code == 404
    assert "not a valid certificate" in forged.content.decode()
    assert anonymous.get(f"/workplan/certificates/{certificate.code}/pdf/").status_code == 302  # to sign-in


def test_the_public_check_is_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(participant_views, "VERIFY_LIMIT", 3)
    anonymous = Client()
    answers = [anonymous.get("/workplan/certificates/verify/nothing-here/").status_code for _ in range(5)]
    assert answers == [404, 404, 404, 429, 429]


def test_a_coordinator_sees_only_her_states_participants(client_as: Callable[[str], Client]) -> None:
    activity = _activity()
    import_attendance(actor=None, activity=activity, data=LIST.encode())
    coordinator = client_as("coordinator")  # Argentina
    page = coordinator.get(f"/workplan/activities/{activity.pk}/participants/")
    assert page.status_code == 200
    assert {p.participant.full_name for p in page.context["participations"]} == {"Ana Prieto", "Dana Lee"}
    assert "Bruno" not in page.content.decode()
    assert page.context["can_change"] is False
    assert AuditRecord.objects.filter(action="participation.view", actor=page.context["user"]).exists()
    counts = coordinator.get(f"/workplan/activities/{activity.pk}/").context["counts"]
    assert counts.total == 2
    api = coordinator.get(f"/api/v1/participations/?activity={activity.pk}").json()
    assert {p["participant"]["full_name"] for p in api["results"]} == {"Ana Prieto", "Dana Lee"}
    bruno = Participation.objects.get(participant__email="bruno@example.org")
    assert coordinator.get(f"/api/v1/participations/{bruno.pk}/").status_code == 404
    api_counts = coordinator.get(f"/api/v1/activities/{activity.pk}/participant-counts/").json()
    assert (api_counts["total"], api_counts["not_applicable"], api_counts["women"]) == (2, 1, 1)
    csv_export = coordinator.get(f"/workplan/activities/{activity.pk}/participants.csv").content.decode()
    assert "Ana Prieto" in csv_export
    assert "Bruno" not in csv_export
    assert coordinator.get(f"/workplan/activities/{activity.pk}/participants/import/").status_code == 404
    for other in ("focal_point", "csirt_analyst", "expert", "donor"):
        assert client_as(other).get(f"/workplan/activities/{activity.pk}/participants/").status_code == 404


def test_an_officer_imports_only_into_her_programs_activities(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")  # cybersecurity
    border = _activity(program="border-security")
    assert officer.get(f"/workplan/activities/{border.pk}/participants/").status_code == 200
    assert _upload(officer, border, LIST.encode()).status_code == 404
    assert officer.post(f"/workplan/activities/{border.pk}/certificates/issue/").status_code == 404
    assert Participation.objects.count() == 0


def test_the_csv_export_neutralises_formulas(client_as: Callable[[str], Client]) -> None:
    activity = _activity()
    data = 'name,email,sex,state,institution\n"=HYPERLINK(""http://evil"")",x@example.org,F,AR,@SUM(A1)\n'
    import_attendance(actor=None, activity=activity, data=data.encode())
    body = client_as("admin").get(f"/workplan/activities/{activity.pk}/participants.csv").content.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["name"].startswith("'=")
    assert row["institution"] == "'@SUM(A1)"
    assert AuditRecord.objects.filter(action="participation.export").exists()


def test_the_demo_has_a_real_gender_gap_and_certificates(client_as: Callable[[str], Client]) -> None:
    from enlace.workplan import demo

    demo.load()
    demo.load()  # a second run adds nothing
    assert Participation.objects.count() == 24 + 31 + 24 + 42
    assert Certificate.objects.count() == 24 + 31
    page = client_as("officer").get("/workplan/gender/cybersecurity/")
    years = {y.year: y for y in page.context["years"]}
    assert years[2021].target == 40
    assert years[2022].target == 40
    assert all(25 <= y.percent <= 30 and y.gap is not None and y.gap < 0 for y in years.values())


def test_spanish_titles_and_the_certificate_language_are_read(client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer")
    activity = _activity()
    lista = (
        "Nombre;Correo electrónico;Sexo;País;Institución;Tipo de institución;Estatus;Idioma\n"
        "Inés Gómez;ines@example.org;mujer;Argentina;CERT.ar;gobierno;asistió;francés\n"
        "João Silva;joao@example.org;masculino;Brasil;CTIR;CSIRT;completado;\n"
        "Kim Lee;kim@example.org;femme;Jamaica;;;;\n"
    )
    assert _import(officer, activity, lista.encode()).status_code == 302
    people = {p.full_name: (p.sex, p.state.iso2, p.language) for p in Participant.objects.select_related("state")}  # type: ignore[union-attr]
    assert people == {"Inés Gómez": (2, "AR", "fr"), "João Silva": (1, "BR", "pt"), "Kim Lee": (2, "JM", "en")}
    bad = _upload(officer, activity, (lista + "Zoe;zoe@example.org;F;AR;;;;klingon\n").encode())
    assert bad.status_code == 400
    assert [(p.row, p.column) for p in bad.context["sheet"].problems] == [(5, "language")]


def test_a_coordinator_sees_an_activity_her_states_people_took_part_in(client_as: Callable[[str], Client]) -> None:
    activity = create_activity(
        actor=None,
        title="Regional MOOC",
        program=Program.objects.get(code="cybersecurity"),
        kind="course",
        modality="virtual",
        starts_on=date(2022, 5, 10),
    )
    coordinator = client_as("coordinator")  # Argentina
    assert coordinator.get(f"/workplan/activities/{activity.pk}/participants/").status_code == 404
    import_attendance(actor=None, activity=activity, data=LIST.encode())
    page = coordinator.get(f"/workplan/activities/{activity.pk}/participants/")
    assert page.status_code == 200
    assert {p.participant.full_name for p in page.context["participations"]} == {"Ana Prieto", "Dana Lee"}
    assert coordinator.get(f"/api/v1/activities/{activity.pk}/").status_code == 200
    assert client_as("focal_point").get(f"/workplan/activities/{activity.pk}/").status_code == 404
