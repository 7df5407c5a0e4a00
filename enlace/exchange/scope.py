"""Who an alert reaches: the sharing scope narrowed by its TLP marking, as one database condition.

The rules (TLP 2.0, docs/exchange.md):
- CLEAR: every member, and the public bulletins page;
- GREEN: the community of the scope (all members; members of the chosen networks, states, institutions;
  the named recipients) and the originator's institution;
- AMBER and AMBER+STRICT: the recipients' own institutions, i.e. every user of an institution that the
  scope reaches (an institution chosen, in a chosen state, with someone actively designated in a chosen
  network, or of a named recipient), and the originator's institution;
- RED: the named recipients only.
The author always sees her alert; drafts are hers (and the Secretariat's) alone.
"""

from __future__ import annotations

from django.db.models import Q

from enlace.accounts.models import User
from enlace.directory.models import Designation, DesignationStatus
from enlace.directory.policies import member_network_ids
from enlace.exchange.models import Alert, AlertStatus, Tlp

OUT = (AlertStatus.PUBLISHED, AlertStatus.WITHDRAWN)  # what readers may see; drafts stay with the author


def _through(field: str, **lookup: object) -> Q:
    """Alerts whose M2M `field` has a row matching `lookup` (a subquery: no duplicate rows)."""
    through = getattr(Alert, field).through
    return Q(pk__in=through.objects.filter(**lookup).values("alert_id"))


def institution_network_ids(institution_id: int) -> set[int]:
    """Networks where the institution itself, or one of its people, holds an active designation."""
    return set(
        Designation.objects.filter(status=DesignationStatus.ACTIVE)
        .filter(Q(institution_id=institution_id) | Q(person__institution_id=institution_id))
        .values_list("network_id", flat=True)
    )


def readable_q(user: User) -> Q:
    """The alerts a signed-in member who is not Secretariat staff may read."""
    institution_id = user.institution_id
    state_id = user.institution.state_id if user.institution_id else None  # type: ignore[union-attr]
    named = _through("recipients", user_id=user.pk)

    community = Q(all_members=True) | named | _through("networks", network_id__in=member_network_ids(user))
    institutional = Q(all_members=True) | named
    if institution_id is not None:
        own = Q(originator_id=institution_id) | _through("institutions", institution_id=institution_id)
        if state_id is not None:
            own |= _through("states", memberstate_id=state_id)
        community |= own
        institutional |= (
            own
            | _through("recipients", user__institution_id=institution_id)
            | _through("networks", network_id__in=institution_network_ids(institution_id))
        )
    published = Q(status__in=OUT) & (
        Q(tlp=Tlp.CLEAR)
        | (Q(tlp=Tlp.GREEN) & community)
        | (Q(tlp__in=[Tlp.AMBER, Tlp.AMBER_STRICT]) & institutional)
        | (Q(tlp=Tlp.RED) & named)
    )
    return Q(created_by_id=user.pk) | published


def reader_ids(alert: Alert) -> set[int]:
    """The ids of the active users who may read a published alert: the same rules as `readable_q`, seen from
    the alert's side, in a handful of queries (for notifying and following up thousands of readers).

    `tests/test_scope_matrix.py` checks that both sides agree for every TLP level and kind of scope.
    """
    from enlace.accounts.roles import SECRETARIAT_ROLES

    users = User.objects.filter(is_active=True)
    ids = set(users.filter(role_assignments__role__in=SECRETARIAT_ROLES).values_list("pk", flat=True))
    ids.add(alert.created_by_id)
    if alert.status not in OUT:
        return ids & set(users.values_list("pk", flat=True))
    named = set(alert.recipients.filter(is_active=True).values_list("pk", flat=True))
    if alert.tlp == Tlp.RED:
        return ids | named
    if alert.tlp == Tlp.CLEAR or alert.all_members:
        return ids | set(users.values_list("pk", flat=True))
    network_ids = list(alert.networks.values_list("pk", flat=True))
    state_ids = list(alert.states.values_list("pk", flat=True))
    chosen = set(alert.institutions.values_list("pk", flat=True)) | {alert.originator_id}
    if alert.tlp == Tlp.GREEN:
        designated = Designation.objects.filter(network_id__in=network_ids, status=DesignationStatus.ACTIVE)
        members = users.filter(
            Q(pk__in=designated.values("person__user_id"))
            | Q(institution_id__in=chosen)
            | Q(institution__state_id__in=state_ids)
        )
        return ids | named | set(members.values_list("pk", flat=True))
    # AMBER and AMBER+STRICT: every user of an institution the scope reaches.
    designated = Designation.objects.filter(network_id__in=network_ids, status=DesignationStatus.ACTIVE)
    institutions = (
        chosen
        | set(designated.filter(institution_id__isnull=False).values_list("institution_id", flat=True))
        | set(designated.filter(person__institution_id__isnull=False).values_list("person__institution_id", flat=True))
        | set(users.filter(pk__in=named, institution_id__isnull=False).values_list("institution_id", flat=True))
    )
    members = users.filter(Q(institution_id__in=institutions) | Q(institution__state_id__in=state_ids))
    return ids | named | set(members.values_list("pk", flat=True))
