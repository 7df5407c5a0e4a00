"""Directory pages."""

from django.urls import path

from enlace.directory.views import applications, designations, exercises, networks, people, roster

app_name = "directory"
urlpatterns = [
    path("", networks.NetworkListView.as_view(), name="network_list"),
    path("networks/<slug:code>/", networks.NetworkDetailView.as_view(), name="network_detail"),
    path("networks/<slug:code>/<str:iso2>/reachable-now/", networks.reachable_now, name="reachable_now"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("people/new/", people.PersonFormView.as_view(), name="person_create"),
    path("people/<int:pk>/edit/", people.PersonFormView.as_view(), name="person_update"),
    path("people/<int:pk>/confirm/", people.person_confirm, name="person_confirm"),
    path("people/<int:pk>/channels/", people.channel_create, name="channel_create"),
    path("designations/", designations.DesignationListView.as_view(), name="designation_list"),
    path("designations/nominate/", designations.NominationView.as_view(), name="designation_create"),
    path("designations/<int:pk>/validate/", designations.designation_validate, name="designation_validate"),
    path("designations/<int:pk>/remove/", designations.designation_remove, name="designation_remove"),
    path("states/<str:iso2>/access-log/", networks.state_access_log, name="state_access_log"),
    path("networks/<slug:code>/export.<str:fmt>", networks.network_export, name="network_export"),
    path("experts/", roster.ExpertListView.as_view(), name="expert_list"),
    path("experts/me/", roster.my_expert_profile, name="expert_me"),
    path("experts/new/", roster.ExpertFormView.as_view(), name="expert_create"),
    path("experts/<int:pk>/", roster.ExpertDetailView.as_view(), name="expert_detail"),
    path("experts/<int:pk>/edit/", roster.ExpertFormView.as_view(), name="expert_update"),
    path("experts/<int:pk>/certifications/", roster.certification_create, name="certification_create"),
    path("experts/<int:pk>/missions/", roster.mission_create, name="mission_create"),
    path("experts/<int:pk>/remove/", roster.expert_remove, name="expert_remove"),
    path("experts/<int:pk>/reinstate/", roster.expert_reinstate, name="expert_reinstate"),
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", applications.ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/endorse/", applications.application_endorse, name="application_endorse"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="application_decide"),
    path("applications/<int:pk>/letter.pdf", applications.application_document, name="application_document"),
    path("exercises/", exercises.ExerciseListView.as_view(), name="exercise_list"),
    path("exercises/new/", exercises.ExerciseCreateView.as_view(), name="exercise_create"),
    path("exercises/<int:pk>/", exercises.ExerciseDetailView.as_view(), name="exercise_detail"),
    path("exercises/<int:pk>/report.<str:fmt>", exercises.exercise_report, name="exercise_report"),
    path("exercises/<int:pk>/close/", exercises.exercise_close, name="exercise_close"),
    path("exercises/<int:pk>/cancel/", exercises.exercise_cancel, name="exercise_cancel"),
    path("exercises/over-time/<slug:code>/", exercises.exercise_trends, name="exercise_trends"),
    path(
        "exercises/over-time/<slug:code>/report.<str:fmt>",
        exercises.exercise_trends_export,
        name="exercise_trends_export",
    ),
    path("ack/<str:token>/", exercises.exercise_ack, name="exercise_ack"),
    path("confirm/<str:token>/", people.person_confirm_link, name="person_confirm_link"),
]
