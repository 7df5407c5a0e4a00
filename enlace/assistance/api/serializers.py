"""API shapes of assistance requests and missions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from enlace.accounts.models import User
from enlace.assistance.models import (
    AssistanceRequest,
    Finding,
    Mission,
    MissionKind,
    Priority,
    Recommendation,
    RecommendationNote,
    RecommendationStatus,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from enlace.common.api.serializers import StrictSerializerMixin
from enlace.directory.models import Expert, Institution
from enlace.geo.models import MemberState
from enlace.workplan.models import Program


class RequestEventSerializer(serializers.ModelSerializer[RequestEvent]):
    """One status change."""

    class Meta:
        model = RequestEvent
        fields = ["from_status", "to_status", "reason", "at"]
        read_only_fields = fields


class AssistanceRequestSerializer(serializers.ModelSerializer[AssistanceRequest]):
    """A request with its status and history."""

    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    experts: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "id",
            "state",
            "program",
            "subject",
            "description",
            "status",
            "decline_reason",
            "officer",
            "experts",
            "activity_reference",
            "filed_at",
            "updated_at",
        ]
        read_only_fields = fields


class RequestWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new request (documents are added afterwards, as multipart uploads)."""

    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso2", queryset=MemberState.objects.all()
    )
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", queryset=Program.objects.all()
    )
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()


class TransitionSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """The next status, and the reason (required to decline)."""

    to = serializers.ChoiceField(choices=RequestStatus.choices)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class WithdrawSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Why the state withdraws its request (optional)."""

    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AssignSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Responsible officer (user id), roster experts (ids) and the answering activities."""

    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True)
    experts = serializers.PrimaryKeyRelatedField(many=True, queryset=Expert.objects.all(), required=False)
    activity_reference = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class RequestDocumentSerializer(serializers.ModelSerializer[RequestDocument]):
    """A document of a request (download it from `download`)."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = RequestDocument
        fields = ["id", "name", "size", "content_type", "sha256", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, document: RequestDocument) -> str:
        return f"/api/v1/assistance-requests/{document.request_id}/documents/{document.pk}/"


class DocumentUploadSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A document to attach (multipart/form-data)."""

    upload = serializers.FileField()


class AssistanceMissionSerializer(serializers.ModelSerializer[Mission]):
    """An assessment mission or peer review."""

    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    experts: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Mission
        fields = ["id", "kind", "title", "state", "program", "start_date", "end_date", "experts", "request"]
        read_only_fields = fields


class AssistanceMissionWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new mission."""

    kind = serializers.ChoiceField(choices=MissionKind.choices)
    title = serializers.CharField(max_length=200)
    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso2", queryset=MemberState.objects.all()
    )
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", queryset=Program.objects.all()
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    experts = serializers.PrimaryKeyRelatedField(many=True, queryset=Expert.objects.all(), required=False)
    request = serializers.PrimaryKeyRelatedField(
        queryset=AssistanceRequest.objects.all(), required=False, allow_null=True
    )


class FindingSerializer(StrictSerializerMixin, serializers.ModelSerializer[Finding]):
    """A finding of a mission (sensitive)."""

    class Meta:
        model = Finding
        fields = ["id", "title", "description", "created_at"]
        read_only_fields = ["id", "created_at"]


class RecommendationNoteSerializer(serializers.ModelSerializer[RecommendationNote]):
    """A follow-up note."""

    class Meta:
        model = RecommendationNote
        fields = ["status", "note", "at"]
        read_only_fields = fields


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    """A recommendation with its follow-up."""

    owner_state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    notes = RecommendationNoteSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "mission",
            "text",
            "owner_state",
            "owner_institution",
            "due_date",
            "priority",
            "status",
            "overdue",
            "activity_reference",
            "notes",
        ]
        read_only_fields = fields


class RecommendationWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new recommendation of a mission."""

    text = serializers.CharField()
    due_date = serializers.DateField()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)
    owner_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    activity_reference = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class RecommendationStatusSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A follow-up: the new status and what was done."""

    status = serializers.ChoiceField(choices=RecommendationStatus.choices)
    note = serializers.CharField()


class FollowUpRowSerializer(serializers.Serializer[Any]):
    """Counts of recommendations by status for one state or program."""

    key = serializers.CharField()
    open = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    implemented = serializers.IntegerField()
    not_implemented = serializers.IntegerField()
    overdue = serializers.IntegerField()
    total = serializers.IntegerField()


class FollowUpSerializer(serializers.Serializer[Any]):
    """The follow-up view: per state and per program."""

    by_state = FollowUpRowSerializer(many=True)
    by_program = FollowUpRowSerializer(many=True)
