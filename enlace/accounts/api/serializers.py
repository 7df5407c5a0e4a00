"""API representations of the signed-in user, her roles and her tokens."""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from enlace.accounts.models import ApiToken, RoleAssignment, User
from enlace.common.api.serializers import StrictModelSerializer
from enlace.geo.timezones import time_zone_choices


class RoleAssignmentSerializer(StrictModelSerializer):
    """A role with its state or program."""

    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "state", "program", "granted_at"]
        read_only_fields = fields


class MeSerializer(StrictModelSerializer):
    """The signed-in user's own profile."""

    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True)
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES)
    time_zone = serializers.ChoiceField(choices=time_zone_choices())

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "preferred_language", "time_zone", "institution", "roles"]
        read_only_fields = ["id", "email", "institution", "roles"]


class ApiTokenSerializer(StrictModelSerializer):
    """A token's metadata; the secret is never part of it."""

    status = serializers.CharField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_id",
            "scope",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "status",
        ]
        read_only_fields = fields
