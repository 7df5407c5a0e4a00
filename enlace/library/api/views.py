"""API: library works the caller may open, with their translations and versions; and the writes of the upload
pages (a new work, a translation, a version, the workflow steps) through the same actions and policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.library import actions
from enlace.library.api.serializers import (
    TranslationCreateSerializer,
    TranslationUpdateSerializer,
    VersionCreateSerializer,
    VersionNoteSerializer,
    WorkCreateSerializer,
    WorkUpdateSerializer,
)
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


class FollowStateSerializer(serializers.Serializer[Any]):
    """Whether the caller follows the work."""

    identifier = serializers.CharField(read_only=True)
    following = serializers.BooleanField(read_only=True)


class SearchPagination(LimitOffsetPagination):
    """The list's pages, with the search's "did you mean" (`suggestion`, null unless a search found almost
    nothing)."""

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["suggestion"] = None
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["suggestion"] = {
            "type": "string",
            "nullable": True,
            "description": "With `q`, when it matches fewer than 3 published translations: a corrected query, from "
            "the words of the titles the caller may open, that matches more (else null).",
        }
        return out


@extend_schema_view(
    list=extend_schema(
        operation_id="library_works_list",
        parameters=[OpenApiParameter("q", str, description="Full-text search (all languages)")],
    ),
    retrieve=extend_schema(operation_id="library_works_retrieve"),
)
class WorkViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyReadOnlyViewSet):
    """The library works the caller may open (drafts: her own; the Secretariat: all); authors add works,
    translations and versions and change their metadata; the workflow moves draft → in review → published →
    archived."""

    queryset = Work.objects.all()
    serializer_class = WorkSerializer
    lookup_field = "identifier"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    parser_classes = [MultiPartParser, JSONParser]  # files travel as multipart; JSON bodies are answered 400
    pagination_class = SearchPagination
    matched_translations = 0  # with `q`: how many translations the search matched

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "follow":  # answers no translations: the restricted work alone
            return super().get_queryset()
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
            work_ids = list(matched.order_by().values_list("work_id", flat=True))
            self.matched_translations = len(work_ids)
            queryset = queryset.filter(pk__in=work_ids)
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The works the caller may open; with `q`, those matching it and, when almost none do, a suggestion."""
        response = super().list(request, *args, **kwargs)
        query = request.query_params.get("q", "").strip()
        if query and isinstance(response.data, dict):
            from enlace.library.suggest import suggestion

            titles = [t["title"] for work in response.data["results"] for t in work["translations"]]
            readable = Translation.objects.visible_to(request.user)
            response.data["suggestion"] = suggestion(readable, {"q": query}, self.matched_translations, titles)
        return response

    def _fresh(self, work: Work) -> Response:
        fresh = Work.objects.prefetch_related("programs", "countries", "translations__versions").get(pk=work.pk)
        return Response(WorkSerializer(fresh).data)

    @extend_schema(operation_id="library_works_create", request=WorkCreateSerializer, responses={201: WorkSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a work as a draft (multipart): its metadata and its first file, sniffed and indexed like the upload
        page's. Authors: the Secretariat, national coordinators and focal points with an institution."""
        actor = signed_in_user(request)
        body = WorkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        metadata = dict(body.validated_data)
        language, upload, note = metadata.pop("language"), metadata.pop("upload"), metadata.pop("change_note")
        if not metadata.get("owner_state") and actor.institution_id:
            metadata["owner_state"] = actor.institution.state  # type: ignore[union-attr]
        try:
            work = actions.create_work(
                actor=actor, metadata=metadata, language=language, upload=upload, change_note=note
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        response = self._fresh(work)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(operation_id="library_works_partial_update", request=WorkUpdateSerializer, responses=WorkSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a work's metadata (JSON or multipart; only the fields sent). The author while it is not
        published, and the Secretariat; its programs, and on a published work its access level, networks and
        owning state, only those who may publish it (403 otherwise)."""
        work = self.get_object()
        body = WorkUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        self._write(actions.change_work, actor=signed_in_user(request), work=work, changes=dict(body.validated_data))
        return self._fresh(work)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only PATCH is offered."""
        return self.partial_update(request, *args, **kwargs)

    @staticmethod
    def _write(step: Any, **arguments: Any) -> Any:
        try:
            return step(**arguments)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(" ".join(str(arg) for arg in exc.args) or None) from exc

    @extend_schema(
        operation_id="library_works_translation_partial_update",
        request=TranslationUpdateSerializer,
        responses=WorkSerializer,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"translations/(?P<language>en|es|fr|pt)",
        policy_action="change",
    )
    def translation(self, request: Request, identifier: str | None = None, language: str = "") -> Response:
        """Change the title and description of the work in one language."""
        work = self.get_object()
        translation = work.translations.filter(language=language).first()
        if translation is None:
            raise NotFound
        body = TranslationUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {"title": translation.title, "description": translation.description, **body.validated_data}
        self._write(actions.change_translation, actor=signed_in_user(request), translation=translation, **data)
        return self._fresh(work)

    @extend_schema(
        operation_id="library_works_version_partial_update", request=VersionNoteSerializer, responses=WorkSerializer
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"translations/(?P<language>en|es|fr|pt)/versions/(?P<number>\d+)",
        policy_action="change",
    )
    def version(
        self, request: Request, identifier: str | None = None, language: str = "", number: str = ""
    ) -> Response:
        """Correct the change note of one version (a new file is a new version)."""
        work = self.get_object()
        version = Version.objects.filter(
            translation__work=work, translation__language=language, number=int(number)
        ).first()
        if version is None:
            raise NotFound
        body = VersionNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._write(actions.change_version_note, actor=signed_in_user(request), version=version, **body.validated_data)
        return self._fresh(work)

    @extend_schema(request=TranslationCreateSerializer, responses={201: WorkSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def translations(self, request: Request, identifier: str | None = None) -> Response:
        """Add a language to a work, with its first file (multipart)."""
        work = self.get_object()
        body = TranslationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            actions.add_translation(actor=signed_in_user(request), work=work, **body.validated_data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        response = self._fresh(work)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=VersionCreateSerializer, responses={201: WorkSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def versions(self, request: Request, identifier: str | None = None) -> Response:
        """Add a version to one translation of a work (multipart); older versions stay citable."""
        work = self.get_object()
        body = VersionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        translation = work.translations.filter(language=data.pop("language")).first()
        if translation is None:
            raise serializers.ValidationError({"language": ["This work has no translation in this language."]})
        try:
            actions.add_version(actor=signed_in_user(request), translation=translation, **data)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        response = self._fresh(work)
        response.status_code = status.HTTP_201_CREATED
        return response

    def _move(self, request: Request, step: Any) -> Response:
        work = self.get_object()
        try:
            step(actor=signed_in_user(request), work=work)
        except DjangoValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        return self._fresh(work)

    @extend_schema(request=None, responses=WorkSerializer)
    @action(detail=True, methods=["post"], policy_action="change")
    def submit(self, request: Request, identifier: str | None = None) -> Response:
        """Draft → in review (the author or the Secretariat); 409 from any other status."""
        return self._move(request, actions.submit_for_review)

    @extend_schema(request=None, responses=WorkSerializer)
    @action(detail=True, methods=["post"], policy_action="publish")
    def publish(self, request: Request, identifier: str | None = None) -> Response:
        """Publish (Secretariat officers of one of the work's programs; administrators); 409 if published."""
        return self._move(request, actions.publish)

    @extend_schema(request=None, responses=WorkSerializer)
    @action(detail=True, methods=["post"], policy_action="archive")
    def archive(self, request: Request, identifier: str | None = None) -> Response:
        """Published → archived (same people as publishing); 409 from any other status."""
        return self._move(request, actions.archive)

    @extend_schema(
        methods=["POST"],
        operation_id="library_works_follow",
        request=None,
        responses=FollowStateSerializer,
        description="Follow the work (any signed-in user who may open it): she is told in-app when a new version "
        "is published, as long as she may still open it. Following twice is one follow.",
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="library_works_unfollow",
        request=None,
        responses={204: None},
        description="Stop following the work (nothing happens if she did not follow it).",
    )
    @action(detail=True, methods=["post", "delete"], policy_action="follow")
    def follow(self, request: Request, identifier: str | None = None) -> Response:
        """Follow (POST) or stop following (DELETE) a work the caller may open."""
        work = self.get_object()
        if request.method == "DELETE":
            self._write(actions.unfollow, actor=signed_in_user(request), work=work)
            return Response(status=status.HTTP_204_NO_CONTENT)
        self._write(actions.follow, actor=signed_in_user(request), work=work)
        return Response(FollowStateSerializer({"identifier": work.identifier, "following": True}).data)


class Conflict(APIException):
    """The work is not at a status this step starts from."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "wrong_transition"
