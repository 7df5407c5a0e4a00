"""Alerts over the API: the same policy as the pages, so the same readers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.exchange import actions, attachments, indicator_actions, misp_import, stix, stix_import, trend_views
from enlace.exchange.api.serializers import (
    AcknowledgementSerializer,
    AlertIndicatorSerializer,
    AlertSerializer,
    AlertWriteSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentSerializer,
    IndicatorBatchSerializer,
    RescopeSerializer,
    SightingInputSerializer,
    StixImportScopeSerializer,
    TranslationInputSerializer,
    TrendsSerializer,
)
from enlace.exchange.filters import AlertFilter
from enlace.exchange.indicator_actions import NewIndicator
from enlace.exchange.indicators import IndicatorType, refang
from enlace.exchange.models import Alert, AlertIndicator, Attachment, Comment, Tlp


class AlertViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Alerts the caller may read; write, acknowledge and discuss them."""

    queryset = Alert.objects.select_related("originator").prefetch_related("affected_states", "translations")
    serializer_class = AlertSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AlertFilter

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One alert (reading a marked alert is audited, like the page)."""
        alert = self.get_object()
        user = signed_in_user(request)
        actions.record_opening(actor=user, alert=alert)
        if alert.tlp != Tlp.CLEAR:
            record("alert.view", actor=user, obj=alert, changes={"tlp": alert.tlp, "via": "api"})
        return Response(self.get_serializer(alert).data)

    @extend_schema(operation_id="alerts_stix_set", responses={(200, stix.MEDIA_TYPE): OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"], url_path="stix", url_name="stix-set")
    def stix_set(self, request: Request) -> HttpResponse:
        """The alerts matching the same filters as the list, as one STIX 2.1 bundle (audited)."""
        alerts = list(stix.export_queryset(self.filter_queryset(self.get_queryset())))
        record(
            "alert.export.stix",
            actor=request.user,
            object_type="exchange.alert",
            changes={"alerts": [alert.pk for alert in alerts], "via": "api"},
        )
        return HttpResponse(stix.dumps(stix.bundle(alerts)), content_type=stix.MEDIA_TYPE)

    @extend_schema(
        parameters=[StixImportScopeSerializer],
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: AlertSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="import/stix", url_name="import-stix", policy_action="add")
    def import_stix(self, request: Request) -> Response:
        """Import a STIX 2.1 bundle (the JSON body); the scope and `publish` are query parameters. All or nothing."""
        limit = settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024
        if int(request.headers.get("Content-Length") or 0) > limit:
            message = _("The bundle is larger than %(mb)s MB.") % {"mb": limit // 1048576}
            raise serializers.ValidationError({"detail": [message]})
        params = StixImportScopeSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            made = stix_import.import_bundle(actor=signed_in_user(request), data=request.data, **params.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(
            {"alerts": AlertSerializer(made.alerts, many=True).data, "skipped": made.skipped},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="alerts_import_misp",
        parameters=[StixImportScopeSerializer],
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: AlertSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="import/misp", url_name="import-misp", policy_action="add")
    def import_misp(self, request: Request) -> Response:
        """Import MISP event JSON (one event, a list, or a `response`); the scope is in the query. All or nothing."""
        limit = settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024
        if int(request.headers.get("Content-Length") or 0) > limit:
            message = _("The file is larger than %(mb)s MB.") % {"mb": limit // 1048576}
            raise serializers.ValidationError({"detail": [message]})
        params = StixImportScopeSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        data.pop("title", None)
        try:
            made = misp_import.import_events(actor=signed_in_user(request), data=request.data, **data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(
            {"alerts": AlertSerializer(made.alerts, many=True).data, "skipped": made.skipped},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={(200, stix.MEDIA_TYPE): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="stix", url_name="stix", policy_action="view")
    def stix(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The alert as a STIX 2.1 bundle: report, originator identity, indicators, TLP 2.0 marking (audited)."""
        alert = stix.export_queryset(self.get_queryset()).filter(pk=self.get_object().pk).get()
        record("alert.export.stix", actor=request.user, obj=alert, changes={"tlp": alert.tlp, "via": "api"})
        body = stix.dumps(stix.bundle([alert], bundle_key=str(alert.uuid)))
        return HttpResponse(body, content_type=stix.MEDIA_TYPE)

    @extend_schema(
        operation_id="alerts_trends",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.STR, description="First month, YYYY-MM (default: 11 months ago)"),
            OpenApiParameter("end", OpenApiTypes.STR, description="Last month, YYYY-MM (default: this month)"),
        ],
        responses={200: TrendsSerializer},
    )
    @action(detail=False, methods=["get"], url_path="trends", url_name="trends")
    def trends(self, request: Request) -> Response:
        """Regional trends: counts by month, type, sector, affected state, marking, severity, indicator type."""
        result, period, facets = trend_views.trends_for(request.query_params, request.user)
        if result is None:
            raise serializers.ValidationError({"detail": trend_views.query_errors(period, facets)})
        return Response(TrendsSerializer(result).data)

    @extend_schema(request=AlertWriteSerializer, responses={201: AlertSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Write an alert; published at once unless `publish` is false."""
        body = AlertWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        publish = data.pop("publish")
        try:
            alert = actions.create_alert(actor=signed_in_user(request), publish=publish, **data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AlertSerializer(alert).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AcknowledgementSerializer, responses={200: AcknowledgementSerializer})
    @action(detail=True, methods=["post"], policy_action="acknowledge")
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """Answer the alert: received, acting or not affected."""
        alert = self.get_object()
        body = AcknowledgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ack = actions.acknowledge(actor=signed_in_user(request), alert=alert, **body.validated_data)
        return Response(AcknowledgementSerializer(ack).data)

    @extend_schema(methods=["get"], responses={200: CommentSerializer(many=True)})
    @extend_schema(methods=["post"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """The alert's discussion; POST adds a message."""
        alert = self.get_object()
        if request.method == "GET":
            rows = Comment.objects.visible_to(request.user).filter(alert=alert).select_related("author")
            return Response(CommentSerializer(rows, many=True).data)
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            comment = actions.add_comment(actor=signed_in_user(request), alert=alert, body=body.validated_data["body"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: AlertIndicatorSerializer(many=True)})
    @extend_schema(
        methods=["post"], request=IndicatorBatchSerializer, responses={201: AlertIndicatorSerializer(many=True)}
    )
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def indicators(self, request: Request, pk: str | None = None) -> Response:
        """The alert's indicators; POST adds some (author or Secretariat), all valid or none written."""
        alert = self.get_object()
        if request.method == "GET":
            rows = AlertIndicator.objects.visible_to(request.user).filter(alert=alert).select_related("indicator")
            return Response(AlertIndicatorSerializer(rows, many=True).data)
        if not policy_for(Alert).can(request.user, "change", alert):
            raise NotFound
        body = IndicatorBatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = [NewIndicator(**item) for item in body.validated_data["indicators"]]
        try:
            links = indicator_actions.add_indicators(actor=signed_in_user(request), alert=alert, items=items)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AlertIndicatorSerializer(links, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SightingInputSerializer, responses={201: None})
    @action(detail=True, methods=["post"], policy_action="acknowledge")
    def sightings(self, request: Request, pk: str | None = None) -> Response:
        """Report one of the alert's indicators seen, a false positive, or expired."""
        alert = self.get_object()
        body = SightingInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link = AlertIndicator.objects.filter(alert=alert, pk=body.validated_data["indicator"]).first()
        if link is None:
            raise serializers.ValidationError({"indicator": ["This alert has no such indicator."]})
        indicator_actions.add_sighting(actor=signed_in_user(request), link=link, kind=body.validated_data["kind"])
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a draft (author or Secretariat); its readers are notified."""
        alert = self.get_object()
        try:
            actions.publish(actor=signed_in_user(request), alert=alert)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AlertSerializer(alert).data)

    @extend_schema(request=RescopeSerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def rescope(self, request: Request, pk: str | None = None) -> Response:
        """Change the marking or the scope, with a reason (audited; new readers notified)."""
        alert = self.get_object()
        body = RescopeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            alert = actions.change_marking_or_scope(actor=signed_in_user(request), alert=alert, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AlertSerializer(alert).data)

    @extend_schema(request=None, responses={202: None})
    @action(detail=True, methods=["post"], policy_action="follow_up")
    def remind(self, request: Request, pk: str | None = None) -> Response:
        """Remind the readers who have not acknowledged."""
        try:
            actions.remind_silent(actor=signed_in_user(request), alert=self.get_object())
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=TranslationInputSerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def translations(self, request: Request, pk: str | None = None) -> Response:
        """Add or change the alert's text in another language."""
        alert = self.get_object()
        body = TranslationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.translate(actor=signed_in_user(request), alert=alert, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AlertSerializer(Alert.objects.prefetch_related("translations").get(pk=alert.pk)).data)

    @extend_schema(methods=["get"], responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["post"], request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["get", "post"], policy_action="view", parser_classes=[MultiPartParser, JSONParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """The alert's files; POST (multipart) attaches one (author or Secretariat)."""
        alert = self.get_object()
        if request.method == "GET":
            rows = Attachment.objects.visible_to(request.user).filter(alert=alert)
            return Response(AttachmentSerializer(rows, many=True).data)
        if not policy_for(Alert).can(request.user, "change", alert):
            raise NotFound
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = attachments.attach(actor=signed_in_user(request), alert=alert, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AttachmentSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)", policy_action="view")
    def attachment(self, request: Request, pk: str | None = None, attachment_id: str = "") -> FileResponse:
        """Download one file of the alert (audited)."""
        alert = self.get_object()
        found = Attachment.objects.visible_to(request.user).filter(alert=alert, pk=attachment_id).first()
        if found is None:
            raise NotFound
        record(
            "alert.attachment.download", actor=request.user, obj=alert, changes={"attachment": found.pk, "via": "api"}
        )
        content_type = "application/octet-stream" if found.malware_sample else found.content_type
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=content_type)


class IndicatorViewSet(PolicyReadOnlyViewSet):
    """Search the indicators of the alerts the caller may read (`value` contains, `type` equals)."""

    queryset = AlertIndicator.objects.select_related("indicator").order_by("-alert__published_at", "pk")
    serializer_class = AlertIndicatorSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("value", str, description="part of the value (defanged forms accepted)"),
            OpenApiParameter("type", str, enum=IndicatorType.values),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Indicator entries matching the search."""
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        value, kind = self.request.query_params.get("value"), self.request.query_params.get("type")
        if value:
            queryset = queryset.filter(indicator__value__icontains=refang(value).lower())
        if kind:
            queryset = queryset.filter(indicator__type=kind)
        return queryset
