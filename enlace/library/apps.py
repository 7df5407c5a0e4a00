"""Document library: works with Dublin Core metadata, their translations and versions, and search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """Library app."""

    name = "enlace.library"
    label = "library"
    verbose_name = _("Library")
