"""Account pages."""

from django.urls import path

from enlace.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("tokens/", views.ApiTokenListView.as_view(), name="apitoken_list"),
    path("tokens/new/", views.ApiTokenCreateView.as_view(), name="apitoken_create"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="apitoken_revoke"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/<int:pk>/mfa-reset/", views.MfaResetView.as_view(), name="user_mfa_reset"),
]
