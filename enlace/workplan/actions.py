"""Every write to work plans and activities: the import of an approved plan (all or nothing, audited, idempotent),
and recording and changing activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import diff, record
from enlace.directory.models import Institution
from enlace.workplan import parser, reader
from enlace.workplan.models import (
    Activity,
    ActivityBudget,
    ActivityPartner,
    PlanObjective,
    PlanProgram,
    Program,
    ProposedActivity,
    WorkPlan,
)
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


ACTIVITY_FIELDS = (
    "title",
    "program",
    "kind",
    "modality",
    "starts_on",
    "ends_on",
    "venue",
    "description",
    "gender_significance",
    "status",
    "public",
)
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
    snapshot["partners"] = [_partner_row(p) for p in activity.partners.all()] if activity.pk else []
    snapshot["budgets"] = [_budget_row(b) for b in activity.budgets.all()] if activity.pk else []
    return snapshot


def _partner_row(partner: ActivityPartner) -> dict[str, Any]:
    return {
        "name": partner.name,
        "institution": partner.institution_id,
        "ref": partner.ref,
        "role": partner.role,
        "org_type": partner.org_type,
    }


def _budget_row(budget: ActivityBudget) -> dict[str, Any]:
    return {
        "period_start": budget.period_start.isoformat(),
        "period_end": budget.period_end.isoformat(),
        "value": str(budget.value),
        "currency": budget.currency,
        "kind": budget.kind,
    }


PARTNER_FIELDS = ("name", "institution", "ref", "role", "org_type")
BUDGET_FIELDS = ("period_start", "period_end", "value", "currency", "kind")


def _new_part[T: (ActivityPartner, ActivityBudget)](
    model: type[T], activity: Activity, fields: dict[str, Any], actor: User | None
) -> T:
    allowed = PARTNER_FIELDS if model is ActivityPartner else BUDGET_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    institution = fields.get("institution")
    if actor is not None and institution is not None and not policy_for(Institution).can(actor, "view", institution):
        raise ValidationError({"institution": _("Choose an institution you can see in the directory.")})
    part = model(activity=activity, **fields)
    part.full_clean(exclude=["activity"])
    return part


def _replace_parts(
    activity: Activity,
    partners: list[dict[str, Any]] | None,
    budgets: list[dict[str, Any]] | None,
    actor: User | None,
) -> None:
    if partners is not None:
        new_partners = [_new_part(ActivityPartner, activity, dict(p), actor) for p in partners]
        activity.partners.all().delete()
        ActivityPartner.objects.bulk_create(new_partners)
    if budgets is not None:
        new_budgets = [_new_part(ActivityBudget, activity, dict(b), actor) for b in budgets]
        activity.budgets.all().delete()
        ActivityBudget.objects.bulk_create(new_budgets)


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
def create_activity(
    *,
    actor: User | None,
    partners: list[dict[str, Any]] | None = None,
    budgets: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Activity:
    """Record an activity (an officer in her own programs; an administrator in any), what it implements, and
    optionally its partners and budgets."""
    _require(actor, "add")
    activity = Activity()
    states, implements = _apply(activity, fields)
    _require(actor, "change", activity)  # an officer adds activities to her own programs only
    activity.save()
    activity.states.set(states)
    activity.implements.set(implements)
    _replace_parts(activity, partners, budgets, actor)
    record("activity.create", actor=actor, obj=activity, changes=_activity_snapshot(activity))
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: User | None,
    activity: Activity,
    partners: list[dict[str, Any]] | None = None,
    budgets: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity (dates, status, what it implements…); partners or budgets, when given, replace the
    recorded ones. The audit record keeps the fields that changed."""
    _require(actor, "change", activity)
    before = _activity_snapshot(activity)
    states, implements = _apply(activity, fields)
    _require(actor, "change", activity)  # and not move it into a program she does not run
    activity.save()
    activity.states.set(states)
    activity.implements.set(implements)
    _replace_parts(activity, partners, budgets, actor)
    changes = diff(before, _activity_snapshot(activity))
    if changes:
        record("activity.update", actor=actor, obj=activity, changes=changes)
    return activity


@transaction.atomic
def add_partner(*, actor: User | None, activity: Activity, **fields: Any) -> ActivityPartner:
    """Add an organisation to an activity in an IATI role."""
    _require(actor, "change", activity)
    partner = _new_part(ActivityPartner, activity, fields, actor)
    partner.save()
    record("activity.partner_add", actor=actor, obj=activity, changes=_partner_row(partner))
    return partner


@transaction.atomic
def remove_partner(*, actor: User | None, partner: ActivityPartner) -> None:
    """Take an organisation off an activity."""
    _require(actor, "change", partner.activity)
    record("activity.partner_remove", actor=actor, obj=partner.activity, changes=_partner_row(partner))
    partner.delete()


@transaction.atomic
def add_budget(*, actor: User | None, activity: Activity, **fields: Any) -> ActivityBudget:
    """Add a budget period (original or revised) to an activity."""
    _require(actor, "change", activity)
    budget = _new_part(ActivityBudget, activity, fields, actor)
    budget.save()
    record("activity.budget_add", actor=actor, obj=activity, changes=_budget_row(budget))
    return budget


@transaction.atomic
def remove_budget(*, actor: User | None, budget: ActivityBudget) -> None:
    """Take a budget period off an activity."""
    _require(actor, "change", budget.activity)
    record("activity.budget_remove", actor=actor, obj=budget.activity, changes=_budget_row(budget))
    budget.delete()
