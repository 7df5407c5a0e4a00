"""Base page views: objects come only from the model's policy, and HTMX gets a partial."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.generic import DetailView, ListView

from enlace.accounts.policy_base import policy_for


class HtmxPartialMixin:
    """Render `<template>#<htmx_partial>` for HTMX requests, the whole page otherwise."""

    htmx_partial = "results"

    def get_template_names(self) -> list[str]:
        names = super().get_template_names()  # type: ignore[misc]
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:  # type: ignore[attr-defined]
            return [f"{name}#{self.htmx_partial}" for name in names]
        return names


class PolicyQuerysetMixin:
    """The queryset is `Model.objects.restrict(user, policy_action)`; anything else is a 404.

    A page whose whole purpose the user may not have (`policy.can(user, policy_action)` is
    false) answers 404 too, as if it did not exist.
    """

    model: Any
    policy_action = "view"
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(self.model).can(request.user, self.policy_action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # mixin over View

    def get_queryset(self) -> QuerySet[Any]:
        base = super().get_queryset()  # type: ignore[misc]
        return base.restrict(self.request.user, self.policy_action)


class PolicyListView(HtmxPartialMixin, PolicyQuerysetMixin, ListView):
    """A list: a restricted queryset, an optional filterset, a template with a `results` partial."""

    filterset_class: Any = None
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
            return self.filterset.qs if self.filterset.is_valid() else queryset.none()
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class PolicyDetailView(PolicyQuerysetMixin, DetailView):
    """One object, fetched through the policy (404 when forbidden or missing)."""
