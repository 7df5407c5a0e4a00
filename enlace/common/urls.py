"""Public pages, dashboard, health and language switching."""

from django.urls import path

from enlace.common import views

app_name = "common"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("health/", views.health, name="health"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
