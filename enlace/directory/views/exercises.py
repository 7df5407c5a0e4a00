"""Reachability exercise pages: list, launch, results, report and the signed acknowledgement."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.csvsafe import safe_cell
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory import exercises as exercise_actions
from enlace.directory.forms import (
    ExerciseForm,
)
from enlace.directory.models import (
    Exercise,
    ExerciseTarget,
)


class ExerciseListView(PolicyListView):
    """Reachability exercises, for the Secretariat."""

    model = Exercise
    template_name = "directory/exercise_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network").prefetch_related("states")


class ExerciseCreateView(View):
    """Launch a reachability exercise over e-mail."""

    template_name = "directory/exercise_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Exercise).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ExerciseForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExerciseForm(request.POST)
        if form.is_valid():
            exercise = exercise_actions.launch(actor=signed_in_user(request), **form.cleaned_data)
            messages.success(request, _("The exercise has started: the messages are being sent."))
            return redirect("directory:exercise_detail", pk=exercise.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ExerciseDetailView(PolicyDetailView):
    """Results of an exercise: per state and per message."""

    model = Exercise
    template_name = "directory/exercise_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["results"] = exercise_actions.results(self.object)
        context["targets"] = self.object.targets.select_related("state")
        return context


def exercise_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The results of an exercise as CSV, one row per message."""
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["state", "level", "name", "email", "sent_at", "acknowledged_at", "answer_seconds", "escalated_at"])
    for t in exercise.targets.select_related("state"):
        row = [t.state.iso2, t.level, t.name, t.email, t.sent_at, t.acknowledged_at, t.answer_seconds, t.escalated_at]
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="enlace-exercise-{exercise.pk}.csv"'
    return response


@login_not_required
def exercise_ack(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an exercise message: no sign-in, the signed token proves who it was sent to.

    A GET only shows a button (mail scanners follow links); the POST records the answer, once.
    """
    try:
        target = exercise_actions.target_for_token(token)
    except (signing.BadSignature, Exercise.DoesNotExist, ExerciseTarget.DoesNotExist, ValueError):
        return render(request, "directory/exercise_ack.html", {"state": "invalid"}, status=404)
    with translation.override(target.language):
        if request.method == "POST":
            done = exercise_actions.acknowledge(target)
            return render(
                request, "directory/exercise_ack.html", {"state": "done" if done else "already", "target": target}
            )
        state = "already" if target.acknowledged_at else "ask"
        return render(request, "directory/exercise_ack.html", {"state": state, "target": target})
