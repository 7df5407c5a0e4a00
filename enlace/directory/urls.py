"""Directory pages."""

from django.urls import path

from enlace.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network_list"),
    path("networks/<slug:code>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("networks/<slug:code>/<str:iso2>/reachable-now/", views.reachable_now, name="reachable_now"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/new/", views.PersonFormView.as_view(), name="person_create"),
    path("people/<int:pk>/edit/", views.PersonFormView.as_view(), name="person_update"),
    path("people/<int:pk>/confirm/", views.person_confirm, name="person_confirm"),
    path("people/<int:pk>/channels/", views.channel_create, name="channel_create"),
    path("designations/", views.DesignationListView.as_view(), name="designation_list"),
    path("designations/nominate/", views.NominationView.as_view(), name="designation_create"),
    path("designations/<int:pk>/validate/", views.designation_validate, name="designation_validate"),
    path("designations/<int:pk>/remove/", views.designation_remove, name="designation_remove"),
    path("states/<str:iso2>/access-log/", views.state_access_log, name="state_access_log"),
    path("networks/<slug:code>/export.<str:fmt>", views.network_export, name="network_export"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/me/", views.my_expert_profile, name="expert_me"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("experts/<int:pk>/certifications/", views.certification_create, name="certification_create"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/endorse/", views.application_endorse, name="application_endorse"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/letter.pdf", views.application_document, name="application_document"),
    path("exercises/", views.ExerciseListView.as_view(), name="exercise_list"),
    path("exercises/new/", views.ExerciseCreateView.as_view(), name="exercise_create"),
    path("exercises/<int:pk>/", views.ExerciseDetailView.as_view(), name="exercise_detail"),
    path("exercises/<int:pk>/report.csv", views.exercise_report, name="exercise_report"),
    path("ack/<str:token>/", views.exercise_ack, name="exercise_ack"),
    path("confirm/<str:token>/", views.person_confirm_link, name="person_confirm_link"),
]
