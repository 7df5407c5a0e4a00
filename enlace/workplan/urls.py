"""Work-plan pages."""

from django.urls import path

from enlace.workplan import views

app_name = "workplan"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("<slug:term>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<slug:term>/changes/", views.plan_diff, name="plan_diff"),
]
