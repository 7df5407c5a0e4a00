"""API: the audit trail (read-only, Secretariat)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from enlace.audit.filters import AuditRecordFilter
from enlace.audit.models import AUDIT_FIELDS, AuditRecord
from enlace.common.api.viewsets import PolicyReadOnlyViewSet


class AuditRecordSerializer(serializers.ModelSerializer):
    """One audit record, with its hashes."""

    class Meta:
        model = AuditRecord
        fields = ["actor", *AUDIT_FIELDS]
        read_only_fields = fields


class AuditRecordViewSet(PolicyReadOnlyViewSet):
    """Read the audit trail."""

    queryset = AuditRecord.objects.all()
    serializer_class = AuditRecordSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditRecordFilter
    lookup_field = "seq"
