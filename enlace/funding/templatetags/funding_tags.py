"""Template helpers of the funding app."""

from __future__ import annotations

from django import template

from enlace.accounts.policy_base import AnyUser, policy_for
from enlace.funding.models import Donation, Transaction

register = template.Library()


@register.filter
def sees_funding(user: AnyUser) -> bool:
    """Whether the user may open the funding pages (the Secretariat and linked donor users)."""
    return policy_for(Transaction).can(user, "view")


@register.filter
def sees_donations(user: AnyUser) -> bool:
    """Whether the user may open the in-kind donations (also national coordinators)."""
    return policy_for(Donation).can(user, "view")
