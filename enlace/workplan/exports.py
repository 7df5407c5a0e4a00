"""What the report pages and the API share: the IATI export (all activities, one activity) and the progress report
of a program with its PDF and XLSX files — who may read them, the files, and their audit records.

Both are the Secretariat's: the export carries every activity, with its partners and budgets, and is what the
Secretariat publishes to the IATI registry; nobody else reaches it (404, as for anything forbidden).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.workplan import iati
from enlace.workplan.models import Activity
from enlace.workplan.policies import reportable_programs
from enlace.workplan.reports import ProgressReport, parse_period, progress_report, report_pdf, report_xlsx

XML = "application/xml; charset=utf-8"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class ExportFile:
    """A file to hand over: its bytes, its name and its media type."""

    content: bytes
    name: str
    content_type: str

    def download(self) -> HttpResponse:
        """The file as an attachment (the page's and the API's answer)."""
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.name}"'
        return response


def _secretariat(user: User) -> None:
    if not policy_for(Activity).can(user, "add"):  # the Secretariat, which sees every activity
        raise Http404


def iati_file(user: User, pk: int | None = None) -> ExportFile:
    """Every activity (or the one numbered `pk`) as an IATI 2.03 document; audited. Http404 unless the Secretariat."""
    _secretariat(user)
    exportable = iati.export_queryset(Activity.objects.restrict(user, "view"))
    if pk is None:
        activities = list(exportable)
        content = iati.serialize(iati.build(activities, viewer=user))
        record("workplan.iati_export", actor=user, changes={"activities": len(activities)})
        return ExportFile(content, "enlace-iati-activities.xml", XML)
    activity = get_object_or_404(exportable, pk=pk)
    content = iati.serialize(iati.build([activity], viewer=user))
    record("workplan.iati_export", actor=user, obj=activity, changes={"activities": 1})
    return ExportFile(content, f"enlace-iati-activity-{activity.pk}.xml", XML)


def program_report(
    user: User, code: str, raw_start: str | None, raw_end: str | None, *, required: bool = False
) -> ProgressReport:
    """The progress report of the program `code` over the period the user asked for. Http404 for a program whose
    report she may not read; BadPeriod (a message for her) for a period that cannot be read — or a missing end
    when `required`, else the current year."""
    program = get_object_or_404(reportable_programs(user), code=code)
    start, end = parse_period(raw_start, raw_end, today=timezone.localdate(), required=required)
    return progress_report(program, start, end, viewer=user)


def report_file(report: ProgressReport, fmt: str, *, actor: User) -> ExportFile:
    """The report as a PDF or an XLSX workbook (`fmt`); the download is audited."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    name = f"enlace-progress-{report.program.code}-{report.start.isoformat()}-{report.end.isoformat()}.{fmt}"
    period = {"file": name, "from": report.start.isoformat(), "to": report.end.isoformat()}
    record("workplan.report_export", actor=actor, obj=report.program, changes=period)
    if fmt == "pdf":
        return ExportFile(report_pdf(report), name, PDF)
    return ExportFile(report_xlsx(report), name, XLSX)
