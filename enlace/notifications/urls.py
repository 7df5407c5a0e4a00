"""Notification pages."""

from django.urls import path

from enlace.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("read/", views.mark_read, name="notification_read"),
]
