"""Writes to the expert roster: entries put on it and changed, missions recorded; each atomic and audited.

The Secretariat puts a person of the directory on the roster and keeps every entry; an expert keeps
her own (summary, skills, languages, missions; availability windows in `availability`). Certifications
are written by `actions`. The Secretariat removes an expert from the roster with a reason (soft: her
entry and missions stay, she leaves the search) and may reinstate her. A person with the expert role may
apply herself; the Secretariat accepts her application or declines it (a removal with the reason).
Each of these steps sends in-app notices after commit (`roster_notices`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.actions import record
from enlace.common.localized import CONTENT_LANGUAGES
from enlace.directory.actions import _require, save_person
from enlace.directory.models import Expert, ExpertStatus, Mission, Person, Skill
from enlace.geo.models import MemberState

EXPERT_FIELDS = ("summary", "skills", "languages")
FIRST_MISSION_YEAR = 1990


def _snapshot(expert: Expert) -> dict[str, Any]:
    return {
        "summary": expert.summary,
        "skills": sorted(skill.code for skill in expert.skills.all()) if expert.pk else [],
        "languages": list(expert.person.languages),
    }


def _check(fields: dict[str, Any], expert: Expert) -> None:
    """Refuse what cannot be stored, before anything is written."""
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
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
    if creating:
        _notify_after_commit(target, "accepted")
    return target


def _notify_after_commit(expert: Expert, step: str) -> None:
    from enlace.directory.tasks import notify_roster

    transaction.on_commit(lambda: notify_roster.enqueue(expert.pk, step))


def own_person(actor: User) -> Person | None:
    """The directory person of a user who may apply to the roster (she holds the expert role), if any."""
    if not actor.is_authenticated or not actor.has_role(Role.EXPERT):
        return None
    return Person.objects.filter(user=actor).select_related("institution__state").first()


@transaction.atomic
def apply_to_roster(*, actor: User, summary: str = "", skills: Any = (), languages: Any = None) -> Expert:
    """An expert applies herself to the roster; she waits as `applied` until the Secretariat decides."""
    person = own_person(actor)
    if person is None:
        raise PermissionDenied
    if Expert.objects.filter(person=person).exists():
        raise ValidationError({"person": _("You already have a roster entry.")})
    fields: dict[str, Any] = {"summary": summary.strip(), "skills": list(skills)}
    if languages is not None:
        fields["languages"] = list(languages)
    expert = Expert(person=person, status=ExpertStatus.APPLIED)
    _check(fields, expert)
    expert.summary = fields["summary"]
    expert.full_clean()
    expert.save()
    expert.skills.set(fields["skills"])
    if "languages" in fields and fields["languages"] != list(person.languages):
        save_person(person, actor=actor, languages=fields["languages"])
    state = person.institution.state
    record(
        "expert.apply",
        actor=actor,
        obj=expert,
        changes={"person": person.pk, "state": state.iso2 if state else None, "skills": _snapshot(expert)["skills"]},
    )
    _notify_after_commit(expert, "applied")
    return expert


@transaction.atomic
def accept_expert(expert: Expert, *, actor: User | None) -> Expert:
    """The Secretariat accepts an application: the expert is on the roster."""
    _require(actor, "delete", expert)
    if expert.status != ExpertStatus.APPLIED:
        raise ValidationError({"status": _("Only an application waiting for a decision can be accepted.")})
    expert.status = ExpertStatus.ACTIVE
    expert.save(update_fields=["status"])
    record("expert.accept", actor=actor, obj=expert, changes={"status": ["applied", "active"]})
    _notify_after_commit(expert, "accepted")
    return expert


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
    expert.removal_reason = reason
    expert.removed_at = timezone.now()
    expert.removed_by = actor
    previous = expert.status
    expert.status = ExpertStatus.REMOVED
    expert.save(update_fields=["status", "removal_reason", "removed_at", "removed_by"])
    record("expert.remove", actor=actor, obj=expert, changes={"status": [previous, "removed"]}, reason=reason)
    _notify_after_commit(expert, "declined" if previous == ExpertStatus.APPLIED else "removed")
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
    _notify_after_commit(expert, "reinstated")
    return expert
