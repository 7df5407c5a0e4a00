"""Test helpers of the exchange: a small world of institutions, networks and readers around one author."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from enlace.accounts.models import User
from enlace.common.testing import make_institution, make_user
from enlace.directory.models import Institution, InstitutionKind
from enlace.directory.testing import make_designation, make_person
from enlace.exchange import actions
from enlace.exchange.models import Alert


@dataclass
class World:
    """Readers placed so that each scope kind and each TLP level separates them."""

    author: User  # CSIRT analyst in Chile, the originator
    recipient: User  # CSIRT analyst in Argentina (institution I1), designated in CSIRTAmericas
    colleague: User  # focal point in the same institution I1, designated nowhere
    network_peer: User  # CSIRT analyst in Brazil (I3), designated in CSIRTAmericas
    other_network: User  # focal point in an Argentine ministry (I2), designated in the counterterrorism network
    other_state: User  # focal point in Uruguay, designated nowhere
    officer: User  # Secretariat
    i1: Institution

    def users(self) -> dict[str, User]:
        """The readers by name."""
        return {k: v for k, v in self.__dict__.items() if isinstance(v, User)}


def _placed(role: str, state: str, institution: Institution, network: str | None = None) -> User:
    user = make_user(role, state=state)
    user.institution = institution
    user.save(update_fields=["institution"])
    if network:
        person = make_person(state, user=user)
        person.institution = institution
        person.save(update_fields=["institution"])
        make_designation(state, network, person=person, role="alternate")
    return user


def build_world() -> World:
    """Create the world (institutions I1, I2 in Argentina, I3 in Brazil, one in Chile, one in Uruguay)."""
    i1 = make_institution("AR", kind=InstitutionKind.CSIRT)
    return World(
        author=_placed("csirt_analyst", "CL", make_institution("CL", kind=InstitutionKind.CSIRT)),
        recipient=_placed("csirt_analyst", "AR", i1, "csirtamericas"),
        colleague=_placed("focal_point", "AR", i1),
        network_peer=_placed(
            "csirt_analyst", "BR", make_institution("BR", kind=InstitutionKind.CSIRT), "csirtamericas"
        ),
        other_network=_placed("focal_point", "AR", make_institution("AR"), "counterterrorism"),
        other_state=_placed("focal_point", "UY", make_institution("UY")),
        officer=make_user("secretariat_officer", program="cybersecurity"),
        i1=i1,
    )


def publish(world: World, tlp: str, scope: str, **fields: Any) -> Alert:
    """Publish an alert by the world's author with one kind of scope."""
    from enlace.directory.models import Network
    from enlace.geo.models import MemberState

    kinds: dict[str, dict[str, Any]] = {
        "network": {"networks": [Network.objects.get(code="csirtamericas")]},
        "state": {"states": [MemberState.objects.get(iso2="AR")]},
        "institution": {"institutions": [world.i1]},
        "named": {"recipients": [world.recipient]},
        "all": {"all_members": True},
    }
    values = {"title": f"{tlp} to {scope}", "body": f"Secret body of {tlp} to {scope}", "tlp": tlp, **fields}
    return actions.create_alert(actor=world.author, publish=True, **values, **kinds[scope])
