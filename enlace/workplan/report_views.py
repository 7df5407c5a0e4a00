"""The IATI export (all activities, one activity) and the progress report of a program (page, PDF, XLSX).

Both are the Secretariat's: the export carries every activity, with its partners and budgets, and is what the
Secretariat publishes to the IATI registry; nobody else reaches it (404, as for anything forbidden).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.workplan import iati
from enlace.workplan.models import Activity
from enlace.workplan.policies import reportable_programs
from enlace.workplan.reports import (
    BadPeriod,
    ProgressReport,
    parse_period,
    progress_report,
    report_pdf,
    report_xlsx,
)

XML = "application/xml; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _secretariat(request: HttpRequest) -> None:
    if not policy_for(Activity).can(request.user, "add"):  # the Secretariat, which sees every activity
        raise Http404


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def iati_export(request: HttpRequest) -> HttpResponse:
    """Every activity as an IATI 2.03 `iati-activities` document."""
    _secretariat(request)
    activities = list(iati.export_queryset(Activity.objects.restrict(request.user, "view")))
    content = iati.serialize(iati.build(activities, viewer=request.user))
    record("workplan.iati_export", actor=signed_in_user(request), changes={"activities": len(activities)})
    return _attachment(content, "enlace-iati-activities.xml", XML)


def activity_iati(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity as an IATI 2.03 document."""
    _secretariat(request)
    activity = get_object_or_404(iati.export_queryset(Activity.objects.restrict(request.user, "view")), pk=pk)
    content = iati.serialize(iati.build([activity], viewer=request.user))
    record("workplan.iati_export", actor=signed_in_user(request), obj=activity, changes={"activities": 1})
    return _attachment(content, f"enlace-iati-activity-{activity.pk}.xml", XML)


def _report(request: HttpRequest, code: str) -> ProgressReport:
    program = get_object_or_404(reportable_programs(signed_in_user(request)), code=code)
    start, end = parse_period(request.GET.get("from"), request.GET.get("to"), today=timezone.localdate())
    return progress_report(program, start, end, viewer=request.user)


def program_report(request: HttpRequest, code: str) -> HttpResponse:
    """The progress report of a program over a period (`?from=YYYY-MM-DD&to=YYYY-MM-DD`; default this year)."""
    try:
        report = _report(request, code)
    except BadPeriod as exc:
        return render(request, "workplan/program_report.html", {"error": str(exc), "code": code}, status=400)
    return render(request, "workplan/program_report.html", {"report": report, "code": code})


def program_report_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The progress report as a PDF or an XLSX workbook (audited)."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        report = _report(request, code)
    except BadPeriod as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    name = f"enlace-progress-{code}-{report.start.isoformat()}-{report.end.isoformat()}.{fmt}"
    period = {"file": name, "from": report.start.isoformat(), "to": report.end.isoformat()}
    record("workplan.report_export", actor=signed_in_user(request), obj=report.program, changes=period)
    if fmt == "pdf":
        return _attachment(report_pdf(report), name, "application/pdf")
    return _attachment(report_xlsx(report), name, XLSX)
