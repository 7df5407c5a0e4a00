"""Who may see programs: everyone (they are on the public home page)."""

from enlace.accounts.policy_base import PublicPolicy, register
from enlace.workplan.models import Program

register(Program, PublicPolicy())
