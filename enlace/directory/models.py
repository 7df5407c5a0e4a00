"""Institutions: the offices of member states, the Secretariat and partners that users belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet


class InstitutionKind(models.TextChoices):
    """What kind of body an institution is."""

    GOVERNMENT = "government", _("Government agency")
    CSIRT = "csirt", _("CSIRT")
    MISSION = "mission", _("Permanent Mission to the OAS")
    SECRETARIAT = "secretariat", _("CICTE Secretariat")
    PARTNER = "partner", _("Partner organisation")
    DONOR = "donor", _("Donor")


class Institution(models.Model):
    """An office of a member state, the CICTE Secretariat, a partner or a donor."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=InstitutionKind.choices)
    state = models.ForeignKey(
        "geo.MemberState",
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [models.UniqueConstraint(fields=["name", "state"], name="institution_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
