"""The roles a user can hold, and which of them need a state or a program."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role held by a user, possibly scoped to a state or a program."""

    SECRETARIAT_ADMIN = "secretariat_admin", _("Secretariat administrator")
    SECRETARIAT_OFFICER = "secretariat_officer", _("Secretariat officer")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    FOCAL_POINT = "focal_point", _("Focal point")
    CSIRT_ANALYST = "csirt_analyst", _("CSIRT analyst")
    EXPERT = "expert", _("Expert / trainer")
    DONOR = "donor", _("Donor")


SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER})
STATE_ROLES = frozenset({Role.NATIONAL_COORDINATOR, Role.FOCAL_POINT, Role.CSIRT_ANALYST})
PROGRAM_ROLES = frozenset({Role.SECRETARIAT_OFFICER})
