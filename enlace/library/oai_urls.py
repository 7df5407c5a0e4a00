"""The OAI-PMH endpoint, at /oai/ (outside /library/: harvesters expect a short, stable base URL)."""

from django.urls import path

from enlace.library import views

app_name = "oai"
urlpatterns = [path("", views.oai_endpoint, name="endpoint")]
