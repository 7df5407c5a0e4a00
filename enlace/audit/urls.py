"""Audit trail pages."""

from django.urls import path

from enlace.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditRecordListView.as_view(), name="auditrecord_list"),
    path("export.csv", views.audit_export, name="auditrecord_export"),
]
