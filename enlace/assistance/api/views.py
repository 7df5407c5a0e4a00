"""Assistance over the API: the same operations and policies as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.assistance import actions, followup
from enlace.assistance.api.serializers import (
    AssignSerializer,
    AssistanceMissionSerializer,
    AssistanceMissionWriteSerializer,
    AssistanceRequestSerializer,
    DocumentUploadSerializer,
    FindingSerializer,
    FollowUpSerializer,
    RecommendationSerializer,
    RecommendationStatusSerializer,
    RecommendationWriteSerializer,
    RequestDocumentSerializer,
    RequestEventSerializer,
    RequestWriteSerializer,
    TransitionSerializer,
    WithdrawSerializer,
)
from enlace.assistance.filters import MissionFilter, RequestFilter
from enlace.assistance.models import (
    AssistanceRequest,
    Finding,
    Mission,
    Recommendation,
    RequestDocument,
    RequestEvent,
)
from enlace.audit.actions import record
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.directory.models import Expert


def _visible_experts(request: Request, experts: list[Expert]) -> list[Expert]:
    """Experts the caller may see on the roster; any other id is refused like a missing one."""
    visible = set(
        Expert.objects.visible_to(request.user).filter(pk__in=[e.pk for e in experts]).values_list("pk", flat=True)
    )
    if len(visible) != len({e.pk for e in experts}):
        raise serializers.ValidationError({"experts": ["Unknown expert."]})
    return experts


class AssistanceRequestViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Requests the caller may see: all for the Secretariat, her state's for a national coordinator."""

    queryset = AssistanceRequest.objects.select_related("state", "program").prefetch_related("experts")
    serializer_class = AssistanceRequestSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RequestFilter

    @extend_schema(request=RequestWriteSerializer, responses={201: AssistanceRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """File a request for one of the caller's states (national coordinators)."""
        body = RequestWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = actions.file_request(actor=signed_in_user(request), **body.validated_data)
        except PermissionDenied:
            raise serializers.ValidationError(
                {"state": ["You are not the national coordinator of this state."]}
            ) from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AssistanceRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: RequestEventSerializer(many=True)})
    @action(detail=True, methods=["get"], policy_action="view")
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The request's status changes, oldest first."""
        rows = RequestEvent.objects.visible_to(request.user).filter(request=self.get_object())
        return Response(RequestEventSerializer(rows, many=True).data)

    @extend_schema(request=TransitionSerializer, responses={200: AssistanceRequestSerializer})
    @action(detail=True, methods=["post"], policy_action="transition")
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the request to its next status, or decline it with a reason (Secretariat)."""
        obj = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.transition(actor=signed_in_user(request), request=obj, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AssistanceRequestSerializer(obj).data)

    @extend_schema(request=WithdrawSerializer, responses={200: AssistanceRequestSerializer})
    @action(detail=True, methods=["post"], policy_action="view")
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a submitted request (the state's national coordinator)."""
        obj = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.withdraw(actor=signed_in_user(request), request=obj, **body.validated_data)
        except PermissionDenied:
            raise NotFound from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AssistanceRequestSerializer(obj).data)

    @extend_schema(request=AssignSerializer, responses={200: AssistanceRequestSerializer})
    @action(detail=True, methods=["post"], policy_action="assign")
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Assign the responsible officer, link roster experts and the answering activities (Secretariat)."""
        obj = self.get_object()
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        experts = _visible_experts(request, list(data.pop("experts", [])))
        try:
            actions.assign(actor=signed_in_user(request), request=obj, experts=experts, **data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AssistanceRequestSerializer(obj).data)

    @extend_schema(methods=["get"], responses={200: RequestDocumentSerializer(many=True)})
    @extend_schema(methods=["post"], request=DocumentUploadSerializer, responses={201: RequestDocumentSerializer})
    @action(detail=True, methods=["get", "post"], policy_action="view", parser_classes=[MultiPartParser, JSONParser])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        """The request's documents; POST (multipart) attaches one to an open request."""
        obj = self.get_object()
        if request.method == "GET":
            rows = RequestDocument.objects.visible_to(request.user).filter(request=obj)
            return Response(RequestDocumentSerializer(rows, many=True).data)
        if not policy_for(AssistanceRequest).can(request.user, "document", obj):
            raise NotFound
        body = DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = actions.add_document(actor=signed_in_user(request), request=obj, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(RequestDocumentSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="assistance_requests_document_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>\d+)", policy_action="view")
    def document(self, request: Request, pk: str | None = None, document_id: str = "") -> FileResponse:
        """Download one document of the request (audited)."""
        obj = self.get_object()
        found = RequestDocument.objects.visible_to(request.user).filter(request=obj, pk=document_id).first()
        if found is None:
            raise NotFound
        record(
            "assistance.request.document.download",
            actor=request.user,
            obj=obj,
            changes={"document": found.pk, "via": "api"},
        )
        return FileResponse(
            found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type
        )


class AssistanceMissionViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Missions and peer reviews the caller may see; the Secretariat records them."""

    queryset = Mission.objects.select_related("state", "program").prefetch_related("experts")
    serializer_class = AssistanceMissionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MissionFilter

    @extend_schema(request=AssistanceMissionWriteSerializer, responses={201: AssistanceMissionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a mission (Secretariat)."""
        body = AssistanceMissionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["experts"] = _visible_experts(request, list(data.pop("experts", [])))
        try:
            mission = actions.record_mission(actor=signed_in_user(request), **data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AssistanceMissionSerializer(mission).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: FindingSerializer(many=True)})
    @extend_schema(methods=["post"], request=FindingSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """The mission's findings (the state concerned and the Secretariat only); POST records one (Secretariat)."""
        mission = self.get_object()
        if request.method == "GET":
            rows = list(Finding.objects.visible_to(request.user).filter(mission=mission))
            record(
                "assistance.findings.view",
                actor=request.user,
                obj=mission,
                changes={"findings": len(rows), "via": "api"},
            )
            return Response(FindingSerializer(rows, many=True).data)
        if not policy_for(Finding).can(request.user, "add"):
            raise NotFound
        body = FindingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = actions.add_finding(actor=signed_in_user(request), mission=mission, **body.validated_data)
        return Response(FindingSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: RecommendationSerializer(many=True)})
    @extend_schema(methods=["post"], request=RecommendationWriteSerializer, responses={201: RecommendationSerializer})
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def recommendations(self, request: Request, pk: str | None = None) -> Response:
        """The mission's recommendations with their follow-up; POST records one (Secretariat)."""
        mission = self.get_object()
        if request.method == "GET":
            rows = Recommendation.objects.visible_to(request.user).filter(mission=mission).prefetch_related("notes")
            return Response(RecommendationSerializer(rows, many=True).data)
        if not policy_for(Recommendation).can(request.user, "add"):
            raise NotFound
        body = RecommendationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = actions.add_recommendation(actor=signed_in_user(request), mission=mission, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(RecommendationSerializer(made).data, status=status.HTTP_201_CREATED)


class RecommendationViewSet(PolicyReadOnlyViewSet):
    """Recommendations the caller may see (her state's, or all for the Secretariat), and their follow-up."""

    queryset = Recommendation.objects.select_related("owner_state").prefetch_related("notes").order_by("due_date", "pk")
    serializer_class = RecommendationSerializer

    @extend_schema(request=RecommendationStatusSerializer, responses={200: RecommendationSerializer})
    @action(detail=True, methods=["post"], url_path="status", policy_action="update_status")
    def update_status(self, request: Request, pk: str | None = None) -> Response:
        """Set the status with a note (the owning state's coordinator or the Secretariat; audited)."""
        recommendation = self.get_object()
        body = RecommendationStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.update_recommendation(
                actor=signed_in_user(request), recommendation=recommendation, **body.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(
            RecommendationSerializer(Recommendation.objects.prefetch_related("notes").get(pk=recommendation.pk)).data
        )

    @extend_schema(operation_id="recommendations_follow_up", responses={200: FollowUpSerializer})
    @action(detail=False, methods=["get"], url_path="follow-up", policy_action="view")
    def follow_up(self, request: Request) -> Response:
        """Counts by status per state and per program, with how many are overdue."""
        visible = self.get_queryset()
        states = [{**row, "key": row["owner_state__iso2"]} for row in followup.by_state(visible)]
        programs = [{**row, "key": row["mission__program__code"]} for row in followup.by_program(visible)]
        return Response(FollowUpSerializer({"by_state": states, "by_program": programs}).data)
