"""API shapes of alerts, acknowledgements and comments."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from enlace.accounts.models import User
from enlace.common.api.serializers import StrictSerializerMixin
from enlace.directory.models import Institution, Network
from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import (
    Acknowledgement,
    AlertIndicator,
    AlertKind,
    AlertTranslation,
    Answer,
    Attachment,
    Comment,
    Sector,
    Severity,
    SightingKind,
    Tlp,
)
from enlace.exchange.models import Alert as AlertModel
from enlace.geo.models import MemberState


class AlertTranslationSerializer(serializers.ModelSerializer[AlertTranslation]):
    """The alert in another language."""

    class Meta:
        model = AlertTranslation
        fields = ["language", "title", "body"]
        read_only_fields = fields


class AlertSerializer(serializers.ModelSerializer[AlertModel]):
    """An alert as its reader sees it, with its translations."""

    originator = serializers.CharField(source="originator.name", read_only=True)
    translations = AlertTranslationSerializer(many=True, read_only=True)
    affected_states = serializers.SlugRelatedField(slug_field="iso2", many=True, read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = AlertModel
        fields = [
            "id",
            "uuid",
            "title",
            "body",
            "kind",
            "tlp",
            "severity",
            "sectors",
            "affected_states",
            "language",
            "status",
            "valid_from",
            "expires_at",
            "ack_deadline",
            "originator",
            "published_at",
            "translations",
        ]
        read_only_fields = fields


class AlertWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new alert: its text, marking and scope; `publish` false keeps it a draft."""

    title = serializers.CharField(max_length=250)
    body = serializers.CharField()
    kind = serializers.ChoiceField(choices=AlertKind.choices, default=AlertKind.ALERT)
    tlp = serializers.ChoiceField(choices=Tlp.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), default=list)
    affected_states = serializers.SlugRelatedField(
        slug_field="iso2",
        many=True,
        queryset=MemberState.objects.all(),
        default=list,  # type: ignore[arg-type]  # many=True takes a list
    )
    language = serializers.ChoiceField(choices=["en", "es", "fr", "pt"], default="en")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ack_deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    all_members = serializers.BooleanField(default=False)
    networks = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Network.objects.all(),
        default=list,  # type: ignore[arg-type]  # many=True takes a list
    )
    states = serializers.SlugRelatedField(
        slug_field="iso2",
        many=True,
        queryset=MemberState.objects.all(),
        default=list,  # type: ignore[arg-type]
    )
    institutions = serializers.PrimaryKeyRelatedField(many=True, queryset=Institution.objects.all(), default=list)
    recipients = serializers.SlugRelatedField(
        slug_field="email", many=True, queryset=User.objects.filter(is_active=True), default=list
    )
    publish = serializers.BooleanField(default=True)


class AcknowledgementSerializer(StrictSerializerMixin, serializers.ModelSerializer[Acknowledgement]):
    """A reader's answer."""

    answer = serializers.ChoiceField(choices=Answer.choices)

    class Meta:
        model = Acknowledgement
        fields = ["answer", "note", "answered_at"]
        read_only_fields = ["answered_at"]


class CommentSerializer(StrictSerializerMixin, serializers.ModelSerializer[Comment]):
    """A message of the discussion."""

    author = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at", "edited_at"]
        read_only_fields = ["id", "author", "created_at", "edited_at"]


class AlertIndicatorSerializer(serializers.ModelSerializer[AlertIndicator]):
    """An indicator as an alert carries it."""

    type = serializers.CharField(source="indicator.type", read_only=True)
    value = serializers.CharField(source="indicator.value", read_only=True)
    warnings = serializers.ListField(source="indicator.warnings", read_only=True)
    alert = serializers.IntegerField(source="alert_id", read_only=True)

    class Meta:
        model = AlertIndicator
        fields = ["id", "alert", "type", "value", "actionable", "comment", "warnings", "added_at"]
        read_only_fields = fields


class IndicatorInputSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """One indicator to add; `type` is guessed from the value when left out."""

    type = serializers.ChoiceField(choices=IndicatorType.choices, required=False, allow_null=True, default=None)
    value = serializers.CharField(max_length=2000)
    actionable = serializers.BooleanField(default=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class IndicatorBatchSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Indicators to add to an alert: all valid, or none written."""

    indicators = IndicatorInputSerializer(many=True)


class SightingInputSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A sighting of one of the alert's indicators (by the id of the alert's indicator entry)."""

    indicator = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SightingKind.choices)


class RescopeSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new marking and scope for an alert, with the reason (audited)."""

    tlp = serializers.ChoiceField(choices=Tlp.choices)
    reason = serializers.CharField(max_length=500)
    all_members = serializers.BooleanField(default=False)
    networks = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Network.objects.all(),
        default=list,  # type: ignore[arg-type]  # many=True takes a list
    )
    states = serializers.SlugRelatedField(
        slug_field="iso2",
        many=True,
        queryset=MemberState.objects.all(),
        default=list,  # type: ignore[arg-type]
    )
    institutions = serializers.PrimaryKeyRelatedField(many=True, queryset=Institution.objects.all(), default=list)
    recipients = serializers.SlugRelatedField(
        slug_field="email", many=True, queryset=User.objects.filter(is_active=True), default=list
    )


class TranslationInputSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """The alert's title and text in another language."""

    language = serializers.ChoiceField(choices=["en", "es", "fr", "pt"])
    title = serializers.CharField(max_length=250)
    body = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    """A file of an alert (download it from `download`)."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "sha256", "malware_sample", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment: Attachment) -> str:
        return f"/api/v1/alerts/{attachment.alert_id}/attachments/{attachment.pk}/"


class AttachmentUploadSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A file to attach (multipart/form-data)."""

    upload = serializers.FileField()
    malware_sample = serializers.BooleanField(default=False)


class StixImportScopeSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Query parameters of a STIX import: the scope of the new alerts, a title for loose indicators, publish."""

    title = serializers.CharField(max_length=250, required=False, default="")
    publish = serializers.BooleanField(default=True)
    all_members = serializers.BooleanField(default=False)
    networks = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Network.objects.all(),
        default=list,  # type: ignore[arg-type]  # many=True takes a list
    )
    states = serializers.SlugRelatedField(
        slug_field="iso2",
        many=True,
        queryset=MemberState.objects.all(),
        default=list,  # type: ignore[arg-type]
    )


class TrendRowSerializer(serializers.Serializer[Any]):
    """One value of a breakdown and its count."""

    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the metaclass takes it out of the class
    count = serializers.IntegerField()


class TrendMonthSerializer(serializers.Serializer[Any]):
    """One month: alerts published, distinct indicators they carry."""

    start = serializers.DateField()
    alerts = serializers.IntegerField()
    indicators = serializers.IntegerField()


class TrendsSerializer(serializers.Serializer[Any]):
    """Counts of the published alerts the caller may read, for a period [start, end)."""

    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day after the period.")
    alerts = serializers.IntegerField()
    indicators = serializers.IntegerField()
    months = TrendMonthSerializer(many=True)
    kinds = TrendRowSerializer(many=True)
    sectors = TrendRowSerializer(many=True)
    states = TrendRowSerializer(many=True)
    tlp = TrendRowSerializer(many=True)
    severities = TrendRowSerializer(many=True)
    indicator_types = TrendRowSerializer(many=True)
