"""Designation pages: list, nomination, validation, removal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyListView
from enlace.directory import actions
from enlace.directory.filters import DesignationFilter
from enlace.directory.forms import (
    NominationForm,
    ReasonForm,
    add_errors,
)
from enlace.directory.models import (
    Designation,
)
from enlace.directory.policies import coordinated_state_ids


class DesignationListView(PolicyListView):
    """Designations the user may see, with the Secretariat's validation and the states' removals."""

    model = Designation
    template_name = "directory/designation_list.html"
    filterset_class = DesignationFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network", "state", "person", "institution")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_validate"] = policy_for(Designation).can(user, "validate")
        context["removable_states"] = "all" if user.is_secretariat else coordinated_state_ids(user)  # type: ignore[union-attr]
        context["can_nominate"] = policy_for(Designation).can(user, "add")
        return context


class NominationView(View):
    """A national coordinator (or the Secretariat) nominates someone in a network."""

    template_name = "directory/designation_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Designation).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = NominationForm(user=signed_in_user(request), initial=request.GET.dict())
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        me = signed_in_user(request)
        form = NominationForm(request.POST, user=me)
        if form.is_valid():
            try:
                actions.nominate(actor=me, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The nomination was sent to the Secretariat for validation."))
                return redirect("directory:designation_list")
        return render(request, self.template_name, {"form": form}, status=400)


@require_POST
def designation_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat validates a proposed designation."""
    designation = get_object_or_404(Designation.objects.restrict(request.user, "validate"), pk=pk)
    try:
        actions.validate(designation, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directory:designation_list")
    messages.success(request, _("The designation is validated."))
    return redirect("directory:designation_list")


@require_POST
def designation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The state's coordinator or the Secretariat ends a designation, with a reason."""
    designation = get_object_or_404(Designation.objects.restrict(request.user, "remove"), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the designation ends."))
        return redirect("directory:designation_list")
    try:
        actions.remove(designation, actor=signed_in_user(request), reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The designation was removed."))
    return redirect("directory:designation_list")
