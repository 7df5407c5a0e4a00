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
