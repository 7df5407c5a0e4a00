"""Serializer base: unknown fields are an error, not silently ignored."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictSerializerMixin:
    """Refuse input keys the serializer does not declare as writable."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}  # type: ignore[attr-defined]
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """A model serializer that refuses unknown fields."""
