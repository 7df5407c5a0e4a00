"""Reachability exercise pages: list, launch or schedule, results, reports and the signed acknowledgement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory import exercise_reports
from enlace.directory import exercises as exercise_actions
from enlace.directory.forms import ExerciseForm, add_errors
from enlace.directory.models import Exercise, ExerciseStatus, ExerciseTarget, Network

TREND_EXERCISES = 12  # how many of a network's latest exercises the report over time covers


class ExerciseListView(PolicyListView):
    """Reachability exercises, for the Secretariat."""

    model = Exercise
    template_name = "directory/exercise_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network").prefetch_related("states")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["networks"] = Network.objects.visible_to(self.request.user)
        return context


class ExerciseCreateView(View):
    """Launch a reachability exercise now, or schedule it."""

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
            try:
                exercise = exercise_actions.launch(actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if exercise.status == ExerciseStatus.SCHEDULED:
                    messages.success(request, _("The exercise is scheduled."))
                else:
                    messages.success(request, _("The exercise has started: the messages are being sent."))
                return redirect("directory:exercise_detail", pk=exercise.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def _targets(exercise: Exercise) -> Any:
    return exercise.targets.select_related("state").prefetch_related("deliveries")


class ExerciseDetailView(PolicyDetailView):
    """Results of an exercise: per state and per message, with each channel's delivery."""

    model = Exercise
    template_name = "directory/exercise_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        results = exercise_actions.results(self.object)
        context["results"] = results
        context["answered"] = sum(r.answered for r in results)
        context["unreachable"] = sum(r.unreachable for r in results)
        context["targets"] = _targets(self.object)
        context["can_change"] = policy_for(Exercise).can(self.request.user, "change", self.object)
        return context


def _exercise(request: HttpRequest, pk: int, action: str = "view") -> Exercise:
    return get_object_or_404(Exercise.objects.restrict(request.user, action).select_related("network"), pk=pk)


@require_POST
def exercise_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a running exercise by hand."""
    exercise = _exercise(request, pk, "change")
    if exercise_actions.close(actor=signed_in_user(request), exercise=exercise, reason="closed by hand"):
        messages.success(request, _("The exercise is closed; silent states count as unreachable."))
    else:
        messages.error(request, _("Only a running exercise can be closed."))
    return redirect("directory:exercise_detail", pk=pk)


@require_POST
def exercise_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a scheduled exercise."""
    exercise = _exercise(request, pk, "change")
    try:
        exercise_actions.cancel(actor=signed_in_user(request), exercise=exercise)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The exercise is cancelled."))
    return redirect("directory:exercise_detail", pk=pk)


def _download(request: HttpRequest, content: str | bytes, name: str, content_type: str, **audit: Any) -> HttpResponse:
    record("directory.exercise_report.export", actor=request.user, changes={"file": name, **audit})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def exercise_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The results of an exercise as CSV (one row per message) or PDF (per state and per message)."""
    exercise = _exercise(request, pk)
    targets = list(_targets(exercise))
    name = f"enlace-exercise-{exercise.pk}.{fmt}"
    if fmt == "csv":
        return _download(request, exercise_reports.exercise_csv(targets), name, "text/csv; charset=utf-8", id=pk)
    if fmt == "pdf":
        pdf = exercise_reports.exercise_pdf(exercise, exercise_actions.results(exercise), targets)
        return _download(request, pdf, name, "application/pdf", id=pk)
    raise Http404


def _trend_exercises(request: HttpRequest, network: Network) -> list[Exercise]:
    latest = (
        Exercise.objects.visible_to(request.user)
        .filter(network=network, status__in=[ExerciseStatus.RUNNING, ExerciseStatus.CLOSED])
        .prefetch_related("states", Prefetch("targets", queryset=ExerciseTarget.objects.select_related("state")))
        .order_by("-started_at")[:TREND_EXERCISES]
    )
    return list(latest)


def exercise_trends(request: HttpRequest, code: str) -> HttpResponse:
    """A network's latest exercises over time: answer rate, time to answer, and each state's record."""
    if not policy_for(Exercise).can(request.user, "view"):
        raise Http404
    network = get_object_or_404(Network.objects.visible_to(request.user), code=code)
    summaries, states = exercise_actions.trends(_trend_exercises(request, network))
    context = {"network": network, "summaries": summaries, "states": states}
    return render(request, "directory/exercise_trends.html", context)


def exercise_trends_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The report over time as CSV or PDF."""
    if not policy_for(Exercise).can(request.user, "view") or fmt not in {"csv", "pdf"}:
        raise Http404
    network = get_object_or_404(Network.objects.visible_to(request.user), code=code)
    summaries, states = exercise_actions.trends(_trend_exercises(request, network))
    name = f"enlace-exercises-{network.code}.{fmt}"
    if fmt == "csv":
        content: str | bytes = exercise_reports.trends_csv(summaries, states)
        return _download(request, content, name, "text/csv; charset=utf-8", network=network.code)
    content = exercise_reports.trends_pdf(network.name, summaries, states)
    return _download(request, content, name, "application/pdf", network=network.code)


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
        if target.acknowledged_at:
            state = "already"
        elif target.exercise.status != ExerciseStatus.RUNNING:
            state = "closed"
        else:
            state = "ask"
        return render(request, "directory/exercise_ack.html", {"state": state, "target": target})
