"""API of the directory: the same reads and writes as the pages, through the same policies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.audit.actions import record
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet, PolicyViewSetMixin
from enlace.directory import actions, applications, availability, roster
from enlace.directory import exercises as exercise_actions
from enlace.directory.api.serializers import (
    ApplicationSerializer,
    ApplicationWriteSerializer,
    AvailabilityWindowSerializer,
    CertificationSerializer,
    CertificationWriteSerializer,
    ChannelSerializer,
    ChannelWriteSerializer,
    ContactSerializer,
    DecisionSerializer,
    DesignationSerializer,
    ExerciseLaunchSerializer,
    ExerciseSerializer,
    ExpertChangeSerializer,
    ExpertCreateSerializer,
    ExpertSerializer,
    MissionSerializer,
    MissionWriteSerializer,
    NetworkSerializer,
    NominationSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    ReasonSerializer,
    ReinstateSerializer,
    WindowWriteSerializer,
)
from enlace.directory.filters import DesignationFilter, ExpertFilter
from enlace.directory.forms import ApplicationForm
from enlace.directory.models import Channel, Designation, Exercise, Expert, MembershipApplication, Network, Person
from enlace.directory.reachability import call_list
from enlace.geo.models import MemberState


class NetworkViewSet(PolicyReadOnlyViewSet):
    """The networks, and whom to call right now in each."""

    queryset = Network.objects.all()
    serializer_class = NetworkSerializer
    lookup_field = "code"
    pagination_class = None

    @extend_schema(responses=ContactSerializer(many=True))
    @action(detail=True, methods=["get"], url_path=r"reachable-now/(?P<iso2>[A-Za-z]{2})")
    def reachable_now(self, request: Request, code: str | None = None, iso2: str = "") -> Response:
        """The ordered call list of a network for a state (audited, like the page)."""
        network = self.get_object()
        designations = Designation.objects.visible_to(request.user).filter(network=network, state__iso2=iso2.upper())
        if not designations.exists():
            raise NotFound
        contacts = call_list(designations, Channel.objects.visible_to(request.user))
        record(
            "directory.reachable_now.view",
            actor=request.user,
            object_type="directory.network",
            object_id=network.code,
            changes={"state": iso2.upper(), "network": network.code, "shown": [c.designation.pk for c in contacts]},
        )
        return Response(ContactSerializer(contacts, many=True).data)


class PersonViewSet(mixins.RetrieveModelMixin, PolicyViewSetMixin, viewsets.GenericViewSet):
    """A person's contact details (each read audited); add, change, confirm, add a channel."""

    queryset = Person.objects.select_related("institution__state")
    serializer_class = PersonSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_channels": Channel.objects.visible_to(self.request.user)}

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        actions.record_contact_view(person, actor=signed_in_user(request), channel="api")
        return Response(self.get_serializer(person).data)

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        """Add a person to an institution of the coordinator's state."""
        body = PersonWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        missing = {
            f: [_("This field is required.")]
            for f in ("full_name", "institution", "time_zone")
            if f not in body.validated_data
        }
        if missing:
            raise serializers.ValidationError(missing)
        try:
            person = actions.save_person(None, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change a person."""
        self.policy_action = "change"
        person = self.get_object()
        body = PersonWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        try:
            actions.save_person(person, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(self.get_serializer(person).data)

    @extend_schema(request=None, responses=PersonSerializer)
    @action(detail=True, methods=["post"], policy_action="change")
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Re-attestation: the record is current."""
        person = actions.confirm_person(self.get_object(), actor=signed_in_user(request))
        return Response(self.get_serializer(person).data)

    @extend_schema(request=ChannelWriteSerializer, responses={201: ChannelSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def channels(self, request: Request, pk: str | None = None) -> Response:
        """Add a checked channel to the person."""
        person = self.get_object()
        body = ChannelWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            channel = actions.add_channel(actor=signed_in_user(request), person=person, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ChannelSerializer(channel).data, status=status.HTTP_201_CREATED)


class ExerciseViewSet(mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """Reachability exercises (Secretariat): list, results, launch or schedule, close, cancel."""

    queryset = Exercise.objects.select_related("network").prefetch_related("states")
    serializer_class = ExerciseSerializer

    @extend_schema(request=ExerciseLaunchSerializer, responses={201: ExerciseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Launch an exercise now, or schedule it (`start_at` in the future)."""
        body = ExerciseLaunchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            exercise = exercise_actions.launch(actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExerciseSerializer(exercise).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ExerciseSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close a running exercise: links stop working, silent states count as unreachable."""
        exercise = self.get_object()
        if not exercise_actions.close(actor=signed_in_user(request), exercise=exercise, reason="closed by hand"):
            raise serializers.ValidationError({"status": _("Only a running exercise can be closed.")})
        exercise.refresh_from_db()
        return Response(ExerciseSerializer(exercise).data)

    @extend_schema(request=None, responses={200: ExerciseSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a scheduled exercise before it starts."""
        exercise = self.get_object()
        try:
            exercise_actions.cancel(actor=signed_in_user(request), exercise=exercise)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        exercise.refresh_from_db()
        return Response(ExerciseSerializer(exercise).data)


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
            raise as_drf(exc) from exc
        return Response(DesignationSerializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DesignationSerializer)
    @action(detail=True, methods=["post"], policy_action="validate")
    def validate(self, request: Request, pk: str | None = None) -> Response:
        """Validate a proposed designation (Secretariat)."""
        designation = self.get_object()
        try:
            actions.validate(designation, actor=signed_in_user(request))
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
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
            raise as_drf(exc) from exc
        return Response(DesignationSerializer(designation).data)


class ExpertViewSet(PolicyReadOnlyViewSet):
    """The expert roster, searchable like the page: the Secretariat adds and changes entries, an expert her own."""

    queryset = (
        Expert.objects.select_related("person__institution__state")
        .prefetch_related("skills", "certifications", "missions__state", "windows")
        .distinct()
    )
    serializer_class = ExpertSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExpertFilter

    def filter_queryset(self, queryset: Any) -> Any:
        # The search (which leaves removed experts out) is the list's; an entry is reached by its id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=ExpertCreateSerializer, responses={201: ExpertSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Put a person of the directory on the roster (Secretariat)."""
        body = ExpertCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        try:
            expert = roster.save_expert(None, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(ExpertSerializer(expert).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExpertChangeSerializer, responses=ExpertSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change a roster entry: summary, skills, languages (Secretariat, or the expert herself)."""
        expert = self.get_object()
        body = ExpertChangeSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        try:
            roster.save_expert(expert, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExpertSerializer(expert).data)

    @extend_schema(request=MissionWriteSerializer, responses={201: MissionSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def missions(self, request: Request, pk: str | None = None) -> Response:
        """Record a mission the expert delivered (the expert herself or the Secretariat)."""
        expert = self.get_object()
        body = MissionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            mission = roster.add_mission(expert, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(MissionSerializer(mission).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WindowWriteSerializer, responses={201: AvailabilityWindowSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def windows(self, request: Request, pk: str | None = None) -> Response:
        """Add an availability window (the expert herself or the Secretariat); one overlapping another is refused."""
        expert = self.get_object()
        body = WindowWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            window = availability.save_window(None, actor=signed_in_user(request), expert=expert, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(AvailabilityWindowSerializer(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ExpertSerializer, operation_id="experts_accept")
    @action(detail=True, methods=["post"], policy_action="delete")
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Accept an expert's application to the roster (Secretariat)."""
        expert = self.get_object()
        try:
            roster.accept_expert(expert, actor=signed_in_user(request))
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExpertSerializer(expert).data)

    @extend_schema(request=ReasonSerializer, responses=ExpertSerializer, operation_id="experts_remove")
    @action(detail=True, methods=["post"], policy_action="delete")
    def remove(self, request: Request, pk: str | None = None) -> Response:
        """Take an expert off the roster with a reason (Secretariat); her entry and missions stay."""
        expert = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            roster.remove_expert(expert, actor=signed_in_user(request), reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExpertSerializer(expert).data)

    @extend_schema(request=ReinstateSerializer, responses=ExpertSerializer, operation_id="experts_reinstate")
    @action(detail=True, methods=["post"], policy_action="delete")
    def reinstate(self, request: Request, pk: str | None = None) -> Response:
        """Put a removed expert back on the roster (Secretariat)."""
        expert = self.get_object()
        body = ReinstateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            roster.reinstate_expert(expert, actor=signed_in_user(request), reason=body.validated_data.get("reason", ""))
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ExpertSerializer(expert).data)

    @extend_schema(request=CertificationWriteSerializer, responses={201: CertificationSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def certifications(self, request: Request, pk: str | None = None) -> Response:
        """Add a certification (the expert herself or the Secretariat)."""
        expert = self.get_object()
        body = CertificationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            certification = actions.add_certification(expert, actor=signed_in_user(request), **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CertificationSerializer(certification).data, status=status.HTTP_201_CREATED)


class ApplicationViewSet(PolicyReadOnlyViewSet):
    """Membership applications: apply (multipart, with the official letter), read, endorse (the state's
    coordinator), decide (the Secretariat)."""

    queryset = MembershipApplication.objects.select_related("network", "state")
    serializer_class = ApplicationSerializer

    def get_parsers(self) -> list[Any]:
        # The letter is a file: applying is multipart (anything else a 415); the other operations are JSON.
        # (called before `self.action` is set in a request: then the action is read from the method)
        request = getattr(self, "request", None)
        method = request.method.lower() if request is not None and request.method else ""
        creating = getattr(self, "action", None) == "create" or self.action_map.get(method) == "create"
        return [MultiPartParser()] if creating else super().get_parsers()

    @extend_schema(
        request={"multipart/form-data": ApplicationWriteSerializer},
        responses={201: ApplicationSerializer},
        operation_id="applications_create",
    )
    def create(self, request: Request) -> Response:
        """A team head applies for her team to join a network (the letter: a PDF of 10 MB at most)."""
        sent: Any = request.data
        data = {key: sent.get(key) for key in ("network", "state", "team_name", "team_email")}
        state = MemberState.objects.filter(iso2=str(data.get("state", "")).upper()).values_list("pk", flat=True)
        data["state"] = str(state.first() or "")  # the API names the state by its ISO code, the form by its id
        form = ApplicationForm(data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError(
                {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
            )
        try:
            application = applications.apply(actor=signed_in_user(request), **form.cleaned_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        except PermissionDenied as exc:
            raise NotFound from exc
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], policy_action="endorse")
    def endorse(self, request: Request, pk: str | None = None) -> Response:
        """Endorse the application."""
        try:
            application = applications.endorse(self.get_object(), actor=signed_in_user(request))
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], policy_action="decide")
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Accept or decline the application."""
        application = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            applications.decide(
                application,
                actor=signed_in_user(request),
                accept=body.validated_data["accept"],
                note=body.validated_data["note"],
                meeting_on=body.validated_data["meeting_on"],
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(ApplicationSerializer(application).data)
