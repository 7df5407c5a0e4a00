"""Template helpers of the funding app."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import get_format

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


@register.filter
def money(value: Any) -> str:
    """An amount with two decimals and the language's grouping: what `floatformat:"2g"` shows (a test compares them),
    without its per-call work — a program's page shows thousands of amounts. Amounts are already in cents."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"{amount:,.2f}"
    grouping, decimal = str(get_format("THOUSAND_SEPARATOR")), str(get_format("DECIMAL_SEPARATOR"))
    return text.replace(",", "\0").replace(".", decimal).replace("\0", grouping)
