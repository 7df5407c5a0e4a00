"""API: the read-only figures and files of the work-plan pages — a program's progress report (JSON, PDF, XLSX), the
IATI 2.03 export, participant counts per program and period, and the gender-gap dashboard. Each calls what its page
calls (`exports.py`, `participant_counts.py`), with the same policies; what the caller may not read is a 404."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enlace.accounts.models import signed_in_user
from enlace.audit.actions import record
from enlace.common.api.permissions import PolicyAllows
from enlace.exchange.api.misp_views import AnyAccept
from enlace.workplan import exports
from enlace.workplan.api.participants import CountsSerializer, counts_data
from enlace.workplan.models import Activity, Program
from enlace.workplan.participant_counts import ProgramShare, YearShare, filtered_counts, program_gender, program_shares
from enlace.workplan.participant_forms import PeriodForm
from enlace.workplan.participants import Participation
from enlace.workplan.reports import BadPeriod, ProgressReport

PERIOD = [
    OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="first day of the period, YYYY-MM-DD"),
    OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="last day of the period, YYYY-MM-DD"),
]


class ReportActivitySerializer(serializers.Serializer[Any]):
    """An activity delivered in the period."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.IntegerField(help_text="IATI ActivityStatus code")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    states = serializers.ListField(child=serializers.CharField(), help_text="ISO 3166 alpha-2 codes")


class ReportStateSerializer(serializers.Serializer[Any]):
    """A member state reached."""

    iso2 = serializers.CharField()
    name = serializers.CharField()


class ReportParticipantsSerializer(serializers.Serializer[Any]):
    """Those who took part, by ISO/IEC 5218 sex: female + male + not_known + not_applicable = total (checked)."""

    total = serializers.IntegerField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    not_known = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class RecommendationCountSerializer(serializers.Serializer[Any]):
    """How many of the program's recommendations are in one status at the end of the period."""

    status = serializers.CharField()
    name = serializers.CharField(help_text="the status in the caller's language")
    count = serializers.IntegerField()


class ReportRecommendationsSerializer(serializers.Serializer[Any]):
    """The program's recommendations made by the end of the period, by status, and those overdue then."""

    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_status = RecommendationCountSerializer(many=True)


class ReportFundsSerializer(serializers.Serializer[Any]):
    """The program's money dated in the period that the caller may see, in US dollars (pledges never counted);
    `unconverted` transactions lack an exchange rate and are left out."""

    currency = serializers.CharField()
    committed = serializers.DecimalField(max_digits=18, decimal_places=2)
    received = serializers.DecimalField(max_digits=18, decimal_places=2)
    spent = serializers.DecimalField(max_digits=18, decimal_places=2)
    pledged = serializers.DecimalField(max_digits=18, decimal_places=2)
    unconverted = serializers.IntegerField()


class ProgressReportSerializer(serializers.Serializer[Any]):
    """The progress report of a program over a period, as its page shows it; participants and funds are null when
    none the caller may see is recorded."""

    program = serializers.CharField(help_text="program code")
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    activities = ReportActivitySerializer(many=True)
    states = ReportStateSerializer(many=True)
    participants = ReportParticipantsSerializer(allow_null=True)
    recommendations = ReportRecommendationsSerializer()
    funds = ReportFundsSerializer(allow_null=True)


def report_data(report: ProgressReport) -> dict[str, Any]:
    """The report's figures as the serializer reads them."""
    p = report.participants
    return {
        "program": report.program.code,
        "name": report.program.name,
        "start": report.start,
        "end": report.end,
        "activities": [
            {
                "id": a.pk,
                "title": a.title,
                "kind": a.kind,
                "status": a.status,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "states": [s.iso2 for s in a.states.all()],
            }
            for a in report.activities
        ],
        "states": [{"iso2": s.iso2, "name": s.name} for s in report.states],
        "participants": None
        if p is None
        else {
            "total": p.female + p.male + p.not_known + p.not_applicable,
            "female": p.female,
            "male": p.male,
            "not_known": p.not_known,
            "not_applicable": p.not_applicable,
        },
        "recommendations": {
            "total": report.recommendation_total,
            "overdue": report.overdue,
            "by_status": [{"status": c, "name": label, "count": n} for c, label, n in report.recommendations],
        },
        "funds": None if report.funds is None else asdict(report.funds),
    }


class ReportView(APIView):
    """Base of the progress-report operations: the program's report over `?start=&end=`, or a 400 saying why not."""

    permission_classes = [PolicyAllows]
    queryset = Program.objects.all()

    def report(self, request: Request, code: str) -> ProgressReport:
        """The report, through the caller's policies (a program whose report she may not read is a 404)."""
        params = request.query_params
        try:
            return exports.program_report(
                signed_in_user(request), code, params.get("start"), params.get("end"), required=True
            )
        except BadPeriod as exc:
            raise ValidationError({"period": [str(exc)]}) from exc


class ProgressReportView(ReportView):
    """The progress report of a program (the Secretariat: an administrator any program, an officer hers)."""

    @extend_schema(
        parameters=PERIOD, responses={200: ProgressReportSerializer}, operation_id="programs_progress_report"
    )
    def get(self, request: Request, code: str) -> Response:
        """Activities delivered, member states reached, participants by sex, recommendations and funds."""
        return Response(ProgressReportSerializer(report_data(self.report(request, code))).data)


class ProgressReportFileView(ReportView):
    """The progress report as the page's export file (audited)."""

    content_negotiation_class = AnyAccept
    fmt = "pdf"

    def get(self, request: Request, code: str) -> HttpResponse:
        """The file."""
        return exports.report_file(self.report(request, code), self.fmt, actor=signed_in_user(request)).download()


