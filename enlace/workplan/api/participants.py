"""API: participations of activities (read-only, restricted like the pages) and their counts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enlace.accounts.models import signed_in_user
from enlace.common.api.errors import as_drf
from enlace.common.api.permissions import PolicyAllows
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.geo.models import MemberState
from enlace.workplan import participant_actions
from enlace.workplan.attendance import AttendanceError, Problem, read_sheet
from enlace.workplan.models import Activity, Program
from enlace.workplan.participant_counts import Counts, count_participants
from enlace.workplan.participants import GenderTarget, Participant, Participation


class ParticipantSerializer(serializers.ModelSerializer):
    """The person: name, e-mail, ISO/IEC 5218 sex code, member state (ISO 3166 alpha-2), institution."""

    state: serializers.SlugRelatedField[MemberState] = serializers.SlugRelatedField(
        slug_field="iso2", read_only=True, allow_null=True
    )

    class Meta:
        model = Participant
        fields = ["id", "full_name", "email", "sex", "state", "institution", "institution_kind", "language"]
        read_only_fields = fields


class ParticipationSerializer(serializers.ModelSerializer):
    """One participant in one activity, the funnel status and the date each step was reached."""

    participant = ParticipantSerializer(read_only=True)
    certificate_code = serializers.CharField(
        source="certificate.code", read_only=True, allow_null=True, default=None, help_text="verification code"
    )

    class Meta:
        model = Participation
        fields = [
            "id",
            "activity",
            "participant",
            "status",
            "invited_on",
            "registered_on",
            "attended_on",
            "completed_on",
            "certified_on",
            "certificate_code",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("activity", OpenApiTypes.INT, description="only this activity's participations")]
    )
)
class ParticipationViewSet(PolicyReadOnlyViewSet):
    """Participations the user may see: the Secretariat all, a national coordinator her states' people only."""

    queryset = Participation.objects.select_related("participant__state", "certificate").order_by("activity", "pk")
    serializer_class = ParticipationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        activity = self.request.query_params.get("activity")
        if activity is not None and self.action == "list":
            if not activity.isdigit():
                raise ValidationError({"activity": "an activity id"})
            queryset = queryset.filter(activity_id=int(activity))
        return queryset


class LabelCountSerializer(serializers.Serializer[Any]):
    """One row of a breakdown."""

    name = serializers.CharField()
    count = serializers.IntegerField()


class CountsSerializer(serializers.Serializer[Any]):
    """Those who took part (attended, completed or certified): women + men + not_known + not_applicable = total."""

    total = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    not_known = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    by_state = LabelCountSerializer(many=True)
    by_institution_type = LabelCountSerializer(many=True)
    by_status = LabelCountSerializer(many=True, help_text="every participation, whatever its status")


def counts_data(counts: Counts) -> dict[str, Any]:
    """Counts as `CountsSerializer` reads them."""
    return {
        "total": counts.total,
        "women": counts.women,
        "men": counts.men,
        "not_known": counts.not_known,
        "not_applicable": counts.not_applicable,
        "by_state": [{"name": name, "count": n} for name, n in counts.by_state],
        "by_institution_type": [{"name": name, "count": n} for name, n in counts.by_kind],
        "by_status": [{"name": name, "count": n} for name, n in counts.by_status],
    }


