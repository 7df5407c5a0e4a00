"""Work-plan pages."""

from django.urls import path

from enlace.workplan import activity_views, views

app_name = "workplan"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("activities/", activity_views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", activity_views.ActivityFormView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", activity_views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_views.ActivityFormView.as_view(), name="activity_update"),
    path("<slug:term>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<slug:term>/changes/", views.plan_diff, name="plan_diff"),
    path("<slug:term>/coverage/", activity_views.plan_coverage, name="plan_coverage"),
]
