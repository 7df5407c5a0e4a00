"""API: the CICTE programs, the imported work plans and their coverage (read-only); activities are in
`activities.py`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.policy_base import policy_for
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.workplan.coverage import coverage
from enlace.workplan.models import Activity, PlanObjective, PlanProgram, Program, ProposedActivity, WorkPlan
from enlace.workplan.tree import plan_tree


class ProgramSerializer(serializers.ModelSerializer):
    """A program with its names and summaries in the four languages."""

    class Meta:
        model = Program
        fields = [
            "code",
            "position",
            "name_en",
            "name_es",
            "name_fr",
            "name_pt",
            "summary_en",
            "summary_es",
            "summary_fr",
            "summary_pt",
        ]
        read_only_fields = fields


class ProgramViewSet(PolicyReadOnlyViewSet):
    """The programs of the CICTE work plan."""

    queryset = Program.objects.all()
    serializer_class = ProgramSerializer
    lookup_field = "code"
    pagination_class = None


class PlanObjectiveSerializer(serializers.ModelSerializer):
    """One objective paragraph, with its place in the source file."""

    class Meta:
        model = PlanObjective
        fields = ["position", "text", "source_line"]
        read_only_fields = fields


class ProposedActivitySerializer(serializers.ModelSerializer):
    """One proposed-activity bullet, with its place in the source file."""

    class Meta:
        model = ProposedActivity
        fields = ["id", "position", "text", "source_line"]
        read_only_fields = fields


class SubProgramSerializer(serializers.ModelSerializer):
    """A sub-program (such as Maritime protection under Border security)."""

    objectives = PlanObjectiveSerializer(many=True, read_only=True)
    activities = ProposedActivitySerializer(many=True, read_only=True)

    class Meta:
        model = PlanProgram
        fields = ["position", "title", "source_line", "objectives", "activities"]
        read_only_fields = fields


class PlanProgramSerializer(SubProgramSerializer):
    """A program of the plan, the CICTE program it is linked to (code, or null) and its sub-programs."""

    program: serializers.SlugRelatedField[Program] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    subprograms = SubProgramSerializer(many=True, read_only=True, source="children")

    class Meta(SubProgramSerializer.Meta):
        fields = ["position", "title", "program", "source_line", "objectives", "activities", "subprograms"]
        read_only_fields = fields


class WorkPlanSerializer(serializers.ModelSerializer):
    """A work plan: its term, language and source."""

    class Meta:
        model = WorkPlan
        fields = ["term", "language", "imported_at", "source_name", "source_format", "fingerprint"]
        read_only_fields = fields


class WorkPlanTreeSerializer(WorkPlanSerializer):
    """A work plan with its text and its programs → sub-programs → objectives → proposed activities."""

    programs = PlanProgramSerializer(many=True, read_only=True)

    class Meta(WorkPlanSerializer.Meta):
        fields = [
            *WorkPlanSerializer.Meta.fields,
            "preamble",
            "introduction_heading",
            "introduction",
            "programs_heading",
            "programs",
            "outreach_heading",
            "outreach",
        ]
        read_only_fields = fields


class MandateCoverageSerializer(serializers.Serializer[Any]):
    """One proposed activity of the plan and the activities implementing it."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    implemented_by = serializers.ListField(child=serializers.IntegerField(), help_text="activity ids")


class CoverageSerializer(serializers.Serializer[Any]):
    """How far the plan's mandates are carried out by activities."""

    term = serializers.CharField()
    mandates = serializers.IntegerField(help_text="proposed activities in the plan")
    covered = serializers.IntegerField(help_text="proposed activities with at least one activity")
    proposed_activities = MandateCoverageSerializer(many=True)
    activities_without_mandate = serializers.ListField(
        child=serializers.IntegerField(), help_text="ids of activities dated in the term that implement no mandate"
    )


class WorkPlanViewSet(PolicyReadOnlyViewSet):
    """Imported work plans (list) and one plan as a tree (retrieve, by term such as 2021-2022)."""

    queryset = WorkPlan.objects.order_by("-term")
    lookup_field = "term"
    lookup_value_regex = r"\d{4}-\d{4}"
    pagination_class = None

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return WorkPlanTreeSerializer if self.action == "retrieve" else WorkPlanSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        plan.programs = plan_tree(plan, request.user)  # type: ignore[arg-type]  # a signed-in user; read by the serializer
        return Response(self.get_serializer(plan).data)

    @extend_schema(responses={200: CoverageSerializer})
    @action(detail=True, methods=["get"], policy_action="view")
    def coverage(self, request: Request, term: str) -> Response:
        """What implements each proposed activity of the plan (the Secretariat only, like the page)."""
        if not policy_for(Activity).can(request.user, "add"):
            raise NotFound
        plan = self.get_object()
        found = coverage(plan, request.user)  # type: ignore[arg-type]  # a signed-in user
        mandates = [
            {"id": m.pk, "text": m.text, "implemented_by": [a.pk for a in m.implementing]}
            for top in found.programs
            for node in [top, *top.children]  # type: ignore[attr-defined]  # set by plan_tree
            for m in node.activities.all()
        ]
        data = {
            "term": plan.term,
            "mandates": found.mandates,
            "covered": found.covered,
            "proposed_activities": mandates,
            "activities_without_mandate": [a.pk for a in found.unmandated],
        }
        return Response(CoverageSerializer(data).data)
