"""Who may see member states: everyone (public reference data)."""

from enlace.accounts.policy_base import PublicPolicy, register
from enlace.geo.models import MemberState

register(MemberState, PublicPolicy())
