"""Who may see a notification: only the user it was sent to."""

from enlace.accounts.policy_base import OwnerPolicy, register
from enlace.notifications.models import Notification

register(Notification, OwnerPolicy())
