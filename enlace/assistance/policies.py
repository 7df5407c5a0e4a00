"""Who may see and do what with assistance requests and missions: the Secretariat everything, a national
coordinator her own state's rows only, everyone else nothing (forbidden looks like missing)."""

from __future__ import annotations

from typing import Any

from django.db import models

from enlace.accounts.policy_base import AnyUser, SecretariatFirstPolicy, register
from enlace.assistance.models import (
    AssistanceRequest,
    Finding,
    Mission,
    Recommendation,
    RecommendationNote,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from enlace.directory.policies import coordinated_state_ids

OPEN_REQUEST = (
    RequestStatus.SUBMITTED,
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.ASSESSED,
    RequestStatus.PLANNED,
    RequestStatus.IN_DELIVERY,
)


class StateRowPolicy(SecretariatFirstPolicy):
    """The Secretariat may do everything; a coordinator may do `member_actions` on her state's rows, the
    state being found at `state_field`."""

    state_field = "state"
    member_actions: frozenset[str] = frozenset({"view"})

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action not in self.member_actions:
            return queryset.none()
        return queryset.filter(**{f"{self.state_field}_id__in": coordinated_state_ids(user)})

    def member_can(self, user: AnyUser, action: str, obj: models.Model | None) -> bool:
        if action not in self.member_actions or not coordinated_state_ids(user):
            return False
        if obj is None:
            return True
        return self.member_scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]


class AssistanceRequestPolicy(StateRowPolicy):
    """`view`: the Secretariat and the state's coordinators; `add`: a coordinator (for her states); `withdraw`:
    the state's coordinator while submitted; `document`: the Secretariat and the state's coordinator while
    the request is open; `transition`, `assign`: the Secretariat only."""

    member_actions = frozenset({"view", "add", "withdraw", "document"})

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        queryset = super().scope(user, queryset, action)
        if action == "withdraw":
            return queryset.filter(status=RequestStatus.SUBMITTED)
        if action == "document":
            return queryset.filter(status__in=OPEN_REQUEST)
        if action == "add":
            return queryset.none()
        return queryset

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action == "add":  # the Secretariat answers requests; a state files them
            return bool(coordinated_state_ids(user))
        if action == "withdraw" and getattr(user, "is_secretariat", False):
            return False
        if obj is not None and action in {"withdraw", "document"}:
            return self.scope(user, AssistanceRequest.objects.filter(pk=obj.pk), action).exists()
        return super().can(user, action, obj)

    def member_scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "withdraw":
            return super().member_scope(user, queryset, "view")
        return super().member_scope(user, queryset, action)


class RequestPartPolicy(StateRowPolicy):
    """Events and documents of a request: read by whoever reads the request."""

    state_field = "request__state"


class MissionPolicy(StateRowPolicy):
    """Missions, their findings and recommendations and notes: the Secretariat records and reads them; the
    coordinators of the state concerned read them. Findings are sensitive: nobody else, not even the
    experts or donors, sees them. A coordinator may also `update_status` of a recommendation her state owns."""


class RecommendationPolicy(StateRowPolicy):
    """Recommendations: read by the owning state's coordinators, who may also `update_status`."""

    state_field = "owner_state"
    member_actions = frozenset({"view", "update_status"})


class FindingPolicy(StateRowPolicy):
    """Findings: the Secretariat and the coordinators of the mission's state only."""

    state_field = "mission__state"


class NotePolicy(StateRowPolicy):
    """Follow-up notes: read with their recommendation."""

    state_field = "recommendation__owner_state"


register(AssistanceRequest, AssistanceRequestPolicy())
register(RequestEvent, RequestPartPolicy())
register(RequestDocument, RequestPartPolicy())
register(Mission, MissionPolicy())
register(Finding, FindingPolicy())
register(Recommendation, RecommendationPolicy())
register(RecommendationNote, NotePolicy())
