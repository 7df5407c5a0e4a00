"""Major events and lessons over the API: the same policy and the same writes as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.ipo import actions
from enlace.ipo.actions import WrongTransition
from enlace.ipo.api.serializers import (
    DocumentLinkCreateSerializer,
    DocumentLinkSerializer,
    EmptySerializer,
    IdentifySerializer,
    LessonSerializer,
    LessonWriteSerializer,
    MajorEventSerializer,
    MajorEventWriteSerializer,
    PlanActionSerializer,
    RejectSerializer,
    UpdateActionSerializer,
)
from enlace.ipo.filters import LessonFilter, MajorEventFilter
from enlace.ipo.models import DocumentLink, Lesson, MajorEvent

LINKS = {200: DocumentLinkSerializer(many=True)}
LINK_IN = DocumentLinkCreateSerializer
LINK_OUT = {201: DocumentLinkSerializer}


class Conflict(APIException):
    """The record is not at a stage that allows this step."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "wrong_transition"


class DocumentLinksMixin:
    """`documents/`: the library documents linked to the event or lesson (GET: those the caller may open, through
    the link policy; POST: link one, Secretariat) and `documents/{link_id}/` (DELETE: unlink, Secretariat); the
    same actions and policies as the pages."""

    get_object: Any
    queryset: Any

    def _target(self) -> dict[str, Any]:
        return {"event" if self.queryset.model is MajorEvent else "lesson": self.get_object()}

    def _documents(self, request: Request) -> Response:
        target = self._target()
        if request.method == "GET":
            links = DocumentLink.objects.restrict(request.user, "view").filter(**target).select_related("work")
            return Response(DocumentLinkSerializer(links, many=True).data)
        if not policy_for(DocumentLink).can(request.user, "add"):
            raise NotFound
        body = DocumentLinkCreateSerializer(data=request.data, user=request.user)
        body.is_valid(raise_exception=True)
        try:
            link = actions.link_document(actor=signed_in_user(request), **body.validated_data, **target)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(DocumentLinkSerializer(link).data, status=status.HTTP_201_CREATED)

    def _unlink(self, request: Request, link_id: str) -> Response:
        target = self._target()
        links = DocumentLink.objects.restrict(request.user, "delete").filter(**target).select_related("work")
        link = links.filter(pk=link_id).first()
        if link is None:
            raise NotFound
        actions.unlink_document(actor=signed_in_user(request), link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MajorEventViewSet(DocumentLinksMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyReadOnlyViewSet):
    """The major events registry: read what the policy allows; the Secretariat writes, coordinators propose."""

    queryset = MajorEvent.objects.select_related("host_state")
    serializer_class = MajorEventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MajorEventFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=MajorEventWriteSerializer, responses={201: MajorEventSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add an event (a coordinator's is a proposal for her own state)."""
        body = MajorEventWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            event = actions.save_event(actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(MajorEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MajorEventWriteSerializer, responses=MajorEventSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change an event (Secretariat)."""
        event = self.get_object()
        body = MajorEventWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        try:
            event = actions.save_event(actor=signed_in_user(request), event=event, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(MajorEventSerializer(event).data)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only PATCH is offered."""
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=MajorEventSerializer)
    @action(detail=True, methods=["post"], policy_action="validate")
    def validate(self, request: Request, pk: str | None = None) -> Response:
        """Validate a proposed event (Secretariat); an event already validated answers 409."""
        try:
            event = actions.validate_event(actor=signed_in_user(request), event=self.get_object())
        except WrongTransition as exc:
            raise Conflict(exc.message) from exc
        return Response(MajorEventSerializer(event).data)

    @extend_schema(methods=["get"], operation_id="major_events_documents_list", responses=LINKS)
    @extend_schema(methods=["post"], operation_id="major_events_documents_create", request=LINK_IN, responses=LINK_OUT)
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def documents(self, request: Request, pk: str | None = None) -> Response:
        """The library documents linked to the event that the caller may open; POST links one (Secretariat)."""
        return self._documents(request)

    @extend_schema(operation_id="major_events_documents_destroy", request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"documents/(?P<link_id>\d+)", policy_action="view")
    def document(self, request: Request, pk: str | None = None, link_id: str = "") -> Response:
        """Remove a document link of the event (Secretariat)."""
        return self._unlink(request, link_id)


class LessonViewSet(DocumentLinksMixin, mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Lessons learned: read what the policy allows, submit observations, and (Secretariat) take each step."""

    queryset = Lesson.objects.select_related("program", "state")
    serializer_class = LessonSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LessonFilter

    @extend_schema(request=LessonWriteSerializer, responses={201: LessonSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit an observation."""
        user = signed_in_user(request)
        body = LessonWriteSerializer(data=request.data, events=MajorEvent.objects.visible_to(user))
        body.is_valid(raise_exception=True)
        try:
            lesson = actions.submit_lesson(actor=user, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)

    def _step(self, request: Request, step: str, body_class: type[serializers.Serializer]) -> Response:
        lesson = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            lesson = actions.advance_lesson(
                actor=signed_in_user(request), lesson=lesson, step=step, **body.validated_data
            )
        except WrongTransition as exc:
            raise Conflict(exc.message) from exc
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(LessonSerializer(lesson).data)

    @extend_schema(request=None, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="validate")
    def validate(self, request: Request, pk: str | None = None) -> Response:
        """Validate an observation (Secretariat); 409 at any other stage."""
        return self._step(request, "validate", EmptySerializer)

    @extend_schema(request=RejectSerializer, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="reject")
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject an observation with a reason (Secretariat)."""
        return self._step(request, "reject", RejectSerializer)

    @extend_schema(request=IdentifySerializer, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="identify")
    def identify(self, request: Request, pk: str | None = None) -> Response:
        """Record the lesson identified: analysis, recommendation, responsible body (Secretariat)."""
        return self._step(request, "identify", IdentifySerializer)

    @extend_schema(request=PlanActionSerializer, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="plan_action", url_path="plan-action")
    def plan_action(self, request: Request, pk: str | None = None) -> Response:
        """Plan the remedial action: description, owner, due date (Secretariat)."""
        return self._step(request, "plan_action", PlanActionSerializer)

    @extend_schema(request=UpdateActionSerializer, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="update_action", url_path="update-action")
    def update_action(self, request: Request, pk: str | None = None) -> Response:
        """Update the remedial action's status (Secretariat)."""
        return self._step(request, "update_action", UpdateActionSerializer)

    @extend_schema(request=None, responses=LessonSerializer)
    @action(detail=True, methods=["post"], policy_action="close")
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the lesson as learned once its action is done (Secretariat)."""
        return self._step(request, "close", EmptySerializer)

    @extend_schema(methods=["get"], operation_id="lessons_documents_list", responses=LINKS)
    @extend_schema(methods=["post"], operation_id="lessons_documents_create", request=LINK_IN, responses=LINK_OUT)
    @action(detail=True, methods=["get", "post"], policy_action="view")
    def documents(self, request: Request, pk: str | None = None) -> Response:
        """The library documents linked to the lesson that the caller may open; POST links one (Secretariat)."""
        return self._documents(request)

    @extend_schema(operation_id="lessons_documents_destroy", request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"documents/(?P<link_id>\d+)", policy_action="view")
    def document(self, request: Request, pk: str | None = None, link_id: str = "") -> Response:
        """Remove a document link of the lesson (Secretariat)."""
        return self._unlink(request, link_id)
