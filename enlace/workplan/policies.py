"""Who may see programs (everyone: they are on the public home page) and work plans (members; the Secretariat
imports them)."""

from enlace.accounts.policy_base import MembersPolicy, PublicPolicy, register
from enlace.workplan.models import PlanObjective, PlanProgram, Program, ProposedActivity, WorkPlan

register(Program, PublicPolicy())
for model in (WorkPlan, PlanProgram, PlanObjective, ProposedActivity):
    register(model, MembersPolicy())
