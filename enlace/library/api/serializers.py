"""What the library write API accepts: a new work with its first file, a new translation, a new version."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from enlace.common.api.serializers import StrictModelSerializer, StrictSerializerMixin
from enlace.directory.models import Network
from enlace.geo.models import MemberState
from enlace.library.forms import DC_FIELDS
from enlace.library.models import LANGUAGES, AccessLevel, Work
from enlace.workplan.models import Program

CODES = [code for code, _label in LANGUAGES]  # the values of the schema's shared LanguageCodeEnum


class WorkCreateSerializer(StrictModelSerializer):
    """A new work (multipart): Dublin Core metadata, type, access, programs / countries / networks by code,
    its original language and the first file. The same checks as the upload page."""

    programs = serializers.SlugRelatedField(
        slug_field="code", queryset=Program.objects.all(), many=True, required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="iso2", queryset=MemberState.objects.all(), many=True, required=False
    )
    networks = serializers.SlugRelatedField(
        slug_field="code", queryset=Network.objects.all(), many=True, required=False
    )
    owner_state = serializers.SlugRelatedField(
        slug_field="iso2", queryset=MemberState.objects.all(), required=False, allow_null=True
    )
    language = serializers.ChoiceField(choices=CODES, help_text="The original language: en, es, fr or pt")
    upload = serializers.FileField(help_text="The first file (PDF, DOCX, XLSX, PPTX, ODT, text or image)")
    change_note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Work
        fields = [*DC_FIELDS, "document_type", "access_level", "owner_state", "programs", "countries", "networks",
                  "language", "upload", "change_note"]  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("access_level") == AccessLevel.NETWORKS and not attrs.get("networks"):
            raise serializers.ValidationError({"networks": [_("Choose at least one network.")]})
        if attrs.get("access_level") == AccessLevel.STATE and not attrs.get("owner_state"):
            raise serializers.ValidationError({"owner_state": [_("Choose the owning state.")]})
        return attrs


class TranslationCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """A new language of a work, with its first file (multipart)."""

    language = serializers.ChoiceField(choices=CODES)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    upload = serializers.FileField()


class VersionCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """A new version of one of the work's translations (multipart); it becomes the current one."""

    language = serializers.ChoiceField(choices=CODES, help_text="The translation to add a version to")
    change_note = serializers.CharField()
    upload = serializers.FileField()


class WorkUpdateSerializer(WorkCreateSerializer):
    """The metadata of a work to change (JSON or multipart, every field optional): Dublin Core, type, access,
    programs / countries / networks by code. The original language and the files are not changed here."""

    language = None  # type: ignore[assignment]
    upload = None  # type: ignore[assignment]
    change_note = None  # type: ignore[assignment]

    class Meta:
        model = Work
        fields = [*DC_FIELDS, "document_type", "access_level", "owner_state", "programs", "countries", "networks"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The access level's companions are checked against the stored work by the action."""
        return attrs


class TranslationUpdateSerializer(StrictSerializerMixin, serializers.Serializer):
    """The title and description of a work in one language (each optional)."""

    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class VersionNoteSerializer(StrictSerializerMixin, serializers.Serializer):
    """The change note of one version."""

    change_note = serializers.CharField(allow_blank=True)
