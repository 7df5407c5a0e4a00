"""Demo assistance: requests from several states at every stage, and two missions whose recommendations stand
at every status (one overdue).

Written straight to the tables (no notification tasks, no e-mail): the demo database starts as if the work
had happened. The demo coordinators of Argentina, Jamaica and Haiti filed the requests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import User
from enlace.assistance.models import (
    AssistanceRequest,
    Finding,
    Mission,
    MissionKind,
    Recommendation,
    RecommendationNote,
    RequestEvent,
    RequestStatus,
)
from enlace.directory.models import Expert
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

CHAIN = [
    RequestStatus.SUBMITTED,
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.ASSESSED,
    RequestStatus.PLANNED,
    RequestStatus.IN_DELIVERY,
    RequestStatus.DELIVERED,
    RequestStatus.CLOSED,
]
# (state, program, subject, final status, reason of the last step)
REQUESTS = (
    ("AR", "cybersecurity", "Support to draft the national cybersecurity strategy", "closed", "Strategy adopted"),
    ("AR", "border-security", "Training on container profiling at the port of Buenos Aires", "in_delivery", ""),
    ("JM", "cybersecurity", "Set-up of a national CSIRT", "planned", "Mission planned for the next quarter"),
    ("JM", "mass-gatherings", "Security planning for the regional games", "assessed", ""),
    ("HT", "border-security", "Donation of document-inspection equipment", "acknowledged", ""),
    ("HT", "cybersecurity", "Cyber-crisis exercise for the government network", "submitted", ""),
    ("AR", "terrorism-financing", "Review of the targeted financial sanctions procedure", "delivered", ""),
    ("JM", "wmd-1540", "1540 national action plan", "declined", "Already covered by the UNODA programme"),
    ("HT", "violent-extremism", "Community outreach workshop", "withdrawn", "Rescheduled by the ministry"),
)


def _request(
    coordinators: dict[str, User], officer: User, spec: tuple[str, str, str, str, str], filed: date
) -> AssistanceRequest:
    iso2, program, subject, final, reason = spec
    coordinator = coordinators[iso2]
    made = AssistanceRequest.objects.create(
        state=MemberState.objects.get(iso2=iso2),
        program=Program.objects.get(code=program),
        subject=subject,
        description=f"{subject}. Requested by the national coordinator under the approved work plan.",
        filed_by=coordinator,
        filed_at=datetime.combine(filed, time(14, 0), tzinfo=UTC),
        officer=officer if final not in {"submitted", "withdrawn"} else None,
    )
    steps = CHAIN[1 : CHAIN.index(RequestStatus(final)) + 1] if final in CHAIN else []
    if final == RequestStatus.DECLINED:
        steps = [RequestStatus.ACKNOWLEDGED, RequestStatus.DECLINED]
    if final == RequestStatus.WITHDRAWN:
        steps = [RequestStatus.WITHDRAWN]
    previous, when = RequestStatus.SUBMITTED, made.filed_at
    for n, step in enumerate(steps):
        when = when + timedelta(days=9)
        actor = coordinator if step == RequestStatus.WITHDRAWN else officer
        RequestEvent.objects.create(
            request=made,
            from_status=previous,
            to_status=step,
            reason=reason if n == len(steps) - 1 else "",
            actor=actor,
            at=when,
        )
        previous = step
    made.status = previous
    made.updated_at = when
    made.decline_reason = reason if previous == RequestStatus.DECLINED else ""
    made.save()
    return made


def _mission(admin: User, kind: str, iso2: str, title: str, start: date, request: AssistanceRequest | None) -> Mission:
    mission = Mission.objects.create(
        kind=kind,
        title=title,
        state=MemberState.objects.get(iso2=iso2),
        program=Program.objects.get(code="cybersecurity"),
        start_date=start,
        end_date=start + timedelta(days=4),
        request=request,
        created_by=admin,
    )
    mission.experts.set(Expert.objects.order_by("pk")[:2])
    for finding in (
        "Remote-desktop services of three ministries exposed to the Internet",
        "No central log collection for government networks",
        "Incident-response plan not tested since 2019",
    ):
        Finding.objects.create(mission=mission, title=finding, created_by=admin)
    today = timezone.localdate()
    for text, due, priority, status, note in (
        ("Close exposed remote-desktop services", today - timedelta(days=30), "high", "open", ""),
        ("Deploy central log collection", today + timedelta(days=120), "high", "in_progress", "Tender launched"),
        ("Test the incident-response plan yearly", today - timedelta(days=5), "medium", "implemented", "Drill held"),
        ("Create a sector CSIRT for energy", today + timedelta(days=200), "low", "not_implemented", "No budget"),
    ):
        recommendation = Recommendation.objects.create(
            mission=mission,
            text=text,
            owner_state=mission.state,
            due_date=due,
            priority=priority,
            status=status,
            created_by=admin,
        )
        if note:
            RecommendationNote.objects.create(recommendation=recommendation, status=status, note=note, author=admin)
    return mission


@transaction.atomic
def load() -> None:
    """Create the requests and missions (skipped when any exist or the demo personas are missing)."""
    if AssistanceRequest.objects.exists() or Mission.objects.exists():
        return
    users = {u.email: u for u in User.objects.filter(email__endswith="@enlace.demo")}
    coordinators = {iso2: users.get(f"coordinator.{iso2.lower()}@enlace.demo") for iso2 in ("AR", "JM", "HT")}
    admin, officer = users.get("admin@enlace.demo"), users.get("officer@enlace.demo")
    if admin is None or officer is None or None in coordinators.values():
        return
    ready = {k: v for k, v in coordinators.items() if v is not None}
    first = timezone.localdate() - timedelta(days=400)
    made = [_request(ready, officer, spec, first + timedelta(days=35 * n)) for n, spec in enumerate(REQUESTS)]
    _mission(admin, MissionKind.ASSESSMENT, "AR", "Cybersecurity assessment mission to Argentina", first, made[0])
    _mission(
        admin,
        MissionKind.PEER_REVIEW,
        "JM",
        "Peer review of Jamaica's national CSIRT",
        first + timedelta(days=180),
        made[2],
    )
