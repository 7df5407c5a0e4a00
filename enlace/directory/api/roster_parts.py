"""API: an expert's availability windows and certifications changed or removed, and applying to the roster;
the same actions and policies as the profile pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enlace.accounts.models import signed_in_user
from enlace.common.api.errors import as_drf
from enlace.common.api.permissions import TokenScopeAllows
from enlace.common.api.serializers import StrictSerializerMixin
from enlace.common.api.viewsets import PolicyViewSetMixin
from enlace.directory import actions, availability, roster
from enlace.directory.api.serializers import (
    AvailabilityWindowSerializer,
    CertificationSerializer,
    ExpertChangeSerializer,
    ExpertSerializer,
)
from enlace.directory.models import AvailabilityKind, AvailabilityWindow, Certification


class WindowChangeSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """What may change in a window; an omitted field keeps its value."""

    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=AvailabilityKind.choices, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CertificationChangeSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """What may change in a certification; an omitted field keeps its value."""

    name = serializers.CharField(max_length=200, required=False)
    issuer = serializers.CharField(max_length=200, required=False)
    obtained_on = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False, allow_null=True)


class _PartViewSet(mixins.RetrieveModelMixin, PolicyViewSetMixin, viewsets.GenericViewSet):
    """Read, change (PATCH) and remove one part of an expert's profile: the expert herself or the Secretariat."""

    http_method_names = ["get", "patch", "delete", "head", "options"]
    change_serializer: type[serializers.Serializer[Any]]

    def save(self, part: Any, actor: Any, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def remove(self, part: Any, actor: Any) -> None:
        raise NotImplementedError

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        part = self.get_object()
        body = self.change_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            part = self.save(part, signed_in_user(request), dict(body.validated_data))
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(self.get_serializer(part).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        part = self.get_object()
        try:
            self.remove(part, signed_in_user(request))
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=WindowChangeSerializer)
class AvailabilityWindowViewSet(_PartViewSet):
    """An availability window: an overlapping change is refused with the dates of the window it would overlap."""

    queryset = AvailabilityWindow.objects.select_related("expert")
    serializer_class = AvailabilityWindowSerializer
    change_serializer = WindowChangeSerializer

    def save(self, part: Any, actor: Any, fields: dict[str, Any]) -> Any:
        return availability.save_window(part, actor=actor, **fields)

    def remove(self, part: Any, actor: Any) -> None:
        availability.remove_window(part, actor=actor)


@extend_schema(request=CertificationChangeSerializer)
class CertificationViewSet(_PartViewSet):
    """A certification: corrected or renewed (the expiry after the date obtained), or removed."""

    queryset = Certification.objects.select_related("expert")
    serializer_class = CertificationSerializer
    change_serializer = CertificationChangeSerializer

    def save(self, part: Any, actor: Any, fields: dict[str, Any]) -> Any:
        return actions.change_certification(part, actor=actor, **fields)

    def remove(self, part: Any, actor: Any) -> None:
        actions.remove_certification(part, actor=actor)


class ExpertApplyView(APIView):
    """An expert (the expert role, with her own directory record) applies to the roster."""

    permission_classes = [TokenScopeAllows]

    @extend_schema(request=ExpertChangeSerializer, responses={201: ExpertSerializer}, operation_id="experts_apply")
    def post(self, request: Request) -> Response:
        """She waits as `applied` until the Secretariat accepts or declines; the Secretariat is notified."""
        body = ExpertChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            expert = roster.apply_to_roster(actor=signed_in_user(request), **body.validated_data)
        except PermissionDenied as exc:
            raise NotFound from exc
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExpertSerializer(expert).data, status=status.HTTP_201_CREATED)
