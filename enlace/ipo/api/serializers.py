"""What the IPO Americas API shows and accepts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from enlace.common.api.serializers import StrictModelSerializer, StrictSerializerMixin
from enlace.geo.models import MemberState
from enlace.ipo.actions import EVENT_FIELDS, LESSON_FIELDS
from enlace.ipo.models import ActionStatus, DocumentLink, EventStatus, Lesson, LinkRelation, MajorEvent
from enlace.library.api.serializers import CODES as LANGUAGE_CODES
from enlace.library.models import Work
from enlace.workplan.models import Program


class MajorEventSerializer(serializers.ModelSerializer):
    """A major event as readers see it."""

    host_state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    status = serializers.ChoiceField(choices=EventStatus.choices, read_only=True)

    class Meta:
        model = MajorEvent
        fields = ["id", *EVENT_FIELDS, "status", "validated", "created_at", "updated_at"]
        read_only_fields = fields


class MajorEventWriteSerializer(StrictModelSerializer):
    """The fields of an event a writer sends (the host state by ISO code)."""

    host_state = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all())

    class Meta:
        model = MajorEvent
        fields = list(EVENT_FIELDS)


class LessonSerializer(serializers.ModelSerializer):
    """A lesson as readers see it."""

    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    language = serializers.CharField(read_only=True, help_text="en, es, fr or pt")

    class Meta:
        model = Lesson
        fields = [
            "id", *LESSON_FIELDS, "stage", "rejection_reason", "analysis", "recommendation", "responsible_body",
            "action_description", "action_owner", "action_due", "action_status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class LessonWriteSerializer(StrictModelSerializer):
    """A new observation (the event by id, the program by code, the state by ISO code)."""

    program = serializers.SlugRelatedField(
        slug_field="code", queryset=Program.objects.all(), required=False, allow_null=True
    )
    state = serializers.SlugRelatedField(
        slug_field="iso2", queryset=MemberState.objects.all(), required=False, allow_null=True
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CODES, required=False, default="en", help_text="The lesson's language (its search index)"
    )

    class Meta:
        model = Lesson
        fields = list(LESSON_FIELDS)

    def __init__(self, *args: Any, events: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if events is not None:  # only events the submitter may see can be named
            self.fields["event"].queryset = events  # type: ignore[attr-defined]


class RejectSerializer(StrictSerializerMixin, serializers.Serializer):
    """Rejecting needs a reason."""

    rejection_reason = serializers.CharField()


class IdentifySerializer(StrictSerializerMixin, serializers.Serializer):
    """The lesson identified: analysis, recommendation, responsible body."""

    analysis = serializers.CharField()
    recommendation = serializers.CharField()
    responsible_body = serializers.CharField(max_length=250)


class PlanActionSerializer(StrictSerializerMixin, serializers.Serializer):
    """The remedial action: what, who, by when."""

    action_description = serializers.CharField()
    action_owner = serializers.CharField(max_length=250)
    action_due = serializers.DateField()


class UpdateActionSerializer(StrictSerializerMixin, serializers.Serializer):
    """How far the remedial action has gone."""

    action_status = serializers.ChoiceField(choices=ActionStatus.choices)


class EmptySerializer(StrictSerializerMixin, serializers.Serializer):
    """A step that takes no fields."""


class DocumentLinkSerializer(serializers.ModelSerializer):
    """A library document linked to an event or a lesson: the document by identifier and title, the relation."""

    work: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="identifier", read_only=True, help_text="The library work's identifier"
    )
    title = serializers.CharField(source="work.title", read_only=True)
    relation = serializers.ChoiceField(choices=LinkRelation.choices, read_only=True)

    class Meta:
        model = DocumentLink
        fields = ["id", "work", "title", "relation", "created_at"]
        read_only_fields = fields


class DocumentLinkCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """Link a library document (by identifier, among those the caller may open) with the kind of relation."""

    work = serializers.SlugRelatedField(
        slug_field="identifier",
        queryset=Work.objects.none(),
        error_messages={"does_not_exist": _("No such document."), "invalid": _("No such document.")},
        help_text="The library work's identifier",
    )
    relation = serializers.ChoiceField(choices=LinkRelation.choices)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is None:  # the schema generator's instance
            return
        # A document the caller may not open is answered exactly like one that does not exist.
        self.fields["work"].queryset = Work.objects.visible_to(user)  # type: ignore[attr-defined]
