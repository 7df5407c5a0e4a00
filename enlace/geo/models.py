"""Member states of the OAS, as reference data loaded by a migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.common.localized import LocalizedNameMixin


class MemberState(LocalizedNameMixin):
    """One of the 35 OAS member states."""

    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    capital_tz = models.CharField(_("time zone of the capital"), max_length=64)
    time_zones = models.JSONField(_("time zones"), default=list)
    joined_oas = models.PositiveSmallIntegerField(_("OAS member since"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
