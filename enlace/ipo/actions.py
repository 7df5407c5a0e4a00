"""Every write to major events and lessons: each one atomic, policy-checked and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.ipo import search
from enlace.ipo.models import ActionStatus, DocumentLink, Lesson, MajorEvent, Stage

EVENT_FIELDS = (
    "name_en", "name_es", "name_fr", "name_pt", "kind", "host_state", "cities", "starts_on", "ends_on",
    "expected_attendance", "description", "access", "document_refs",
)  # fmt: skip
LESSON_FIELDS = (
    "title", "observation", "event", "activity", "program", "state", "access", "document_refs", "language",
)  # fmt: skip

# step: (the stage it starts from, the stage it leads to, the fields it requires)
STEPS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "validate": ((Stage.OBSERVATION,), Stage.VALIDATED, ()),
    "reject": ((Stage.OBSERVATION,), Stage.REJECTED, ("rejection_reason",)),
    "identify": ((Stage.VALIDATED,), Stage.IDENTIFIED, ("analysis", "recommendation", "responsible_body")),
    "plan_action": ((Stage.IDENTIFIED,), Stage.ACTION, ("action_description", "action_owner", "action_due")),
    "update_action": ((Stage.ACTION,), Stage.ACTION, ("action_status",)),
    "close": ((Stage.ACTION,), Stage.LEARNED, ()),
}
STEP_FIELDS = {field for _from, _to, fields in STEPS.values() for field in fields}


class WrongTransition(Exception):
    """The lesson is not at a stage from which this step may be taken (answered 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _require(actor: User, action: str, obj: Any) -> None:
    if not policy_for(type(obj)).can(actor, action, obj if obj.pk else None):
        raise PermissionDenied


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: str(getattr(obj, f"{f}_id" if f in {"host_state", "event", "program", "state"} else f)) for f in fields}


@transaction.atomic
def save_event(*, actor: User, event: MajorEvent | None = None, **fields: Any) -> MajorEvent:
    """Create or change a major event. A coordinator's new event is a proposal for her own state."""
    creating = event is None
    target = event or MajorEvent()
    _require(actor, "add" if creating else "change", target)
    # A bound ModelForm has already written its values onto `event`: compare with the stored row.
    before = {} if creating else _snapshot(MajorEvent.objects.get(pk=target.pk), EVENT_FIELDS)
    for name, value in fields.items():
        if name not in EVENT_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(target, name, value)
    if creating:
        target.proposed_by = actor
        target.validated = actor.is_secretariat
        if not actor.is_secretariat and target.host_state_id not in actor.state_ids_for(Role.NATIONAL_COORDINATOR):
            raise ValidationError({"host_state": [_("You may propose events only for your own state.")]})
    if target.starts_on and target.ends_on and target.ends_on < target.starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    target.full_clean()
    target.save()
    after = _snapshot(target, EVENT_FIELDS)
    changes = {k: v for k, v in after.items() if before.get(k) != v}
    record("ipo.event.create" if creating else "ipo.event.change", actor=actor, obj=target, changes=changes)
    return target


@transaction.atomic
def validate_event(*, actor: User, event: MajorEvent) -> MajorEvent:
    """The Secretariat accepts a proposed event into the registry."""
    _require(actor, "validate", event)
    if event.validated:
        raise WrongTransition(_("This event is already validated."))
    event.validated = True
    event.save(update_fields=["validated", "updated_at"])
    record("ipo.event.validate", actor=actor, obj=event)
    return event


@transaction.atomic
def submit_lesson(*, actor: User, **fields: Any) -> Lesson:
    """Submit an observation (about an event or a free-text activity); the Secretariat validates it."""
    lesson = Lesson(submitted_by=actor)
    _require(actor, "add", lesson)
    for name, value in fields.items():
        if name not in LESSON_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(lesson, name, value)
    if lesson.event_id is None and not lesson.activity.strip():
        raise ValidationError({"activity": [_("Name the event or the activity the observation is about.")]})
    if lesson.access == "state" and lesson.state_id is None:
        raise ValidationError({"state": [_("An “own state” lesson needs a member state.")]})
    lesson.full_clean()
    lesson.save()
    search.index_lesson(lesson)
    record("ipo.lesson.submit", actor=actor, obj=lesson, changes={"access": lesson.access, "stage": lesson.stage})
    return lesson


@transaction.atomic
def advance_lesson(*, actor: User, lesson: Lesson, step: str, **fields: Any) -> Lesson:
    """Take one workflow step; a step the lesson's stage does not allow raises WrongTransition."""
    if step not in STEPS:
        raise ValidationError({"step": [_("Unknown step.")]})
    _require(actor, step, lesson)
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    sources, target, required = STEPS[step]
    if lesson.stage not in sources:
        raise WrongTransition(
            _("A lesson at the stage “%(stage)s” cannot take this step.") % {"stage": lesson.stage_label}
        )
    unknown = set(fields) - set(required)
    if unknown:
        raise ValidationError({name: [_("Not part of this step.")] for name in sorted(unknown)})
    missing = [name for name in required if fields.get(name) in (None, "") or not str(fields[name]).strip()]
    if missing:
        raise ValidationError({name: [_("This field is required for this step.")] for name in missing})
    if step == "close" and lesson.action_status != ActionStatus.DONE:
        raise WrongTransition(_("Close the lesson once its remedial action is done."))
    for name, value in fields.items():
        setattr(lesson, name, value)
    if step == "plan_action":
        lesson.action_status = ActionStatus.OPEN
    before = lesson.stage
    lesson.stage = target
    lesson.full_clean()
    lesson.save()
    search.index_lesson(lesson)
    changes = {"from": before, "to": target, **{k: str(v) for k, v in fields.items()}}
    record(f"ipo.lesson.{step}", actor=actor, obj=lesson, changes=changes)
    return lesson


@transaction.atomic
def link_document(
    *, actor: User, work: Any, relation: str, event: MajorEvent | None = None, lesson: Lesson | None = None
) -> DocumentLink:
    """Link a library work to an event or a lesson (Secretariat); the same work twice is refused."""
    from enlace.library.models import Work

    link = DocumentLink(work=work, event=event, lesson=lesson, relation=relation, created_by=actor)
    if not policy_for(DocumentLink).can(actor, "add"):
        raise PermissionDenied
    target: Any = event or lesson
    if target is None or (event is not None and lesson is not None):
        raise ValidationError(_("Link the document to one event or one lesson."))
    if (
        not policy_for(type(target)).can(actor, "view", target)
        or not Work.objects.visible_to(actor).filter(pk=work.pk).exists()
    ):
        raise PermissionDenied
    duplicate = (
        DocumentLink.objects.filter(work=work, event=event)
        if event
        else DocumentLink.objects.filter(work=work, lesson=lesson)
    )
    if duplicate.exists():
        raise ValidationError({"work": [_("This document is already linked here.")]})
    link.full_clean()
    link.save()
    record(
        "ipo.document.link",
        actor=actor,
        obj=target,
        changes={"work": work.identifier, "relation": relation},
    )
    return link


@transaction.atomic
def unlink_document(*, actor: User, link: DocumentLink) -> None:
    """Remove a link between a library work and an event or a lesson (Secretariat)."""
    if not policy_for(DocumentLink).can(actor, "delete", link):
        raise PermissionDenied
    target: Any = link.event or link.lesson
    record(
        "ipo.document.unlink",
        actor=actor,
        obj=target,
        changes={"work": link.work.identifier, "relation": link.relation},
    )
    link.delete()
