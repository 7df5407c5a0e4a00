"""Alerts over the API: the same policy as the pages, so the same readers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.audit.actions import record
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.exchange import actions
from enlace.exchange.api.serializers import (
    AcknowledgementSerializer,
    AlertSerializer,
    AlertWriteSerializer,
    CommentSerializer,
)
from enlace.exchange.filters import AlertFilter
from enlace.exchange.models import Alert, Comment, Tlp


def _as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class AlertViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Alerts the caller may read; write, acknowledge and discuss them."""

    queryset = Alert.objects.select_related("originator").prefetch_related("affected_states")
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
            raise _as_drf(exc) from exc
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
            raise _as_drf(exc) from exc
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
