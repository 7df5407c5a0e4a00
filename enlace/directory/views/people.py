"""Person pages: detail, edit, confirm, channels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyDetailView
from enlace.directory import actions, attestation, freshness
from enlace.directory.forms import (
    ChannelForm,
    PersonForm,
    add_errors,
)
from enlace.directory.models import (
    Channel,
    Designation,
    Person,
)


class PersonDetailView(PolicyDetailView):
    """A person's contact details (audited view), with only the channels the user may see."""

    model = Person
    template_name = "directory/person_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("institution__state")
            .prefetch_related("designations__network", "channels")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = self.object
        actions.record_contact_view(person, actor=signed_in_user(self.request), channel="page")
        context["channels"] = Channel.objects.visible_to(self.request.user).filter(person=person)
        context["can_change"] = policy_for(Person).can(self.request.user, "change", person)
        if context["can_change"]:
            context["channel_form"] = ChannelForm()
        context["freshness"] = freshness.assess(person)
        context["designations"] = (
            Designation.objects.visible_to(self.request.user).filter(person=person).select_related("network", "state")
        )
        return context


class PersonFormView(View):
    """Add a person to the directory, or change one (her state's coordinator, herself, the Secretariat)."""

    template_name = "directory/person_form.html"

    def _person(self, request: HttpRequest, pk: int | None) -> Person | None:
        if pk is None:
            if not policy_for(Person).can(request.user, "add"):
                raise Http404
            return None
        return get_object_or_404(Person.objects.restrict(request.user, "change"), pk=pk)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        person = self._person(request, pk)
        initial = {name: getattr(person, name) for name in actions.PERSON_FIELDS} if person else {}
        form = PersonForm(initial=initial, user=signed_in_user(request))
        return render(request, self.template_name, {"form": form, "person": person})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        person = self._person(request, pk)
        form = PersonForm(request.POST, user=signed_in_user(request))
        if form.is_valid():
            data = {**form.cleaned_data, "on_call_hours": form.cleaned_data["on_call_hours"] or {}}
            try:
                saved = actions.save_person(person, actor=signed_in_user(request), **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The person was saved."))
                return redirect("directory:person_detail", pk=saved.pk)
        return render(request, self.template_name, {"form": form, "person": person}, status=400)


@require_POST
def person_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-attestation in one click: the record is current."""
    person = get_object_or_404(Person.objects.restrict(request.user, "change"), pk=pk)
    actions.confirm_person(person, actor=signed_in_user(request))
    messages.success(request, _("Thank you: the record is confirmed as current."))
    return redirect("directory:person_detail", pk=person.pk)


@require_POST
def channel_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a checked channel to a person (her coordinator, herself, or the Secretariat)."""
    person = get_object_or_404(
        Person.objects.restrict(request.user, "change").select_related("institution__state"), pk=pk
    )
    form = ChannelForm(request.POST)
    if form.is_valid():
        try:
            actions.add_channel(actor=signed_in_user(request), person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The channel was added."))
            return redirect("directory:person_detail", pk=person.pk)
    return render(request, "directory/channel_form.html", {"person": person, "form": form}, status=400)


@login_not_required
def person_confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click confirmation link of a re-attestation reminder: the signed token is the credential."""
    try:
        person = attestation.person_for_token(token)
    except (signing.BadSignature, Person.DoesNotExist, ValueError):
        return render(request, "directory/person_confirm_link.html", {"state": "invalid"}, status=404)
    if request.method == "POST":
        attestation.confirm_by_link(person)
        return render(request, "directory/person_confirm_link.html", {"state": "done", "person": person})
    return render(request, "directory/person_confirm_link.html", {"state": "ask", "person": person})
