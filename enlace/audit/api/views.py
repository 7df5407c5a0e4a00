"""API: the audit trail (read-only, Secretariat)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from enlace.audit.filters import AuditRecordFilter
from enlace.audit.models import AuditRecord
from enlace.common.api.viewsets import PolicyReadOnlyViewSet


class AuditRecordSerializer(serializers.ModelSerializer):
    """One audit record, with its hashes."""

    class Meta:
        model = AuditRecord
        fields = [
            "seq",
            "created_at",
            "actor",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "reason",
            "request_id",
            "ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditRecordViewSet(PolicyReadOnlyViewSet):
    """Read the audit trail."""

    queryset = AuditRecord.objects.all()
    serializer_class = AuditRecordSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditRecordFilter
    lookup_field = "seq"
