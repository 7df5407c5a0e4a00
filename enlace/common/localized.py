"""Content fields kept once per OAS language, read in the active language."""

from django.db import models
from django.utils import translation

CONTENT_LANGUAGES = ("en", "es", "fr", "pt")


def content_language() -> str:
    """Return the content-language suffix for the active interface language (pt-br → pt)."""
    code = (translation.get_language() or "en").split("-")[0]
    return code if code in CONTENT_LANGUAGES else "en"


def localized(obj: object, field: str) -> str:
    """Return `obj.<field>_<lang>` for the active language, falling back to English."""
    value = getattr(obj, f"{field}_{content_language()}", "") or ""
    return value or getattr(obj, f"{field}_en", "") or ""


class LocalizedNameMixin(models.Model):
    """A name in the four OAS languages."""

    name_en = models.CharField("name (English)", max_length=200)
    name_es = models.CharField("name (Spanish)", max_length=200, blank=True)
    name_fr = models.CharField("name (French)", max_length=200, blank=True)
    name_pt = models.CharField("name (Portuguese)", max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return localized(self, "name")
