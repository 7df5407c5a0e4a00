"""Template helpers of the assistance app."""

from __future__ import annotations

from django import template

from enlace.accounts.policy_base import AnyUser, policy_for
from enlace.assistance.models import AssistanceRequest

register = template.Library()


@register.filter
def sees_assistance(user: AnyUser) -> bool:
    """Whether the user may open the assistance pages (the Secretariat and national coordinators)."""
    return policy_for(AssistanceRequest).can(user, "view")
