"""The CICTE programs: the stable units that officers, activities and funds belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.common.localized import LocalizedNameMixin, localized


class Program(LocalizedNameMixin):
    """One of the CICTE programs (cybersecurity, border security, …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    summary_en = models.TextField("summary (English)", blank=True)
    summary_es = models.TextField("summary (Spanish)", blank=True)
    summary_fr = models.TextField("summary (French)", blank=True)
    summary_pt = models.TextField("summary (Portuguese)", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    @property
    def summary(self) -> str:
        """The summary in the active language."""
        return localized(self, "summary")
