"""Pages: the user's profile, her API tokens, and account administration for the Secretariat."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts import actions
from enlace.accounts.filters import UserFilter
from enlace.accounts.forms import ApiTokenForm, MfaResetForm, ProfileForm
from enlace.accounts.models import ApiToken, User, signed_in_user
from enlace.common.generic import PolicyListView


class ProfileView(View):
    """Show and edit the signed-in user's profile."""

    template_name = "accounts/profile.html"

    def _user(self, request: HttpRequest) -> User:
        return get_object_or_404(User.objects.restrict(request.user, "change"), pk=request.user.pk)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "time_zone": user.time_zone,
            }
        )
        return self._render(request, user, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        form = ProfileForm(request.POST)
        if form.is_valid():
            actions.update_profile(user, actor=signed_in_user(request), **form.cleaned_data)
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
        return self._render(request, user, form, status=400)

    def _render(self, request: HttpRequest, user: User, form: ProfileForm, status: int = 200) -> HttpResponse:
        roles = user.role_assignments.select_related("state", "program")
        context = {"profile": user, "form": form, "roles": roles}
        return render(request, self.template_name, context, status=status)


NEW_TOKEN_SESSION_KEY = "enlace_new_api_token"  # noqa: S105  (a session key name, not a secret)


class ApiTokenListView(PolicyListView):
    """The signed-in user's API tokens, the form to create one, and a just-created secret (once)."""

    model = ApiToken
    template_name = "accounts/apitoken_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ApiTokenForm())
        # Shown on this one page load, then gone from the session for good.
        context["new_secret"] = self.request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        return context


@method_decorator(reauthentication_required, name="post")
class ApiTokenCreateView(View):
    """Create a token (after recent re-authentication), then show its secret once on the list page.

    A plain POST, redirect, GET: after allauth's re-authentication replays the POST, the browser still
    ends on the list page, where reloading creates nothing.
    """

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            me = signed_in_user(request)
            try:
                _token, secret = actions.create_api_token(me, actor=me, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session[NEW_TOKEN_SESSION_KEY] = secret
                return redirect("accounts:apitoken_list")
        context = {"form": form, "object_list": ApiToken.objects.visible_to(request.user)}
        return render(request, "accounts/apitoken_list.html", context, status=400)


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = get_object_or_404(ApiToken.objects.restrict(request.user, "delete"), pk=pk)
    actions.revoke_api_token(token, actor=signed_in_user(request))
    if getattr(request, "htmx", False):
        context = {"form": ApiTokenForm(), "object_list": ApiToken.objects.visible_to(request.user)}
        return render(request, "accounts/apitoken_list.html#results", context)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:apitoken_list")


class UserListView(PolicyListView):
    """All accounts, for Secretariat administrators (everyone else sees only herself)."""

    model = User
    template_name = "accounts/user_list.html"
    filterset_class = UserFilter
    policy_action = "manage"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("institution__state").prefetch_related("role_assignments")


@method_decorator(reauthentication_required, name="post")
class MfaResetView(View):
    """Remove a user's second factors, with a reason, for a Secretariat administrator."""

    template_name = "accounts/user_mfa_reset.html"

    def _target(self, request: HttpRequest, pk: int) -> User:
        return get_object_or_404(User.objects.restrict(request.user, "reset_mfa"), pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"target": self._target(request, pk), "form": MfaResetForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self._target(request, pk)
        form = MfaResetForm(request.POST)
        if form.is_valid():
            actions.reset_mfa(target, actor=signed_in_user(request), reason=form.cleaned_data["reason"])
            messages.success(request, _("The second factors of %(user)s were removed.") % {"user": target})
            return redirect("accounts:user_list")
        return render(request, self.template_name, {"target": target, "form": form}, status=400)
