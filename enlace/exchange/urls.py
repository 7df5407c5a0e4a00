"""Alert exchange pages."""

from django.urls import path

from enlace.exchange import indicator_views, misp_import_views, trend_views, views

app_name = "exchange"
urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path("new/", views.AlertCreateView.as_view(), name="alert_create"),
    path("import/stix/", views.StixImportView.as_view(), name="stix_import"),
    path("import/misp/", misp_import_views.MispImportView.as_view(), name="misp_import"),
    path("<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("<int:pk>/publish/", views.alert_publish, name="alert_publish"),
    path("<int:pk>/scope/", views.AlertRescopeView.as_view(), name="alert_rescope"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("<int:pk>/comments/", views.alert_comment, name="alert_comment"),
    path("<int:pk>/remind/", views.alert_remind, name="alert_remind"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/indicators/", indicator_views.indicators_add, name="indicators_add"),
    path("indicators/", indicator_views.IndicatorSearchView.as_view(), name="indicator_search"),
    path("indicators/<int:pk>/sightings/", indicator_views.sighting_add, name="sighting_add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/translations/", views.alert_translate, name="alert_translate"),
    path("<int:pk>/stix/", views.alert_stix, name="alert_stix"),
    path("trends/", trend_views.trends_page, name="trends"),
    path("trends.csv", trend_views.trends_csv, name="trends_csv"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
]
