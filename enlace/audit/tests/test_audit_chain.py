"""The audit trail: written for writes and sensitive reads, append-only, verified by its hash chain."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.audit.models import AppendOnlyError, AuditRecord
from enlace.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def test_profile_change_is_recorded_with_the_fields_changed(client_as: Callable[[str], Client]) -> None:
    client = client_as("focal_point")
    response = client.post(
        "/me/profile/", {"full_name": "Renamed Person", "preferred_language": "fr", "time_zone": "UTC"}
    )
    assert response.status_code == 302
    entry = AuditRecord.objects.filter(action="user.update").latest("seq")
    assert entry.actor_label == "focal_point@example.org"
    assert entry.changes["full_name"][1] == "Renamed Person"
    assert entry.changes["preferred_language"] == ["en", "fr"]
    assert entry.request_id
    assert entry.ip == "127.0.0.1"


def test_reading_and_exporting_the_audit_trail_are_recorded(client_as: Callable[[str], Client]) -> None:
    client = client_as("officer")
    response = client.get("/audit/export.csv?action=user.")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("seq,created_at,actor_label,action")
    assert "user.login" in body
    assert AuditRecord.objects.filter(action="audit.export", actor_label="officer@example.org").exists()


def test_export_neutralises_spreadsheet_formulas(client_as: Callable[[str], Client]) -> None:
    record("test.formula", actor=None, object_type="x", object_repr='=HYPERLINK("http://evil")')
    client = client_as("admin")
    body = b"".join(client.get("/audit/export.csv?action=test.").streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_records_cannot_be_changed_or_deleted_through_the_orm() -> None:
    entry = record("test.event", actor=None, object_type="x")
    entry.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_each_record_links_to_the_previous_one() -> None:
    first = record("test.one", actor=None, object_type="x")
    second = record("test.two", actor=None, object_type="x")
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert verify_chain().ok


def test_verify_audit_passes_on_an_intact_chain(
    persona: Callable[[str], User], capsys: pytest.CaptureFixture[str]
) -> None:
    persona("admin")
    record("test.event", actor=None, object_type="x")
    call_command("verify_audit")
    assert "Audit chain intact" in capsys.readouterr().out


def _tamper(sql: str, params: list[object]) -> None:
    """Change a row behind the application's back, as a database administrator could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_record_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_record_append_only")


def test_verify_audit_names_the_record_that_was_tampered_with() -> None:
    entries = [record(f"test.event{i}", actor=None, object_type="x", changes={"i": i}) for i in range(5)]
    target = entries[2]
    _tamper("UPDATE audit_auditrecord SET changes = %s WHERE seq = %s", ['{"i": 99}', target.seq])
    with pytest.raises(CommandError, match=rf"broken at record #{target.seq}: its content does not match"):
        call_command("verify_audit")


def test_verify_audit_notices_a_deleted_record() -> None:
    entries = [record(f"test.event{i}", actor=None, object_type="x") for i in range(4)]
    _tamper("DELETE FROM audit_auditrecord WHERE seq = %s", [entries[1].seq])
    with pytest.raises(CommandError, match=rf"broken at record #{entries[1].seq}: record #{entries[1].seq} is missing"):
        call_command("verify_audit")


def test_verify_audit_notices_records_cut_from_the_end() -> None:
    entries = [record(f"test.event{i}", actor=None, object_type="x") for i in range(3)]
    _tamper("DELETE FROM audit_auditrecord WHERE seq = %s", [entries[-1].seq])
    with pytest.raises(CommandError, match="records at the end of the chain are missing"):
        call_command("verify_audit")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
def test_postgresql_refuses_updates_of_audit_rows_in_the_database() -> None:
    from django.db import DatabaseError, transaction

    entry = record("test.event", actor=None, object_type="x")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditrecord SET action = 'x' WHERE seq = %s", [entry.seq])
