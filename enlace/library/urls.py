"""Library pages."""

from django.urls import path

from enlace.library import views

app_name = "library"
urlpatterns = [
    path("", views.library_home, name="library_home"),
    path("new/", views.work_create, name="work_create"),
    path("export/dc.xml", views.dc_export, name="export_dc"),
    path("<slug:identifier>/", views.work_detail, name="work_detail"),
    path("<slug:identifier>/edit/", views.work_edit, name="work_edit"),
    path("<slug:identifier>/translations/", views.translation_add, name="translation_add"),
    path("<slug:identifier>/submit/", views.work_submit, name="work_submit"),
    path("<slug:identifier>/publish/", views.work_publish, name="work_publish"),
    path("<slug:identifier>/archive/", views.work_archive, name="work_archive"),
    path("<slug:identifier>/follow/", views.work_follow, name="work_follow"),
    path("<slug:identifier>/unfollow/", views.work_unfollow, name="work_unfollow"),
    path("<slug:identifier>/<str:language>/edit/", views.translation_change, name="translation_change"),
    path("<slug:identifier>/<str:language>/v<int:number>/note/", views.version_note_change, name="version_note_change"),
    path("<slug:identifier>/<str:language>/versions/", views.version_add, name="version_add"),
    path("<slug:identifier>/<str:language>/download/", views.version_download, name="version_current"),
    path("<slug:identifier>/<str:language>/v<int:number>/", views.version_download, name="version_download"),
]
