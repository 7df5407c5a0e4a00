"""IPO Americas pages: the events registry and its calendar, lessons and their workflow, the public catalogue."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory.forms import add_errors
from enlace.directory.models import Designation, DesignationStatus
from enlace.ipo import actions
from enlace.ipo.actions import STEPS, WrongTransition
from enlace.ipo.filters import LessonFilter, MajorEventFilter
from enlace.ipo.forms import DocumentLinkForm, EventForm, LessonForm, StepForm
from enlace.ipo.models import DocumentLink, Lesson, MajorEvent

MAJOR_EVENTS_NETWORK = "major-events-maritime"


def focal_points(user: Any, event: MajorEvent) -> QuerySet[Designation]:
    """The host state's active designations in the major events network, as the directory lets `user` see them."""
    return (
        Designation.objects.visible_to(user)
        .filter(network__code=MAJOR_EVENTS_NETWORK, state_id=event.host_state_id, status=DesignationStatus.ACTIVE)
        .select_related("person__institution", "institution")
    )


class EventListView(PolicyListView):
    """The registry: events the user may see, by state and year, with filters."""

    model = MajorEvent
    template_name = "ipo/event_list.html"
    filterset_class = MajorEventFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("host_state").order_by("host_state__iso2", "-starts_on", "id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(MajorEvent).can(self.request.user, "add")
        return context


class EventDetailView(PolicyDetailView):
    """One event, its focal points (directory policy) and the lessons the user may read about it."""

    model = MajorEvent
    template_name = "ipo/event_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("host_state")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, event = self.request.user, self.object
        policy = policy_for(MajorEvent)
        context["focal_points"] = focal_points(user, event)
        context["lessons"] = Lesson.objects.visible_to(user).filter(event=event)
        context["can_change"] = policy.can(user, "change", event)
        context["can_validate"] = not event.validated and policy.can(user, "validate", event)
        context.update(link_context(user, event=event))
        return context


def link_context(user: Any, *, action: str = "view", **target: Any) -> dict[str, Any]:
    """The library documents linked to an event or a lesson that `user` may read (others are not even named),
    and the Secretariat's form to link one more."""
    links = DocumentLink.objects.restrict(user, action).filter(**target).select_related("work")
    can_link = action == "view" and policy_for(DocumentLink).can(user, "add")
    return {
        "document_links": links,
        "can_link": can_link,
        "can_unlink": can_link and policy_for(DocumentLink).can(user, "delete"),
        "link_form": DocumentLinkForm(user=user) if can_link else None,
    }


def _link(request: HttpRequest, **target: Any) -> HttpResponse:
    form = DocumentLinkForm(request.POST, user=request.user)
    destination = target.get("event") or target.get("lesson")
    if form.is_valid():
        try:
            actions.link_document(actor=signed_in_user(request), **form.cleaned_data, **target)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The document is linked."))
            return redirect(destination_url(destination))
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


def destination_url(target: Any) -> str:
    """The page of an event or a lesson."""
    from django.urls import reverse

    name = "ipo:event_detail" if isinstance(target, MajorEvent) else "ipo:lesson_detail"
    return reverse(name, args=[target.pk])


@require_POST
def event_document_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a library document to an event (Secretariat)."""
    if not policy_for(DocumentLink).can(request.user, "add"):
        raise Http404
    return _link(request, event=get_object_or_404(MajorEvent.objects.visible_to(request.user), pk=pk))


@require_POST
def lesson_document_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a library document to a lesson (Secretariat)."""
    if not policy_for(DocumentLink).can(request.user, "add"):
        raise Http404
    return _link(request, lesson=get_object_or_404(Lesson.objects.visible_to(request.user), pk=pk))


@require_POST
def document_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a document link (Secretariat)."""
    link = get_object_or_404(DocumentLink.objects.restrict(request.user, "delete").select_related("work"), pk=pk)
    destination = destination_url(link.event or link.lesson)
    actions.unlink_document(actor=signed_in_user(request), link=link)
    messages.success(request, _("The link is removed."))
    return redirect(destination)


class EventFormView(View):
    """Create an event (Secretariat, or a coordinator's proposal for her state) or change one (Secretariat)."""

    template_name = "ipo/event_form.html"

    def _event(self, request: HttpRequest, pk: int | None) -> MajorEvent | None:
        if pk is None:
            if not policy_for(MajorEvent).can(request.user, "add"):
                raise Http404
            return None
        return get_object_or_404(MajorEvent.objects.restrict(request.user, "change"), pk=pk)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        event = self._event(request, pk)
        form = EventForm(instance=event, author=signed_in_user(request))
        return render(request, self.template_name, {"form": form, "event": event})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        event = self._event(request, pk)
        user = signed_in_user(request)
        form = EventForm(request.POST, instance=event or MajorEvent(), author=user)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                saved = actions.save_event(actor=user, event=event, **fields)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The event is saved."))
                return redirect("ipo:event_detail", pk=saved.pk)
        return render(request, self.template_name, {"form": form, "event": event}, status=400)


@require_POST
def event_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat validates a proposed event."""
    event = get_object_or_404(MajorEvent.objects.restrict(request.user, "validate"), pk=pk)
    try:
        actions.validate_event(actor=signed_in_user(request), event=event)
    except WrongTransition as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    messages.success(request, _("The event is validated."))
    return redirect("ipo:event_detail", pk=pk)


def _month(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not 1900 <= year <= 2200:
            raise ValueError
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


Day = tuple[datetime.date | None, list[MajorEvent]]


def month_weeks(events: list[MajorEvent], first: datetime.date) -> list[list[Day]]:
    """The month as weeks of (day, events under way that day); days outside the month are None."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row: list[Day] = []
        for day in week:
            if day.month != first.month:
                row.append((None, []))
            else:
                row.append((day, [e for e in events if e.starts_on <= day <= e.ends_on]))
        weeks.append(row)
    return weeks


class CalendarView(View):
    """A month of events as an accessible table; previous and next months by link (HTMX swaps the table)."""

    template_name = "ipo/event_calendar.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy_for(MajorEvent).can(request.user, "view"):
            raise Http404
        first = _month(request)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        events = list(
            MajorEvent.objects.visible_to(request.user)
            .filter(starts_on__lte=last, ends_on__gte=first)
            .select_related("host_state")
            .order_by("starts_on", "id")
        )
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        context = {"first": first, "weeks": month_weeks(events, first), "events": events,
                   "previous": previous, "following": following,
                   "weekdays": [WEEKDAYS[i] for i in range(7)]}  # fmt: skip
        htmx = getattr(request, "htmx", False) and not request.htmx.boosted  # type: ignore[attr-defined]
        return render(request, f"{self.template_name}#month" if htmx else self.template_name, context)


def allowed_steps(user: Any, lesson: Lesson) -> list[str]:
    """The workflow steps the lesson's stage allows and the user may take."""
    policy = policy_for(Lesson)
    return [s for s, (sources, _t, _f) in STEPS.items() if lesson.stage in sources and policy.can(user, s, lesson)]


def event_visible(user: Any, lesson: Lesson) -> bool:
    """Whether the lesson's event may be linked for this reader."""
    return lesson.event_id is not None and MajorEvent.objects.visible_to(user).filter(pk=lesson.event_id).exists()


class LessonListView(PolicyListView):
    """Lessons the user may read, searchable by text, with filters."""

    model = Lesson
    template_name = "ipo/lesson_list.html"
    filterset_class = LessonFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("event", "program", "state")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(Lesson).can(self.request.user, "add")
        return context


class LessonDetailView(PolicyDetailView):
    """One lesson and, for the Secretariat, the workflow steps its stage allows."""

    model = Lesson
    template_name = "ipo/lesson_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("event", "program", "state", "submitted_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["steps"] = allowed_steps(self.request.user, self.object)
        context["step_form"] = StepForm()
        context["event_visible"] = event_visible(self.request.user, self.object)
        context.update(link_context(self.request.user, lesson=self.object))
        return context


class LessonCreateView(View):
    """Submit an observation (coordinators, focal points, the Secretariat)."""

    template_name = "ipo/lesson_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Lesson).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"event": request.GET.get("event")} if request.GET.get("event", "").isdigit() else {}
        return render(
            request, self.template_name, {"form": LessonForm(author=signed_in_user(request), initial=initial)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = LessonForm(request.POST, author=user)
        if form.is_valid():
            try:
                lesson = actions.submit_lesson(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Your observation is submitted; the Secretariat will review it."))
                return redirect("ipo:lesson_detail", pk=lesson.pk)
        return render(request, self.template_name, {"form": form}, status=400)


@require_POST
def lesson_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one workflow step (Secretariat); a step the stage does not allow answers 409, bad input 400."""
    if step not in STEPS:
        raise Http404
    lesson = get_object_or_404(Lesson.objects.restrict(request.user, step), pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _refused(request, lesson, form, 400)
    try:
        actions.advance_lesson(actor=signed_in_user(request), lesson=lesson, step=step, **form.step_fields(step))
    except WrongTransition as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    except ValidationError as exc:
        add_errors(form, exc)
        return _refused(request, lesson, form, 400)
    messages.success(request, _("The lesson moved on to its next stage."))
    return redirect("ipo:lesson_detail", pk=pk)


def _refused(request: HttpRequest, lesson: Lesson, form: StepForm, status: int) -> HttpResponse:
    policy = policy_for(Lesson)
    steps = [
        s for s, (sources, _t, _f) in STEPS.items() if lesson.stage in sources and policy.can(request.user, s, lesson)
    ]
    context = {"object": lesson, "lesson": lesson, "steps": steps, "step_form": form, "event_visible": True}
    return render(request, "ipo/lesson_detail.html", context, status=status)


class PublicEventListView(PolicyListView):
    """Public events, for anyone."""

    model = MajorEvent
    policy_action = "public"
    template_name = "ipo/public_event_list.html"
    filterset_class = MajorEventFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("host_state").order_by("-starts_on", "id")


class PublicEventDetailView(PolicyDetailView):
    """One public event, with its public lessons."""

    model = MajorEvent
    policy_action = "public"
    template_name = "ipo/public_event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lessons"] = Lesson.objects.restrict(self.request.user, "public").filter(event=self.object)
        context.update(link_context(self.request.user, action="public", event=self.object))
        return context


class PublicLessonListView(PolicyListView):
    """Public lessons, for anyone, searchable."""

    model = Lesson
    policy_action = "public"
    template_name = "ipo/public_lesson_list.html"
    filterset_class = LessonFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("program", "state")


class PublicLessonDetailView(PolicyDetailView):
    """One public lesson (its event is linked only when public too)."""

    model = Lesson
    policy_action = "public"
    template_name = "ipo/public_lesson_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(link_context(self.request.user, action="public", lesson=self.object))
        public_events = MajorEvent.objects.restrict(self.request.user, "public")
        context["public_event"] = (
            public_events.filter(
                pk=self.object.event_id,
            ).first()
            if self.object.event_id
            else None
        )
        return context


public_event_list = login_not_required(PublicEventListView.as_view())
public_event_detail = login_not_required(PublicEventDetailView.as_view())
public_lesson_list = login_not_required(PublicLessonListView.as_view())
public_lesson_detail = login_not_required(PublicLessonDetailView.as_view())
