"""Recompute the audit chain and find the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from enlace.audit.models import GENESIS_HASH, AuditHead, AuditRecord


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many records were checked and the first fault."""

    checked: int
    broken_seq: int | None = None
    problem: str = ""
    head_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        """Whether the whole chain verified."""
        return self.broken_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the records in order, recomputing each hash and checking each link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in AuditRecord.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"record #{expected_seq} is missing")
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.seq, "its link to the previous record does not match")
        if entry.compute_hash() != entry.hash:
            return ChainReport(checked, entry.seq, "its content does not match its hash")
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(checked, checked + 1, "records at the end of the chain are missing")
    return ChainReport(checked, head_hash=expected_prev)
