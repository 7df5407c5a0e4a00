"""Assistance pages."""

from django.urls import path

from enlace.assistance import views

app_name = "assistance"
urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/status/", views.request_transition, name="request_transition"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("missions/", views.MissionListView.as_view(), name="mission_list"),
    path("missions/new/", views.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views.MissionDetailView.as_view(), name="mission_detail"),
    path("missions/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("missions/<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:pk>/status/", views.recommendation_update, name="recommendation_update"),
    path("follow-up/", views.followup_page, name="followup"),
]
