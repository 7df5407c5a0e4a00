"""Every write to the directory: atomic, checked against the policy, audited with its reason."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.directory.channels import clean_channel
from enlace.directory.models import (
    Certification,
    Channel,
    Designation,
    DesignationRole,
    DesignationStatus,
    Expert,
    Institution,
    Network,
    Participation,
    Person,
)
from enlace.geo.models import MemberState
from enlace.geo.timezones import available_time_zones

OPEN_STATUSES = (DesignationStatus.PROPOSED, DesignationStatus.VALIDATED, DesignationStatus.ACTIVE)


def _require(actor: User | None, action: str, obj: Any) -> None:
    if actor is not None and not policy_for(obj.__class__).can(actor, action, obj):
        raise PermissionDenied


def _participates(network: Network, state: MemberState, on: date) -> bool:
    return Participation.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on), network=network, state=state, joined_on__lte=on
    ).exists()


def _check_deputy_overlap(designation: Designation) -> None:
    """Two deputies of the same state in the same network may not cover overlapping periods."""
    if designation.role != DesignationRole.DEPUTY:
        return
    clash = Designation.objects.filter(
        network=designation.network,
        state=designation.state,
        role=DesignationRole.DEPUTY,
        status__in=OPEN_STATUSES,
        starts_on__lte=designation.ends_on,
        ends_on__gte=designation.starts_on,
    ).exclude(pk=designation.pk)
    if clash.exists():
        raise ValidationError({"starts_on": _("Another deputy already covers part of this period.")})


def _check_single_primary(designation: Designation) -> None:
    if designation.role != DesignationRole.PRIMARY:
        return
    other = Designation.objects.filter(
        network=designation.network,
        state=designation.state,
        role=DesignationRole.PRIMARY,
        status=DesignationStatus.ACTIVE,
    ).exclude(pk=designation.pk)
    if other.exists():
        raise ValidationError({"role": _("This state already has an active primary in this network: remove it first.")})


@transaction.atomic
def nominate(
    *,
    actor: User | None,
    network: Network,
    state: MemberState,
    role: str,
    person: Person | None = None,
    institution: Institution | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    note_verbale_number: str = "",
    note_verbale_date: date | None = None,
) -> Designation:
    """A state nominates a person or an institution in a network (status: proposed)."""
    designation = Designation(
        network=network,
        state=state,
        role=role,
        person=person,
        institution=institution,
        starts_on=starts_on,
        ends_on=ends_on,
        note_verbale_number=note_verbale_number,
        note_verbale_date=note_verbale_date,
        nominated_by=actor,
    )
    _require(actor, "add", designation)
    if (person is None) == (institution is None):
        raise ValidationError({"person": _("Designate either a person or an institution.")})
    designee_state = (person.institution if person else institution).state_id  # type: ignore[union-attr]
    if designee_state != state.pk:
        raise ValidationError({"person": _("The designee must belong to an institution of that state.")})
    if role == DesignationRole.DEPUTY and not (starts_on and ends_on):
        raise ValidationError({"ends_on": _("A deputy needs a start and an end date.")})
    if not _participates(network, state, starts_on or timezone.localdate()):
        raise ValidationError({"network": _("This state does not take part in this network.")})
    designation.full_clean(validate_constraints=False)
    _check_deputy_overlap(designation)
    designation.save()
    record("designation.nominate", actor=actor, obj=designation, changes=_snapshot(designation))
    return designation


@transaction.atomic
def validate(designation: Designation, *, actor: User | None) -> Designation:
    """The Secretariat validates a proposed designation; it is active from its start date."""
    _require(actor, "validate", designation)
    if designation.status != DesignationStatus.PROPOSED:
        raise ValidationError({"status": _("Only a proposed designation can be validated.")})
    today = timezone.localdate()
    designation.status = (
        DesignationStatus.VALIDATED
        if designation.starts_on and designation.starts_on > today
        else DesignationStatus.ACTIVE
    )
    if designation.status == DesignationStatus.ACTIVE:
        _check_single_primary(designation)
    designation.validated_by = actor
    designation.status_since = timezone.now()
    designation.save(update_fields=["status", "validated_by", "status_since"])
    record("designation.validate", actor=actor, obj=designation, changes={"status": designation.status})
    return designation


@transaction.atomic
def remove(designation: Designation, *, actor: User | None, reason: str) -> Designation:
    """End a designation (the state's coordinator or the Secretariat), with the reason in the audit trail."""
    _require(actor, "remove", designation)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the designation ends.")})
    if designation.status == DesignationStatus.REMOVED:
        raise ValidationError({"status": _("This designation was already removed.")})
    before = designation.status
    designation.status = DesignationStatus.REMOVED
    designation.status_since = timezone.now()
    designation.save(update_fields=["status", "status_since"])
    record("designation.remove", actor=actor, obj=designation, changes={"status": [before, "removed"]}, reason=reason)
    return designation


@transaction.atomic
def suspend(designation: Designation, *, actor: User | None, reason: str) -> Designation:
    """The Secretariat suspends an active designation."""
    _require(actor, "suspend", designation)
    if designation.status != DesignationStatus.ACTIVE:
        raise ValidationError({"status": _("Only an active designation can be suspended.")})
    designation.status = DesignationStatus.SUSPENDED
    designation.status_since = timezone.now()
    designation.save(update_fields=["status", "status_since"])
    record("designation.suspend", actor=actor, obj=designation, changes={"status": "suspended"}, reason=reason)
    return designation


def clean_on_call_hours(hours: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Check {weekday "0"-"6": [["HH:MM", "HH:MM"], …]} and return it normalised."""
    clean: dict[str, list[list[str]]] = {}
    if not isinstance(hours, dict):
        raise ValidationError({"on_call_hours": _("On-call hours must map weekdays to time ranges.")})
    for day, ranges in hours.items():
        if str(day) not in {str(d) for d in range(7)} or not isinstance(ranges, list):
            raise ValidationError({"on_call_hours": _("Use weekdays 0 (Monday) to 6 (Sunday).")})
        for pair in ranges:
            try:
                start, end = (time.fromisoformat(value) for value in pair)
            except (TypeError, ValueError):
                raise ValidationError({"on_call_hours": _("Write times as HH:MM.")}) from None
            if end <= start:
                raise ValidationError({"on_call_hours": _("Each range must end after it starts.")})
            clean.setdefault(str(day), []).append([start.strftime("%H:%M"), end.strftime("%H:%M")])
    return clean


PERSON_FIELDS = ("full_name", "position", "institution", "languages", "time_zone", "on_call_hours")


@transaction.atomic
def save_person(person: Person | None, *, actor: User | None, **fields: Any) -> Person:
    """Create or change a person (her state's coordinator, herself, or the Secretariat); audited."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    if "time_zone" in fields and fields["time_zone"] not in available_time_zones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    if "on_call_hours" in fields:
        fields["on_call_hours"] = clean_on_call_hours(fields["on_call_hours"])
    creating = person is None
    target = person or Person()
    before = {} if creating else {name: getattr(target, name) for name in fields}
    for name, value in fields.items():
        setattr(target, name, value)
    _require(actor, "add" if creating else "change", target)
    if not creating and "institution" in fields:
        # Moving a person to another institution is adding her there: the new state must be the actor's.
        _require(actor, "add", target)
    target.full_clean()
    target.save()
    changes = {k: [before.get(k), v] for k, v in fields.items() if before.get(k) != v}
    state = target.institution.state
    record(
        "person.create" if creating else "person.update",
        actor=actor,
        obj=target,
        changes={**changes, "state": state.iso2 if state else None},
    )
    return target


@transaction.atomic
def confirm_person(person: Person, *, actor: User) -> Person:
    """Re-attestation: the person (or her coordinator, or the Secretariat) confirms her record is current."""
    _require(actor, "change", person)
    person.last_attested_at = timezone.now()
    person.save(update_fields=["last_attested_at"])
    state = person.institution.state
    record("person.confirm", actor=actor, obj=person, changes={"state": state.iso2 if state else None})
    return person


@transaction.atomic
def add_channel(
    *,
    actor: User | None,
    kind: str,
    value: str,
    person: Person | None = None,
    institution: Institution | None = None,
    priority: int = 1,
    visibility: str = "network",
) -> Channel:
    """Add a checked channel to a person or an institution (her coordinator, herself, or the Secretariat)."""
    owner = person or institution
    if owner is None:
        raise ValidationError({"value": _("A channel belongs to a person or an institution.")})
    _require(actor, "change", owner)
    state = person.institution.state if person else institution.state  # type: ignore[union-attr]
    clean = clean_channel(kind, value, state.iso2 if state else None)
    channel = Channel(
        person=person,
        institution=institution,
        kind=kind,
        value=clean.value,
        priority=priority,
        visibility=visibility,
        key_fingerprint=clean.key_fingerprint,
        key_expires_on=clean.key_expires_on,
        key_material=clean.key_material,
    )
    channel.full_clean()
    channel.save()
    changes = {"kind": kind, "value": clean.value, "visibility": visibility, "key_fingerprint": clean.key_fingerprint}
    record("channel.add", actor=actor, obj=channel, changes={**changes, "state": state.iso2 if state else None})
    return channel


@transaction.atomic
def remove_channel(channel: Channel, *, actor: User | None) -> None:
    """Delete a channel (audited with what it was)."""
    _require(actor, "change", channel)
    record("channel.remove", actor=actor, obj=channel, changes={"kind": channel.kind, "value": channel.value})
    channel.delete()


@transaction.atomic
def add_certification(
    expert: Expert, *, actor: User | None, name: str, issuer: str, obtained_on: date, expires_on: date | None
) -> Certification:
    """Record a certification of an expert (herself or the Secretariat)."""
    certification = Certification(
        expert=expert, name=name, issuer=issuer, obtained_on=obtained_on, expires_on=expires_on
    )
    _require(actor, "change", certification)
    if expires_on and expires_on <= obtained_on:
        raise ValidationError({"expires_on": _("A certification expires after it is obtained.")})
    certification.full_clean()
    certification.save()
    record(
        "expert.certification_add",
        actor=actor,
        obj=certification,
        changes={"expert": expert.pk, "name": name, "expires_on": expires_on},
    )
    return certification


CERTIFICATION_FIELDS = ("name", "issuer", "obtained_on", "expires_on")


def _certification_snapshot(certification: Certification) -> dict[str, Any]:
    return {
        "name": certification.name,
        "issuer": certification.issuer,
        "obtained_on": certification.obtained_on.isoformat() if certification.obtained_on else None,
        "expires_on": certification.expires_on.isoformat() if certification.expires_on else None,
    }


@transaction.atomic
def change_certification(certification: Certification, *, actor: User | None, **fields: Any) -> Certification:
    """Correct or renew a certification (the expert herself or the Secretariat); audited with before and after."""
    _require(actor, "change", certification)
    unknown = set(fields) - set(CERTIFICATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    before = _certification_snapshot(certification)
    for name, value in fields.items():
        setattr(certification, name, value.strip() if isinstance(value, str) else value)
    if certification.expires_on and certification.expires_on <= certification.obtained_on:
        raise ValidationError({"expires_on": _("A certification expires after it is obtained.")})
    certification.full_clean()
    certification.save()
    after = _certification_snapshot(certification)
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        record(
            "expert.certification_change",
            actor=actor,
            obj=certification,
            changes={**changes, "expert": certification.expert_id},
        )
    return certification


@transaction.atomic
def remove_certification(certification: Certification, *, actor: User | None) -> None:
    """Remove a certification (the expert herself or the Secretariat); the audit keeps what it said."""
    _require(actor, "delete", certification)
    record(
        "expert.certification_remove",
        actor=actor,
        obj=certification,
        changes={**_certification_snapshot(certification), "expert": certification.expert_id},
    )
    certification.delete()


def record_contact_view(person: Person, *, actor: User, channel: str) -> None:
    """Audit a view of a person's contact details, tagged with her state for the state's access log."""
    state = person.institution.state
    record(
        "directory.person.view",
        actor=actor,
        obj=person,
        changes={"state": state.iso2 if state else None, "channel": channel},
    )


def record_export(designations: Any, *, actor: User, network: Network, fmt: str, export_id: str) -> None:
    """Audit an export once per state it contains, so each state sees who exported its contacts."""
    counts: dict[str, int] = {}
    for iso2 in designations.values_list("state__iso2", flat=True):
        counts[iso2] = counts.get(iso2, 0) + 1
    for iso2, count in sorted(counts.items()):
        record(
            "directory.export",
            actor=actor,
            object_type="directory.network",
            object_id=network.code,
            object_repr=f"{network} ({fmt})",
            changes={"state": iso2, "network": network.code, "format": fmt, "export_id": export_id, "rows": count},
        )


def _snapshot(designation: Designation) -> dict[str, Any]:
    return {
        "network": designation.network.code,
        "state": designation.state.iso2,
        "role": designation.role,
        "person": designation.person_id,
        "institution": designation.institution_id,
        "starts_on": designation.starts_on,
        "ends_on": designation.ends_on,
        "note_verbale": designation.note_verbale_number,
    }
