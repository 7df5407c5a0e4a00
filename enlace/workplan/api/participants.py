"""API: participations of activities (read-only, restricted like the pages) and their counts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enlace.common.api.permissions import PolicyAllows
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity
from enlace.workplan.participant_counts import count_participants
from enlace.workplan.participants import Participant, Participation


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
        data = {
            "total": counts.total,
            "women": counts.women,
            "men": counts.men,
            "not_known": counts.not_known,
            "not_applicable": counts.not_applicable,
            "by_state": [{"name": name, "count": n} for name, n in counts.by_state],
            "by_institution_type": [{"name": name, "count": n} for name, n in counts.by_kind],
            "by_status": [{"name": name, "count": n} for name, n in counts.by_status],
        }
        return Response(CountsSerializer(data).data)
