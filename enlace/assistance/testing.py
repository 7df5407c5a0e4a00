"""Factories for assistance tests: a request of a state, a mission with findings and recommendations."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.accounts.models import User
from enlace.assistance.actions import add_finding, add_recommendation, file_request, record_mission
from enlace.assistance.models import AssistanceRequest, Mission, Recommendation
from enlace.geo.models import MemberState
from enlace.workplan.models import Program


def make_request(coordinator: User, state: str = "AR", *, document: bool = True) -> AssistanceRequest:
    """A submitted request of `state`, filed by its coordinator (with a text document by default)."""
    return file_request(
        actor=coordinator,
        state=MemberState.objects.get(iso2=state),
        program=Program.objects.get(code="cybersecurity"),
        subject=f"National CSIRT for {state}",
        description="We ask for help to set up a national CSIRT.",
        documents=[SimpleUploadedFile("terms.txt", b"Terms of reference")] if document else [],
    )


def make_mission(
    secretariat: User, state: str = "AR", *, due: date = date(2030, 1, 1)
) -> tuple[Mission, Recommendation]:
    """An assessment mission in `state` with one finding and one recommendation due on `due`."""
    mission = record_mission(
        actor=secretariat,
        kind="assessment",
        title=f"Cyber assessment of {state}",
        state=MemberState.objects.get(iso2=state),
        program=Program.objects.get(code="cybersecurity"),
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
    )
    add_finding(actor=secretariat, mission=mission, title=f"SECRET-FINDING-{state}", description="Exposed RDP")
    recommendation = add_recommendation(
        actor=secretariat, mission=mission, text=f"Close exposed services in {state}", due_date=due, priority="high"
    )
    return mission, recommendation