class ProgressReportPdfView(ProgressReportFileView):
    """The progress report as a PDF, the same file as the page's download (audited)."""

    fmt = "pdf"

    @extend_schema(
        parameters=PERIOD,
        responses={(200, exports.PDF): OpenApiTypes.BINARY},
        operation_id="programs_progress_report_pdf",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        """The report as a printable PDF."""
        return super().get(request, code)


class ProgressReportXlsxView(ProgressReportFileView):
    """The progress report as an XLSX workbook, the same file as the page's download (audited)."""

    fmt = "xlsx"

    @extend_schema(
        parameters=PERIOD,
        responses={(200, exports.XLSX): OpenApiTypes.BINARY},
        operation_id="programs_progress_report_xlsx",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        """The report as a workbook: a summary sheet, the activities and the member states."""
        return super().get(request, code)


IATI_XML = OpenApiResponse(OpenApiTypes.STR, description="an IATI 2.03 `iati-activities` document")


class IatiExportView(APIView):
    """The IATI 2.03 export (the Secretariat only, as on the page; audited)."""

    permission_classes = [PolicyAllows]
    queryset = Activity.objects.all()
    content_negotiation_class = AnyAccept

    @extend_schema(responses={(200, "application/xml"): IATI_XML}, operation_id="iati_activities")
    def get(self, request: Request) -> HttpResponse:
        """Every activity, with its partners, budgets, transactions and participants by sex."""
        return exports.iati_file(signed_in_user(request)).download()


class ActivityIatiView(APIView):
    """One activity in IATI 2.03 (the Secretariat only, as on the page; audited)."""

    permission_classes = [PolicyAllows]
    queryset = Activity.objects.all()
    content_negotiation_class = AnyAccept

    @extend_schema(responses={(200, "application/xml"): IATI_XML}, operation_id="activities_iati")
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The activity as an `iati-activities` document of one."""
        return exports.iati_file(signed_in_user(request), pk).download()


class ParticipantCountsView(APIView):
    """Participant counts for a program and a period, over the participations the caller may see (audited, as on
    the page)."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()

    @extend_schema(
        parameters=[
            OpenApiParameter("program", OpenApiTypes.STR, description="program code (all programs if absent)"),
            OpenApiParameter("starts", OpenApiTypes.DATE, description="activities starting on or after this day"),
            OpenApiParameter("ends", OpenApiTypes.DATE, description="activities starting on or before this day"),
        ],
        responses={200: CountsSerializer},
        operation_id="participant_counts",
    )
    def get(self, request: Request) -> Response:
        """Counts by sex, member state, institution type and status."""
        user = signed_in_user(request)
        params = request.query_params.copy()
        code = params.pop("program", [""])[-1]
        filters: dict[str, Any] = {}
        if code:
            program = Program.objects.filter(code=code).first()
            if program is None:
                raise ValidationError({"program": [_("Unknown program.")]})
            filters["program"] = program
        form = PeriodForm({"starts": params.get("starts", ""), "ends": params.get("ends", "")})
        if not form.is_valid():
            errors = {"period" if k == "__all__" else k: [str(e) for e in v] for k, v in form.errors.items()}
            raise ValidationError(errors)
        counts = filtered_counts(user, starts=form.cleaned_data["starts"], ends=form.cleaned_data["ends"], **filters)
        filters_asked = request.query_params.dict()
        record("participation.count", actor=user, changes={"filters": filters_asked, "total": counts.total})
        return Response(CountsSerializer(counts_data(counts)).data)


class YearShareSerializer(serializers.Serializer[Any]):
    """One year: those who attended or completed, women among them, their share and the target in force."""

    year = serializers.IntegerField()
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    percent = serializers.FloatField(help_text="share of women, in per cent")
    target = serializers.IntegerField(allow_null=True, help_text="target share of women in force, in per cent")
    gap = serializers.FloatField(allow_null=True, help_text="percentage points above (+) or below (-) the target")


class ProgramGenderSerializer(serializers.Serializer[Any]):
    """A program's share of women among those who took part, by year and overall, against its target."""

    program = serializers.CharField(help_text="program code")
    name = serializers.CharField()
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    years = YearShareSerializer(many=True)


def _years(years: list[YearShare]) -> list[dict[str, Any]]:
    return [
        {"year": y.year, "total": y.total, "women": y.women, "percent": y.percent, "target": y.target, "gap": y.gap}
        for y in years
    ]


def _program_gender(share: ProgramShare) -> dict[str, Any]:
    return {
        "program": share.program.code,
        "name": share.program.name,
        "total": share.total,
        "women": share.women,
        "percent": share.percent,
        "years": _years(share.years),
    }


class GenderDashboardView(APIView):
    """The gender-gap dashboard: every program, over the participants the caller may see."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()

    @extend_schema(responses={200: ProgramGenderSerializer(many=True)}, operation_id="gender_dashboard")
    def get(self, request: Request) -> Response:
        """Women among those who attended or completed, by year and overall, against each program's target."""
        rows = program_shares(signed_in_user(request))
        return Response(ProgramGenderSerializer([_program_gender(r) for r in rows], many=True).data)


class GenderProgramView(APIView):
    """One program of the gender-gap dashboard."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()

    @extend_schema(responses={200: ProgramGenderSerializer}, operation_id="gender_program")
    def get(self, request: Request, code: str) -> Response:
        """Its share of women by year against its target."""
        program = Program.objects.filter(code=code).first()
        if program is None:
            raise NotFound
        _targets, years = program_gender(signed_in_user(request), program)
        return Response(ProgramGenderSerializer(_program_gender(ProgramShare(program, years))).data)
