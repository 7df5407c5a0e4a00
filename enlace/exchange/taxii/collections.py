"""The collections a user sees: one per network she belongs to (all for the Secretariat), TLP:CLEAR, and
"all alerts I may read". Collection ids are stable UUIDs derived from what they hold."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.directory.models import Network
from enlace.directory.policies import member_network_ids
from enlace.exchange.models import Alert, AlertStatus, Tlp
from enlace.exchange.stix import NAMESPACE


def collection_id(key: str) -> str:
    """The stable id of a collection ("all", "clear" or "network:<code>")."""
    return str(uuid.uuid5(NAMESPACE, f"taxii-collection|{key}"))


@dataclass
class Collection:
    """One TAXII collection and the alerts behind it."""

    id: str
    title: str
    description: str
    network: Network | None = None
    clear_only: bool = False
    can_write: bool = False

    def alerts(self, user: User) -> QuerySet[Alert]:
        """The published alerts of this collection that the user may read (the exchange's one policy)."""
        alerts = Alert.objects.visible_to(user).filter(status=AlertStatus.PUBLISHED, published_at__isnull=False)
        if self.clear_only:
            alerts = alerts.filter(tlp=Tlp.CLEAR)
        if self.network is not None:
            through = Alert.networks.through.objects.filter(network_id=self.network.pk)
            alerts = alerts.filter(pk__in=through.values("alert_id"))
        return alerts

    def resource(self) -> dict[str, Any]:
        """The collection resource of the TAXII 2.1 specification."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "can_read": True,
            "can_write": self.can_write,
            "media_types": ["application/stix+json;version=2.1"],
        }


def collections_for(user: User) -> list[Collection]:
    """The collections `user` may read, in a stable order."""
    can_add = policy_for(Alert).can(user, "add")
    found = [
        Collection(collection_id("all"), _("All alerts you may read"), _("Every published alert shared with you.")),
        Collection(collection_id("clear"), _("TLP:CLEAR"), _("Published alerts anyone may read."), clear_only=True),
    ]
    networks = Network.objects.order_by("code")
    if not user.is_secretariat:
        networks = networks.filter(pk__in=member_network_ids(user))
    for network in networks:
        found.append(
            Collection(
                collection_id(f"network:{network.code}"),
                network.name,
                _("Published alerts shared with the network %(name)s that you may read.") % {"name": network.name},
                network=network,
                can_write=can_add,
            )
        )
    return found


def find(user: User, collection: str) -> Collection | None:
    """The collection with that id if the user may read it (None looks the same as missing)."""
    return next((c for c in collections_for(user) if c.id == collection), None)
