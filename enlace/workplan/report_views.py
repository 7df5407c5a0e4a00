"""The IATI export (all activities, one activity) and the progress report of a program (page, PDF, XLSX); what they
read, who may, and the audit records are in `exports.py`, shared with the API."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from enlace.accounts.models import signed_in_user
from enlace.workplan import exports
from enlace.workplan.reports import BadPeriod


def iati_export(request: HttpRequest) -> HttpResponse:
    """Every activity as an IATI 2.03 `iati-activities` document."""
    return exports.iati_file(signed_in_user(request)).download()


def activity_iati(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity as an IATI 2.03 document."""
    return exports.iati_file(signed_in_user(request), pk).download()


def program_report(request: HttpRequest, code: str) -> HttpResponse:
    """The progress report of a program over a period (`?from=YYYY-MM-DD&to=YYYY-MM-DD`; default this year)."""
    try:
        report = exports.program_report(signed_in_user(request), code, request.GET.get("from"), request.GET.get("to"))
    except BadPeriod as exc:
        return render(request, "workplan/program_report.html", {"error": str(exc), "code": code}, status=400)
    return render(request, "workplan/program_report.html", {"report": report, "code": code})


def program_report_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The progress report as a PDF or an XLSX workbook (audited)."""
    user = signed_in_user(request)
    if fmt not in exports.REPORT_FORMATS:
        raise Http404
    try:
        report = exports.program_report(user, code, request.GET.get("from"), request.GET.get("to"))
    except BadPeriod as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return exports.report_file(report, fmt, actor=user).download()
