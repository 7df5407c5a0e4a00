"""Who may see institutions: every signed-in member; the Secretariat changes them."""

from enlace.accounts.policy_base import MembersPolicy, register
from enlace.directory.models import Institution

register(Institution, MembersPolicy())
