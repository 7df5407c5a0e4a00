"""Activities over the API: read what the policy allows; the Secretariat records and changes them through the
same form validation as the pages (program, mandates and officer choices included) and the same actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import User, signed_in_user
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.geo.models import MemberState
from enlace.workplan import actions
from enlace.workplan.forms import ActivityForm
from enlace.workplan.models import (
    Activity,
    ActivityBudget,
    ActivityKind,
    ActivityPartner,
    ActivityStatus,
    GenderSignificance,
    Modality,
    Program,
    ProposedActivity,
)


class PartnerSerializer(serializers.ModelSerializer):
    """An organisation in an IATI role (1 funding, 2 accountable, 3 extending, 4 implementing)."""

    class Meta:
        model = ActivityPartner
        fields = ["name", "role", "org_type", "ref", "institution"]


class BudgetSerializer(serializers.ModelSerializer):
    """A budget for one period (at most a year); kind 1 original, 2 revised."""

    class Meta:
        model = ActivityBudget
        fields = ["period_start", "period_end", "value", "currency", "kind"]


class ActivitySerializer(serializers.ModelSerializer):
    """An activity: program code, type, modality, dates, venue, states (ISO codes), IATI status, mandates,
    partners and budgets."""

    program: serializers.SlugRelatedField[Program] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    states: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    implements: serializers.PrimaryKeyRelatedField[ProposedActivity] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="ids of the proposed activities (work-plan mandates) it implements"
    )
    responsible_officer = serializers.CharField(
        source="responsible_officer.full_name", read_only=True, allow_null=True, default=None
    )
    partners = PartnerSerializer(many=True, read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "program",
            "kind",
            "modality",
            "starts_on",
            "ends_on",
            "venue",
            "description",
            "states",
            "status",
            "gender_significance",
            "implements",
            "responsible_officer",
            "public",
            "partners",
            "budgets",
        ]
        read_only_fields = fields


class ActivityWriteSerializer(serializers.Serializer[Any]):
    """What may be written; partners and budgets, when given, replace the recorded ones."""

    title = serializers.CharField(max_length=300)
    program = serializers.CharField(help_text="program code, such as cybersecurity (an officer: her own programs)")
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    states = serializers.ListField(child=serializers.CharField(max_length=2), required=False, help_text="ISO codes")
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)
    gender_significance = serializers.ChoiceField(choices=GenderSignificance.choices, required=False)
    implements = serializers.ListField(child=serializers.IntegerField(), required=False)
    responsible_officer = serializers.IntegerField(required=False, allow_null=True, help_text="user id")
    public = serializers.BooleanField(required=False, help_text="shown on the public programs page once delivered")
    partners = PartnerSerializer(many=True, required=False)
    budgets = BudgetSerializer(many=True, required=False)


def _form_data(body: dict[str, Any], activity: Activity | None) -> dict[str, Any]:
    """The activity form's data from the API body, on top of the stored activity for a PATCH."""
    data: dict[str, Any] = {}
    if activity is not None:
        data = {f: getattr(activity, f) for f in actions.ACTIVITY_FIELDS if f != "program"}
        data["program"] = activity.program_id
        data["states"] = list(activity.states.values_list("pk", flat=True))
        data["implements"] = list(activity.implements.values_list("pk", flat=True))
        data["responsible_officer"] = activity.responsible_officer_id
    for name, value in body.items():
        if name in ("partners", "budgets"):
            continue
        if name == "program":
            value = Program.objects.filter(code=value).values_list("pk", flat=True).first() or -1
        elif name == "states":
            found = dict(MemberState.objects.filter(iso2__in=value).values_list("iso2", "pk"))
            value = [found.get(code, -1) for code in value]
        data[name] = value
    return {k: ("" if v is None else v) for k, v in data.items()}


def _save(user: User, body: dict[str, Any], activity: Activity | None) -> Activity:
    form = ActivityForm(_form_data(body, activity), instance=Activity(), user=user)
    if not form.is_valid():
        raise serializers.ValidationError(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    fields = dict(form.cleaned_data)
    for name in ("partners", "budgets"):
        if name in body:
            fields[name] = [dict(row) for row in body[name]]
    try:
        if activity is None:
            return actions.create_activity(actor=user, **fields)
        return actions.update_activity(actor=user, activity=activity, **fields)
    except DjangoValidationError as exc:
        raise as_drf(exc) from exc


class ActivityViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyReadOnlyViewSet):
    """Activities the user may see: the Secretariat all, a national coordinator those involving her states; the
    Secretariat records them, an officer in her own programs."""

    queryset = Activity.objects.select_related("program", "responsible_officer").prefetch_related(
        "states", "implements", "partners", "budgets"
    )
    serializer_class = ActivitySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivitySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an activity with its partners and budgets."""
        body = ActivityWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = _save(signed_in_user(request), body.validated_data, None)
        return Response(ActivitySerializer(self._fresh(activity)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityWriteSerializer, responses=ActivitySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change an activity; the fields left out keep their values."""
        activity = self.get_object()
        body = ActivityWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        activity = _save(signed_in_user(request), body.validated_data, activity)
        return Response(ActivitySerializer(self._fresh(activity)).data)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only PATCH is offered."""
        return self.partial_update(request, *args, **kwargs)

    def _fresh(self, activity: Activity) -> Activity:
        return self.queryset.get(pk=activity.pk)