class ActivityCountsView(APIView):
    """Participant counts of one activity, over the participations the user may see."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()

    @extend_schema(responses={200: CountsSerializer}, operation_id="activities_participant_counts")
    def get(self, request: Request, pk: int) -> Response:
        """Counts by sex, member state, institution type and status."""
        activity = Activity.objects.restrict(request.user, "view").filter(pk=pk).first()
        if activity is None:
            raise NotFound
        counts = count_participants(Participation.objects.restrict(request.user, "view").filter(activity=activity))
        data = counts_data(counts)
        return Response(CountsSerializer(data).data)


class ProblemSerializer(serializers.Serializer[Any]):
    """A problem of the list: the row (the header is row 1; 0 for the file), the column and why."""

    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class AttendanceUploadSerializer(serializers.Serializer[Any]):
    """An attendance list, as on the import page: CSV or XLSX, columns in any of the four languages."""

    file = serializers.FileField(help_text="CSV or XLSX, at most 2 MB and 2,000 rows")
    dry_run = serializers.BooleanField(default=False, help_text="read and check only: nothing is written")


class AttendanceResultSerializer(serializers.Serializer[Any]):
    """What an import did (all zero on a dry run, which only says the list is valid and how many rows it has)."""

    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()


class AttendanceImportView(APIView):
    """Import an attendance list into an activity: every row or none (the page's preview is `dry_run`)."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttendanceUploadSerializer},
        responses={200: AttendanceResultSerializer, 400: ProblemSerializer(many=True)},
        operation_id="activities_attendance_import",
    )
    def post(self, request: Request, pk: int) -> Response:
        """A list with any problem answers 400 with each problem (row, column, reason) and writes nothing."""
        activity = Activity.objects.restrict(request.user, "change").filter(pk=pk).first()
        if activity is None:
            raise NotFound
        body = AttendanceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        data = upload.read()
        try:
            sheet = read_sheet(data, upload.name)
        except AttendanceError as exc:
            return Response([{"row": 0, "column": "", "message": exc.message}], status=400)
        problems = [*sheet.problems, *(p for row in sheet.rows for p in row.problems)]
        if problems or not sheet.rows:
            shown = problems or [Problem(0, "", _("The list has no rows."))]
            return Response(ProblemSerializer(shown, many=True).data, status=400)
        if body.validated_data["dry_run"]:
            return Response({"rows": len(sheet.rows), "created": 0, "updated": 0, "unchanged": 0, "dry_run": True})
        try:
            result = participant_actions.import_attendance(
                actor=signed_in_user(request), activity=activity, data=data, filename=upload.name
            )
        except participant_actions.ImportRefused as exc:
            return Response([{"row": 0, "column": "", "message": str(exc)}], status=400)
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(
            {
                "rows": len(sheet.rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "dry_run": False,
            }
        )


class IssuedSerializer(serializers.Serializer[Any]):
    """The certificates issued now (those issued before are kept, not repeated)."""

    issued = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField(), help_text="verification codes")


class CertificateIssueView(APIView):
    """Issue certificates to everyone who attended or completed an activity."""

    permission_classes = [PolicyAllows]
    queryset = Participation.objects.all()

    @extend_schema(request=None, responses={200: IssuedSerializer}, operation_id="activities_certificates_issue")
    def post(self, request: Request, pk: int) -> Response:
        """Each participation becomes certified; the verification address is /workplan/certificates/verify/<code>/."""
        activity = Activity.objects.restrict(request.user, "change").filter(pk=pk).first()
        if activity is None:
            raise NotFound
        try:
            issued = participant_actions.issue_certificates(actor=signed_in_user(request), activity=activity)
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response({"issued": len(issued), "codes": [c.code for c in issued]})


class GenderTargetSerializer(serializers.Serializer[Any]):
    """A program's target share of women among those who take part, from a year on."""

    program = serializers.CharField(help_text="program code, such as cybersecurity")
    share_percent = serializers.IntegerField(min_value=0, max_value=100)
    from_year = serializers.IntegerField(min_value=2000, max_value=2100)


class GenderTargetView(APIView):
    """Set a program's gender target (an officer her programs', an administrator any)."""

    permission_classes = [PolicyAllows]
    queryset = GenderTarget.objects.all()

    @extend_schema(
        request=GenderTargetSerializer, responses={201: GenderTargetSerializer}, operation_id="gender_targets_set"
    )
    def post(self, request: Request) -> Response:
        """The year's target is replaced if there is one."""
        body = GenderTargetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = signed_in_user(request)
        program = Program.objects.filter(code=body.validated_data["program"]).first()
        if program is None or not participant_actions.can_set_gender_target(user, program):
            raise NotFound
        try:
            participant_actions.set_gender_target(
                actor=user,
                program=program,
                share_percent=body.validated_data["share_percent"],
                from_year=body.validated_data["from_year"],
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(body.validated_data, status=201)
