"""Enlace's URLs: every page needs a signed-in, MFA-verified user unless marked public."""

from django.urls import include, path

urlpatterns = [
    path("", include("enlace.common.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("enlace.accounts.urls")),
    path("audit/", include("enlace.audit.urls")),
    path("directory/", include("enlace.directory.urls")),
    path("notifications/", include("enlace.notifications.urls")),
    path("alerts/", include("enlace.exchange.urls")),
    path("workplan/", include("enlace.workplan.urls")),
    path("assistance/", include("enlace.assistance.urls")),
    path("ipo/", include("enlace.ipo.urls")),
    path("library/", include("enlace.library.urls")),
    path("funding/", include("enlace.funding.urls")),
    path("oai/", include("enlace.library.oai_urls")),
    path("api/", include("enlace.api_urls")),
    path("taxii2/", include("enlace.exchange.taxii.urls")),
]

handler400 = "enlace.common.views.bad_request"
handler403 = "enlace.common.views.permission_denied"
handler404 = "enlace.common.views.page_not_found"
handler500 = "enlace.common.views.server_error"
