"""In-app notifications: what awaits a user inside Enlace."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications app."""

    name = "enlace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
