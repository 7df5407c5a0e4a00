"""IPO Americas pages."""

from django.urls import path

from enlace.ipo import views

app_name = "ipo"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventFormView.as_view(), name="event_create"),
    path("events/calendar/", views.CalendarView.as_view(), name="event_calendar"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventFormView.as_view(), name="event_update"),
    path("events/<int:pk>/validate/", views.event_validate, name="event_validate"),
    path("lessons/", views.LessonListView.as_view(), name="lesson_list"),
    path("lessons/new/", views.LessonCreateView.as_view(), name="lesson_create"),
    path("lessons/<int:pk>/", views.LessonDetailView.as_view(), name="lesson_detail"),
    path("events/<int:pk>/documents/", views.event_document_link, name="event_document_link"),
    path("lessons/<int:pk>/documents/", views.lesson_document_link, name="lesson_document_link"),
    path("document-links/<int:pk>/remove/", views.document_unlink, name="document_unlink"),
    path("lessons/<int:pk>/<slug:step>/", views.lesson_step, name="lesson_step"),
    path("public/events/", views.public_event_list, name="public_event_list"),
    path("public/events/<int:pk>/", views.public_event_detail, name="public_event_detail"),
    path("public/lessons/", views.public_lesson_list, name="public_lesson_list"),
    path("public/lessons/<int:pk>/", views.public_lesson_detail, name="public_lesson_detail"),
]
