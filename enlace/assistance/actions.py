"""Every write of the assistance app: atomic, by an `actor`, audited; notifications after commit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.assistance.models import (
    NEXT,
    AssistanceRequest,
    Finding,
    Mission,
    Recommendation,
    RecommendationNote,
    RecommendationStatus,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from enlace.audit.actions import record
from enlace.directory.models import Expert, Institution
from enlace.directory.policies import coordinated_state_ids
from enlace.exchange.attachments import ALLOWED, sniff
from enlace.geo.models import MemberState
from enlace.workplan.models import Program


def _allow(model: type, actor: User, action: str, obj: object | None = None) -> None:
    if not policy_for(model).can(actor, action, obj):  # type: ignore[arg-type]
        raise PermissionDenied


def _store(*, actor: User, request: AssistanceRequest, upload: UploadedFile) -> RequestDocument:
    limit = settings.ENLACE_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}})
    content = upload.read()
    name = (upload.name or "document").replace("/", "_").replace("\\", "_")[:255]
    kind = sniff(content, name)
    if kind not in ALLOWED:
        raise ValidationError({"file": _("Files of this type (%(type)s) cannot be attached.") % {"type": kind}})
    document = RequestDocument(
        request=request,
        name=name,
        size=len(content),
        content_type=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    upload.seek(0)
    document.file.save(name, upload, save=False)
    document.save()
    record(
        "assistance.request.document.add",
        actor=actor,
        obj=request,
        changes={"document": document.pk, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def file_request(
    *,
    actor: User,
    state: MemberState,
    program: Program,
    subject: str,
    description: str,
    documents: Iterable[UploadedFile] = (),
) -> AssistanceRequest:
    """A national coordinator files a request for her state; the Secretariat is told."""
    if state.pk not in coordinated_state_ids(actor):
        raise PermissionDenied
    request = AssistanceRequest.objects.create(
        state=state, program=program, subject=subject, description=description, filed_by=actor
    )
    for upload in documents:
        _store(actor=actor, request=request, upload=upload)
    record("assistance.request.file", actor=actor, obj=request, changes={"state": state.iso2, "program": program.code})
    transaction.on_commit(lambda: _enqueue_filed(request.pk))
    return request


@transaction.atomic
def add_document(*, actor: User, request: AssistanceRequest, upload: UploadedFile) -> RequestDocument:
    """Attach one more document to an open request (its state's coordinator or the Secretariat)."""
    _allow(AssistanceRequest, actor, "document", request)
    return _store(actor=actor, request=request, upload=upload)


def _change_status(*, actor: User, request: AssistanceRequest, to: str, reason: str) -> RequestEvent:
    locked = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    event = RequestEvent.objects.create(
        request=locked, from_status=locked.status, to_status=to, reason=reason, actor=actor
    )
    locked.status = to
    locked.updated_at = timezone.now()
    if to == RequestStatus.DECLINED:
        locked.decline_reason = reason
    locked.save(update_fields=["status", "updated_at", "decline_reason"])
    request.status, request.decline_reason = locked.status, locked.decline_reason
    record(
        "assistance.request.status",
        actor=actor,
        obj=locked,
        changes={"from": event.from_status, "to": to},
        reason=reason,
    )
    transaction.on_commit(lambda: _enqueue_status(event.pk))
    return event


@transaction.atomic
def transition(*, actor: User, request: AssistanceRequest, to: str, reason: str = "") -> RequestEvent:
    """The Secretariat moves a request to its next status (or declines it, with a reason)."""
    _allow(AssistanceRequest, actor, "transition", request)
    current = AssistanceRequest.objects.select_for_update().get(pk=request.pk).status
    if to not in NEXT.get(current, ()):
        raise ValidationError(
            {
                "to": _("A request that is “%(current)s” cannot become “%(to)s”.")
                % {
                    "current": RequestStatus(current).label,
                    "to": RequestStatus(to).label if to in RequestStatus else to,
                }
            }
        )
    reason = reason.strip()
    if to == RequestStatus.DECLINED and not reason:
        raise ValidationError({"reason": _("Give the reason for declining the request.")})
    return _change_status(actor=actor, request=request, to=to, reason=reason)


@transaction.atomic
def withdraw(*, actor: User, request: AssistanceRequest, reason: str = "") -> RequestEvent:
    """The state's coordinator withdraws a request the Secretariat has not yet acknowledged."""
    _allow(AssistanceRequest, actor, "view", request)
    if not policy_for(AssistanceRequest).can(actor, "withdraw", request):
        raise ValidationError({"to": _("Only a submitted request can be withdrawn, by its state.")})
    return _change_status(actor=actor, request=request, to=RequestStatus.WITHDRAWN, reason=reason.strip())


@transaction.atomic
def assign(
    *,
    actor: User,
    request: AssistanceRequest,
    officer: User | None,
    experts: Iterable[Expert],
    activity_reference: str = "",
) -> AssistanceRequest:
    """The Secretariat assigns the responsible officer, links roster experts and the answering activities."""
    _allow(AssistanceRequest, actor, "assign", request)
    if officer is not None and not officer.is_secretariat:
        raise ValidationError({"officer": _("The responsible officer must be Secretariat staff.")})
    experts = list(experts)
    request.officer = officer
    request.activity_reference = activity_reference.strip()
    request.updated_at = timezone.now()
    request.save(update_fields=["officer", "activity_reference", "updated_at"])
    request.experts.set(experts)
    record(
        "assistance.request.assign",
        actor=actor,
        obj=request,
        changes={
            "officer": officer.pk if officer else None,
            "experts": sorted(e.pk for e in experts),
            "activity_reference": request.activity_reference,
        },
    )
    return request


@transaction.atomic
def record_mission(
    *,
    actor: User,
    kind: str,
    title: str,
    state: MemberState,
    program: Program,
    start_date: date,
    end_date: date,
    experts: Iterable[Expert] = (),
    request: AssistanceRequest | None = None,
) -> Mission:
    """The Secretariat records an assessment mission or peer review."""
    _allow(Mission, actor, "add")
    if end_date < start_date:
        raise ValidationError({"end_date": _("The mission cannot end before it starts.")})
    if request is not None and request.state_id != state.pk:
        raise ValidationError({"request": _("The linked request is from another state.")})
    mission = Mission.objects.create(
        kind=kind,
        title=title,
        state=state,
        program=program,
        start_date=start_date,
        end_date=end_date,
        request=request,
        created_by=actor,
    )
    mission.experts.set(list(experts))
    record("assistance.mission.add", actor=actor, obj=mission, changes={"state": state.iso2, "kind": kind})
    return mission


@transaction.atomic
def add_finding(*, actor: User, mission: Mission, title: str, description: str = "") -> Finding:
    """The Secretariat records a finding of a mission."""
    _allow(Finding, actor, "add")
    finding = Finding.objects.create(mission=mission, title=title, description=description, created_by=actor)
    record("assistance.finding.add", actor=actor, obj=mission, changes={"finding": finding.pk})
    return finding


@transaction.atomic
def add_recommendation(
    *,
    actor: User,
    mission: Mission,
    text: str,
    due_date: date,
    priority: str,
    owner_institution: Institution | None = None,
    activity_reference: str = "",
) -> Recommendation:
    """The Secretariat records a recommendation of a mission, owned by the mission's state."""
    _allow(Recommendation, actor, "add")
    if owner_institution is not None and owner_institution.state_id != mission.state_id:
        raise ValidationError({"owner_institution": _("The owner institution must be of the mission's state.")})
    recommendation = Recommendation.objects.create(
        mission=mission,
        text=text,
        owner_state_id=mission.state_id,
        owner_institution=owner_institution,
        due_date=due_date,
        priority=priority,
        activity_reference=activity_reference.strip(),
        created_by=actor,
    )
    record("assistance.recommendation.add", actor=actor, obj=mission, changes={"recommendation": recommendation.pk})
    return recommendation


@transaction.atomic
def update_recommendation(*, actor: User, recommendation: Recommendation, status: str, note: str) -> RecommendationNote:
    """The owning state's coordinator (or the Secretariat) sets a recommendation's status, with a note."""
    _allow(Recommendation, actor, "update_status", recommendation)
    if status not in RecommendationStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Add a note saying what was done.")})
    previous = recommendation.status
    recommendation.status = status
    recommendation.save(update_fields=["status"])
    entry = RecommendationNote.objects.create(recommendation=recommendation, status=status, note=note, author=actor)
    record(
        "assistance.recommendation.status",
        actor=actor,
        obj=recommendation,
        changes={"from": previous, "to": status},
        reason=note,
    )
    return entry


def _enqueue_status(event_id: int) -> None:
    from enlace.assistance.tasks import notify_request_status

    notify_request_status.enqueue(event_id)


def _enqueue_filed(request_id: int) -> None:
    from enlace.assistance.tasks import notify_request_filed

    notify_request_filed.enqueue(request_id)
