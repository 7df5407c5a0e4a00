"""The audit trail page and its CSV export, for the Secretariat."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone

from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.audit.filters import AuditRecordFilter
from enlace.audit.models import AUDIT_FIELDS, AuditRecord
from enlace.common.csvsafe import safe_cell
from enlace.common.generic import PolicyListView

# The fields of a record, in the order the CSV export and the API give them.
CSV_COLUMNS = AUDIT_FIELDS


class AuditRecordListView(PolicyListView):
    """Browse and filter the audit trail."""

    model = AuditRecord
    template_name = "audit/auditrecord_list.html"
    filterset_class = AuditRecordFilter

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        # Reading the trail is itself a sensitive read.
        record(
            "audit.view",
            actor=self.request.user,
            object_type="audit.auditrecord",
            changes={"filters": self.request.GET.dict()},
        )
        return queryset


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the filtered audit trail as CSV; the export itself is audited."""
    if not policy_for(AuditRecord).can(request.user, "export"):
        raise Http404
    queryset = AuditRecord.objects.restrict(request.user, "export")
    filterset = AuditRecordFilter(request.GET, queryset=queryset)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    record(
        "audit.export",
        actor=request.user,
        object_type="audit.auditrecord",
        changes={"filters": request.GET.dict()},
    )
    writer = csv.writer(_Echo())

    def lines() -> Iterator[Any]:
        yield writer.writerow(CSV_COLUMNS)
        for entry in rows.order_by("seq").iterator(chunk_size=2000):
            yield writer.writerow([safe_cell(getattr(entry, c)) for c in CSV_COLUMNS])

    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="enlace-audit-{stamp}.csv"'
    return response
