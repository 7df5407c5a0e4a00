"""Every write to work plans and activities: the import of an approved plan (all or nothing, audited, idempotent),
and recording and changing activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import diff, record
from enlace.workplan import parser, reader
from enlace.workplan.models import Activity, PlanObjective, PlanProgram, Program, ProposedActivity, WorkPlan
from enlace.workplan.reader import PlanImportError, Problem

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the plan, whether it was created (False: the same plan was already there), counts."""

    plan: WorkPlan
    created: bool
    counts: dict[str, int]
    debris_removed: int


def read_plan(
    data: bytes, *, filename: str = "", language: str | None = None, term: str | None = None
) -> parser.ParsedPlan:
    """Read and parse a file without writing anything; raise PlanImportError saying where and why it cannot."""
    if len(data) > MAX_BYTES:
        message = _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        raise PlanImportError([Problem("too_large", message)])
    return parser.parse(reader.read(data, filename), language=language or None, term=term or None)


@transaction.atomic
def import_plan(
    *,
    actor: User | None,
    data: bytes,
    filename: str = "",
    language: str | None = None,
    term: str | None = None,
) -> ImportResult:
    """Import an approved work plan; the same plan again changes nothing; a changed plan under its term is refused.

    `actor=None` is for the management command and the demo loader (no policy check).
    """
    if actor is not None and not policy_for(WorkPlan).can(actor, "add"):
        raise PermissionDenied
    parsed = read_plan(data, filename=filename, language=language, term=term)
    fingerprint = parsed.fingerprint()
    existing = WorkPlan.objects.select_for_update().filter(term=parsed.term).first()
    if existing is not None:
        if existing.fingerprint == fingerprint:
            return ImportResult(existing, False, parsed.counts(), parsed.debris_removed)
        message = _(
            "A different plan for the term %(term)s was imported on %(date)s: an approved plan is not replaced. "
            "Import a new plan under its own term."
        ) % {"term": parsed.term, "date": existing.imported_at.date().isoformat()}
        raise PlanImportError([Problem("term_changed", message)])
    plan = WorkPlan.objects.create(
        term=parsed.term,
        language=parsed.language,
        preamble=parsed.preamble,
        introduction_heading=parsed.introduction_heading[:300],
        introduction=parsed.introduction,
        programs_heading=parsed.programs_heading[:300],
        outreach_heading=parsed.outreach_heading[:300],
        outreach=parsed.outreach,
        fingerprint=fingerprint,
        source_name=filename[:255],
        source_format="docx" if parsed.unit == "paragraph" else "text",
        imported_at=timezone.now(),
        imported_by=actor,
    )
    programs = {p.code: p for p in Program.objects.all()}
    linked: set[str] = set()
    for position, node in enumerate(parsed.programs, start=1):
        code = node.program_code if node.program_code not in linked else None
        if code:
            linked.add(code)
        top = _save_node(plan, node, position, parent=None, program=programs.get(code or ""))
        for sub_position, child in enumerate(node.children, start=1):
            _save_node(plan, child, sub_position, parent=top, program=None)
    counts = parsed.counts()
    record(
        "workplan.import",
        actor=actor,
        obj=plan,
        changes={
            "term": plan.term,
            "language": plan.language,
            "source": plan.source_name,
            "format": plan.source_format,
            "fingerprint": fingerprint,
            "linked_programs": sorted(linked),
            "debris_removed": parsed.debris_removed,
            **counts,
        },
    )
    return ImportResult(plan, True, counts, parsed.debris_removed)


def _save_node(
    plan: WorkPlan, node: parser.Node, position: int, *, parent: PlanProgram | None, program: Program | None
) -> PlanProgram:
    saved = PlanProgram.objects.create(
        plan=plan, parent=parent, program=program, position=position, title=node.title, source_line=node.line
    )
    PlanObjective.objects.bulk_create(
        PlanObjective(plan_program=saved, position=n, text=item.text, source_line=item.line)
        for n, item in enumerate(node.objectives, start=1)
    )
    ProposedActivity.objects.bulk_create(
        ProposedActivity(plan_program=saved, position=n, text=item.text, source_line=item.line)
        for n, item in enumerate(node.activities, start=1)
    )
    return saved


ACTIVITY_FIELDS = ("title", "program", "kind", "modality", "starts_on", "ends_on", "venue", "status")
ACTIVITY_LINKS = ("states", "implements", "responsible_officer")


def _require(actor: User | None, action: str, obj: Activity | None = None) -> None:
    if actor is not None and not policy_for(Activity).can(actor, action, obj):
        raise PermissionDenied


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    snapshot: dict[str, Any] = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    snapshot["program"] = activity.program_id
    snapshot["responsible_officer"] = activity.responsible_officer_id
    for name in ("states", "implements"):
        snapshot[name] = sorted(getattr(activity, name).values_list("pk", flat=True)) if activity.pk else []
    return snapshot


def _apply(activity: Activity, fields: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    states = list(fields.pop("states", []) or [])
    implements = list(fields.pop("implements", []) or [])
    unknown = set(fields) - {*ACTIVITY_FIELDS, "responsible_officer"}
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["states", "implements"])
    return states, implements


@transaction.atomic
def create_activity(*, actor: User | None, **fields: Any) -> Activity:
    """Record an activity (an officer in her own programs; an administrator in any) and what it implements."""
    _require(actor, "add")
    activity = Activity()
    states, implements = _apply(activity, fields)
    _require(actor, "change", activity)  # an officer adds activities to her own programs only
    activity.save()
    activity.states.set(states)
    activity.implements.set(implements)
    record("activity.create", actor=actor, obj=activity, changes=_activity_snapshot(activity))
    return activity


@transaction.atomic
def update_activity(*, actor: User | None, activity: Activity, **fields: Any) -> Activity:
    """Change an activity (dates, status, what it implements…); the audit record keeps the fields that changed."""
    _require(actor, "change", activity)
    before = _activity_snapshot(activity)
    states, implements = _apply(activity, fields)
    _require(actor, "change", activity)  # and not move it into a program she does not run
    activity.save()
    activity.states.set(states)
    activity.implements.set(implements)
    changes = diff(before, _activity_snapshot(activity))
    if changes:
        record("activity.update", actor=actor, obj=activity, changes=changes)
    return activity
