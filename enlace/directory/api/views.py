"""API of the directory: the same reads and writes as the pages, through the same policies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.common.api.viewsets import PolicyReadOnlyViewSet, PolicyViewSetMixin
from enlace.directory import actions
from enlace.directory.api.serializers import (
    DesignationSerializer,
    NetworkSerializer,
    NominationSerializer,
    PersonSerializer,
    ReasonSerializer,
)
from enlace.directory.filters import DesignationFilter
from enlace.directory.models import Channel, Designation, Network, Person


def _as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class NetworkViewSet(PolicyReadOnlyViewSet):
    """The networks."""

    queryset = Network.objects.all()
    serializer_class = NetworkSerializer
    lookup_field = "code"
    pagination_class = None


class PersonViewSet(mixins.RetrieveModelMixin, PolicyViewSetMixin, viewsets.GenericViewSet):
    """A person's contact details: each read is audited and tagged with her state."""

    queryset = Person.objects.select_related("institution__state")
    serializer_class = PersonSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_channels": Channel.objects.visible_to(self.request.user)}

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        actions.record_contact_view(person, actor=signed_in_user(request), channel="api")
        return Response(self.get_serializer(person).data)


class DesignationViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Designations: read, nominate, validate (Secretariat), remove (state coordinator or Secretariat)."""

    queryset = Designation.objects.select_related("network", "state")
    serializer_class = DesignationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DesignationFilter

    def get_serializer_class(self) -> Any:
        return NominationSerializer if self.action == "create" else DesignationSerializer

    @extend_schema(request=NominationSerializer, responses={201: DesignationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Nominate a person or an institution (status: proposed)."""
        serializer = NominationSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            designation = actions.nominate(actor=signed_in_user(request), **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(DesignationSerializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DesignationSerializer)
    @action(detail=True, methods=["post"], policy_action="validate")
    def validate(self, request: Request, pk: str | None = None) -> Response:
        """Validate a proposed designation (Secretariat)."""
        designation = self.get_object()
        try:
            actions.validate(designation, actor=signed_in_user(request))
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(DesignationSerializer(designation).data)

    @extend_schema(request=ReasonSerializer, responses=DesignationSerializer)
    @action(detail=True, methods=["post"], policy_action="remove")
    def remove(self, request: Request, pk: str | None = None) -> Response:
        """End a designation, with a reason."""
        designation = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.remove(designation, actor=signed_in_user(request), reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(DesignationSerializer(designation).data)
