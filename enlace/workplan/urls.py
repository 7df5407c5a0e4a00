"""Work-plan pages."""

from django.urls import path

from enlace.workplan import activity_part_views, activity_views, participant_views, public_views, report_views, views

app_name = "workplan"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("activities/", activity_views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", activity_views.ActivityFormView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", activity_views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_views.ActivityFormView.as_view(), name="activity_update"),
    path("activities/<int:pk>/iati.xml", report_views.activity_iati, name="activity_iati"),
    path("activities/<int:pk>/partners/", activity_part_views.partner_add, name="partner_add"),
    path("activities/<int:pk>/partners/<int:part>/remove/", activity_part_views.partner_remove, name="partner_remove"),
    path("activities/<int:pk>/budgets/", activity_part_views.budget_add, name="budget_add"),
    path("activities/<int:pk>/budgets/<int:part>/remove/", activity_part_views.budget_remove, name="budget_remove"),
    path("iati.xml", report_views.iati_export, name="iati_export"),
    path("reports/<slug:code>/", report_views.program_report, name="program_report"),
    path("reports/<slug:code>/report.<str:fmt>", report_views.program_report_export, name="program_report_export"),
    path("activities/<int:pk>/participants/", participant_views.participant_list, name="participant_list"),
    path("activities/<int:pk>/participants.csv", participant_views.participant_export, name="participant_export"),
    path("activities/<int:pk>/participants/import/", participant_views.attendance_import, name="attendance_import"),
    path("activities/<int:pk>/certificates/issue/", participant_views.certificate_issue, name="certificate_issue"),
    path("certificates/<str:code>/pdf/", participant_views.certificate_download, name="certificate_download"),
    path("certificates/verify/<str:code>/", participant_views.certificate_verify, name="certificate_verify"),
    path("participants/counts/", participant_views.participant_counts, name="participant_counts"),
    path("gender/", participant_views.gender_dashboard, name="gender_dashboard"),
    path("gender/<slug:code>/", participant_views.gender_program, name="gender_program"),
    path("public/", public_views.public_programs, name="public_programs"),
    path("public/iati.xml", public_views.public_iati, name="public_iati"),
    path("<slug:term>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<slug:term>/changes/", views.plan_diff, name="plan_diff"),
    path("<slug:term>/coverage/", activity_views.plan_coverage, name="plan_coverage"),
]
