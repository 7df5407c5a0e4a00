"""Writes to the expert roster: entries put on it and changed, missions recorded; each atomic and audited.

The Secretariat puts a person of the directory on the roster and keeps every entry; an expert keeps
her own (summary, skills, languages, availability, missions). Certifications are added by
`actions.add_certification`. The Secretariat removes an expert from the roster with a reason (soft: her
entry and missions stay, she leaves the search) and may reinstate her.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.common.localized import CONTENT_LANGUAGES
from enlace.directory.actions import _require, save_person
from enlace.directory.models import Expert, ExpertStatus, Mission, Person, Skill
from enlace.geo.models import MemberState

EXPERT_FIELDS = ("summary", "skills", "languages", "available_from", "available_until")
FIRST_MISSION_YEAR = 1990


def _snapshot(expert: Expert) -> dict[str, Any]:
    return {
        "summary": expert.summary,
        "skills": sorted(skill.code for skill in expert.skills.all()) if expert.pk else [],
        "languages": list(expert.person.languages),
        "available_from": expert.available_from,
        "available_until": expert.available_until,
    }


def _check(fields: dict[str, Any], expert: Expert) -> None:
    """Refuse what cannot be stored, before anything is written."""
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    starts = fields.get("available_from", expert.available_from)
    ends = fields.get("available_until", expert.available_until)
    if starts and ends and ends < starts:
        raise ValidationError({"available_until": _("The availability window must end on or after its start.")})
    if any(not isinstance(skill, Skill) or skill.pk is None for skill in fields.get("skills", [])):
        raise ValidationError({"skills": _("Choose skills from the roster's vocabulary.")})
    if any(code not in CONTENT_LANGUAGES for code in fields.get("languages", [])):
        raise ValidationError({"languages": _("Choose languages from the list.")})


@transaction.atomic
def save_expert(expert: Expert | None, *, actor: User | None, person: Person | None = None, **fields: Any) -> Expert:
    """Put a person on the roster (`expert` None: the Secretariat) or change an entry; audited."""
    creating = expert is None
    if creating:
        if person is None:
            raise ValidationError({"person": _("Choose the person to put on the roster.")})
        target = Expert(person=person)
    else:
        target = expert  # type: ignore[assignment]  # not None when not creating
        if person is not None and person.pk != target.person_id:
            raise ValidationError({"person": _("The person of a roster entry cannot be changed.")})
    _require(actor, "add" if creating else "change", target)
    if creating:
        _require(actor, "view", target.person)  # only a person the actor may see
    if creating and Expert.objects.filter(person=target.person).exists():
        raise ValidationError({"person": _("This person is already on the roster.")})
    _check(fields, target)
    before = {} if creating else _snapshot(target)
    skills = fields.pop("skills", None)
    languages = fields.pop("languages", None)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean()
    target.save()
    if skills is not None:
        target.skills.set(skills)
    if languages is not None and list(languages) != list(target.person.languages):
        # Languages are the person's (the directory shows them too): changed, and audited, as hers.
        save_person(target.person, actor=actor, languages=list(languages))
    after = _snapshot(target)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if creating or changes:
        state = target.person.institution.state
        record(
            "expert.create" if creating else "expert.update",
            actor=actor,
            obj=target,
            changes={**changes, "person": target.person_id, "state": state.iso2 if state else None},
        )
    return target


@transaction.atomic
def add_mission(expert: Expert, *, actor: User | None, title: str, state: MemberState, year: int) -> Mission:
    """Record a mission or training the expert delivered (herself or the Secretariat); audited."""
    mission = Mission(expert=expert, title=title.strip(), state=state, year=year)
    _require(actor, "add", mission)
    last = timezone.localdate().year
    if not FIRST_MISSION_YEAR <= year <= last:
        message = _("Give the year the mission took place, from %(first)s to %(last)s.")
        raise ValidationError({"year": message % {"first": FIRST_MISSION_YEAR, "last": last}})
    if not mission.title:
        raise ValidationError({"title": _("Give the mission a title.")})
    mission.full_clean()
    mission.save()
    record(
        "expert.mission_add",
        actor=actor,
        obj=mission,
        changes={"expert": expert.pk, "title": mission.title, "state": state.iso2, "year": year},
    )
    return mission


@transaction.atomic
def remove_expert(expert: Expert, *, actor: User | None, reason: str) -> Expert:
    """Take an expert off the roster (the Secretariat), with the reason; her entry and missions stay."""
    _require(actor, "delete", expert)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the expert leaves the roster.")})
    if expert.status == ExpertStatus.REMOVED:
        raise ValidationError({"status": _("This expert was already removed from the roster.")})
    expert.status = ExpertStatus.REMOVED
    expert.removal_reason = reason
    expert.removed_at = timezone.now()
    expert.removed_by = actor
    expert.save(update_fields=["status", "removal_reason", "removed_at", "removed_by"])
    record("expert.remove", actor=actor, obj=expert, changes={"status": ["active", "removed"]}, reason=reason)
    return expert


@transaction.atomic
def reinstate_expert(expert: Expert, *, actor: User | None, reason: str = "") -> Expert:
    """Put a removed expert back on the roster (the Secretariat); the removal stays in the audit trail."""
    _require(actor, "delete", expert)
    if expert.status != ExpertStatus.REMOVED:
        raise ValidationError({"status": _("Only a removed expert can be reinstated.")})
    removed_at = expert.removed_at.isoformat() if expert.removed_at else None
    previous = {"reason": expert.removal_reason, "removed_at": removed_at, "by": expert.removed_by_id}
    expert.status = ExpertStatus.ACTIVE
    expert.removal_reason = ""
    expert.removed_at = None
    expert.removed_by = None
    expert.save(update_fields=["status", "removal_reason", "removed_at", "removed_by"])
    record(
        "expert.reinstate",
        actor=actor,
        obj=expert,
        changes={"status": ["removed", "active"], "removal": previous},
        reason=reason.strip(),
    )
    return expert
