"""API: library works the caller may open, with their translations and versions (read only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.library.models import Translation, Version, Work


class VersionSerializer(serializers.ModelSerializer):
    """One version of a translation and its own, citable download URL."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Version
        fields = ["number", "change_note", "name", "size", "content_type", "sha256", "uploaded_at", "url"]
        read_only_fields = fields


class TranslationSerializer(serializers.ModelSerializer):
    """A work in one language with its versions, newest first."""

    versions = VersionSerializer(many=True, read_only=True)
    language = serializers.CharField(read_only=True, help_text="en, es, fr or pt")

    class Meta:
        model = Translation
        fields = ["language", "title", "description", "versions"]
        read_only_fields = fields


class WorkSerializer(serializers.ModelSerializer):
    """A work: Dublin Core metadata, access level, status, citation and translations."""

    programs: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    countries: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    citation = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True, help_text="Original language: en, es, fr or pt")
    translations = TranslationSerializer(many=True, read_only=True)

    class Meta:
        model = Work
        fields = [
            "identifier", "title", "creator", "subject", "description", "publisher", "contributor", "date",
            "dc_type", "format", "source", "language", "relation", "coverage", "rights", "document_type",
            "programs", "countries", "access_level", "status", "published_at", "citation", "translations",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        operation_id="library_works_list",
        parameters=[OpenApiParameter("q", str, description="Full-text search (all languages)")],
    ),
    retrieve=extend_schema(operation_id="library_works_retrieve"),
)
class WorkViewSet(PolicyReadOnlyViewSet):
    """The library works the caller may open (drafts: her own; the Secretariat: all)."""

    queryset = Work.objects.all()
    serializer_class = WorkSerializer
    lookup_field = "identifier"

    def get_queryset(self) -> QuerySet[Any]:
        queryset = (
            super()
            .get_queryset()
            .prefetch_related(
                "programs",
                "countries",
                Prefetch(
                    "translations",
                    queryset=Translation.objects.prefetch_related(
                        Prefetch("versions", queryset=Version.objects.select_related("translation__work"))
                    ),
                ),
            )
        )
        query = self.request.query_params.get("q", "").strip()
        if query and self.action == "list":
            from enlace.library.search import search

            matched = search(Translation.objects.visible_to(self.request.user), query, [])
            # Evaluated, not a subquery: the search's raw SQL names the translation table, which a subquery aliases.
            queryset = queryset.filter(pk__in=list(matched.order_by().values_list("work_id", flat=True)))
        return queryset
