"""TAXII 2.1 routes under /taxii2/."""

from django.urls import path

from enlace.exchange.taxii import views

app_name = "taxii"
urlpatterns = [
    path("", views.discovery, name="discovery"),
    path("enlace/", views.api_root, name="api_root"),
    path("enlace/status/<uuid:status_id>/", views.status_detail, name="status"),
    path("enlace/collections/", views.collection_list, name="collections"),
    path("enlace/collections/<str:collection_id>/", views.collection_detail, name="collection"),
    path("enlace/collections/<str:collection_id>/objects/", views.objects, name="objects"),
    path("enlace/collections/<str:collection_id>/objects/<str:object_id>/", views.object_detail, name="object"),
    path(
        "enlace/collections/<str:collection_id>/objects/<str:object_id>/versions/",
        views.object_versions,
        name="versions",
    ),
    path("enlace/collections/<str:collection_id>/manifest/", views.manifest, name="manifest"),
]
