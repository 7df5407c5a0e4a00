"""Funding pages."""

from django.urls import path

from enlace.funding import correction_views, views

app_name = "funding"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("programs/<slug:code>/", views.program_detail, name="program_detail"),
    path("funds/new/", views.fund_create, name="fund_create"),
    path("funds/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("donors/", views.donor_list, name="donor_list"),
    path("donors/new/", views.donor_create, name="donor_create"),
    path("donors/<int:pk>/", views.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/users/", views.donor_link_user, name="donor_link_user"),
    path("transactions/new/", views.transaction_create, name="transaction_create"),
    path("transactions/<int:pk>/reverse/", correction_views.transaction_reverse, name="transaction_reverse"),
    path("transactions/<int:pk>/correct/", correction_views.transaction_correct, name="transaction_correct"),
    path("allocations/new/", views.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/reverse/", correction_views.allocation_reverse, name="allocation_reverse"),
    path("requirements/new/", views.requirement_create, name="requirement_create"),
    path("rates/", views.rate_list, name="rate_list"),
    path("donations/", views.donation_list, name="donation_list"),
    path("donations/new/", views.donation_create, name="donation_create"),
    path("donations/<int:pk>/edit/", correction_views.donation_update, name="donation_update"),
    path("donations/<int:pk>/withdraw/", correction_views.donation_withdraw, name="donation_withdraw"),
]
