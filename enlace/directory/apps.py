"""Networks directory: institutions, people, designations, reachability."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Directory app."""

    name = "enlace.directory"
    label = "directory"
    verbose_name = _("Directory")
