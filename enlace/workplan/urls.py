"""Work-plan pages."""

from django.urls import path

from enlace.workplan import activity_part_views, activity_views, report_views, views

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
    path("<slug:term>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<slug:term>/changes/", views.plan_diff, name="plan_diff"),
    path("<slug:term>/coverage/", activity_views.plan_coverage, name="plan_coverage"),
]
