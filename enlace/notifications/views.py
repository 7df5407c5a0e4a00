"""The user's notification list and marking notifications read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.common.generic import PolicyListView
from enlace.notifications import actions
from enlace.notifications.models import Notification


class NotificationListView(PolicyListView):
    """What awaits the user: unread first, then the rest."""

    model = Notification
    template_name = "notifications/notification_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        unread_only = self.request.GET.get("unread") == "1"
        queryset = super().get_queryset().order_by("read_at", "-created_at", "-id")
        return queryset.filter(read_at__isnull=True) if unread_only else queryset


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark the chosen notifications (or all of them) read."""
    user = signed_in_user(request)
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
    actions.mark_read(user, ids if ids else None)
    return redirect("notifications:notification_list")
