"""Pages of the networks directory: networks, reachable now, people, designations, access log."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.audit.models import AuditRecord
from enlace.common.csvsafe import safe_cell
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.common.ratelimit import under_rate_limit
from enlace.directory import actions, applications, attestation, exports, freshness
from enlace.directory import exercises as exercise_actions
from enlace.directory.filters import DesignationFilter, ExpertFilter
from enlace.directory.forms import (
    ApplicationForm,
    CertificationForm,
    ChannelForm,
    DecisionForm,
    ExerciseForm,
    NominationForm,
    PersonForm,
    ReasonForm,
)
from enlace.directory.models import (
    Channel,
    Designation,
    DesignationStatus,
    Exercise,
    ExerciseTarget,
    Expert,
    MembershipApplication,
    Network,
    Person,
)
from enlace.directory.policies import coordinated_state_ids
from enlace.directory.reachability import ROLE_ORDER, call_list, channels_by_owner
from enlace.geo.models import MemberState


class NetworkListView(PolicyListView):
    """The networks, with the states taking part in each."""

    model = Network
    template_name = "directory/network_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("program").prefetch_related("participations__state")


class NetworkDetailView(PolicyDetailView):
    """One network: its description and its participating states, each linking to 'reachable now'."""

    model = Network
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "directory/network_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visible = Designation.objects.visible_to(self.request.user).filter(network=self.object)
        reachable_states = set(visible.values_list("state_id", flat=True))
        context["participations"] = [
            (p, p.state_id in reachable_states)
            for p in self.object.participations.filter(left_on__isnull=True).select_related("state")
        ]
        return context


def reachable_now(request: HttpRequest, code: str, iso2: str) -> HttpResponse:
    """Whom to call right now in a network for a state: ordered, with local time and on-call status."""
    network = get_object_or_404(Network.objects.visible_to(request.user), code=code)
    state = get_object_or_404(MemberState.objects.visible_to(request.user), iso2=iso2.upper())
    designations = Designation.objects.visible_to(request.user).filter(network=network, state=state)
    if not designations.exists():
        raise Http404
    contacts = call_list(designations, Channel.objects.visible_to(request.user))
    record(
        "directory.reachable_now.view",
        actor=request.user,
        object_type="directory.network",
        object_id=network.code,
        changes={"state": state.iso2, "network": network.code, "shown": [c.designation.pk for c in contacts]},
    )
    first = next((c for c in contacts if c.on_call), None)
    context = {"network": network, "state": state, "contacts": contacts, "first": first, "now": timezone.now()}
    return render(request, "directory/reachable_now.html", context)


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
                _add_errors(form, exc)
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The channel was added."))
            return redirect("directory:person_detail", pk=person.pk)
    return render(request, "directory/channel_form.html", {"person": person, "form": form}, status=400)


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
                _add_errors(form, exc)
            else:
                messages.success(request, _("The nomination was sent to the Secretariat for validation."))
                return redirect("directory:designation_list")
        return render(request, self.template_name, {"form": form}, status=400)


def _add_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


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


def state_access_log(request: HttpRequest, iso2: str) -> HttpResponse:
    """Who viewed or exported a state's contacts: for that state's coordinator and the Secretariat."""
    state = get_object_or_404(MemberState.objects.visible_to(request.user), iso2=iso2.upper())
    entries = AuditRecord.objects.restrict(request.user, "state_access_log").filter(changes__state=state.iso2)
    if not (getattr(request.user, "is_secretariat", False) or state.pk in coordinated_state_ids(request.user)):
        raise Http404
    entries = entries.order_by("-seq")[:200]
    return render(request, "directory/state_access_log.html", {"state": state, "entries": entries})


EXPORT_LIMIT = 30  # exports per user per hour
EXPORT_TYPES = {
    "vcf": ("text/vcard; charset=utf-8", "vcf"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "pdf": ("application/pdf", "pdf"),
}


def network_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """Export the contacts of a network (optionally one state) the user may see; audited and watermarked."""
    network = get_object_or_404(Network.objects.visible_to(request.user), code=code)
    if fmt not in EXPORT_TYPES:
        raise Http404
    designations = Designation.objects.visible_to(request.user).filter(network=network, status=DesignationStatus.ACTIVE)
    state_code = request.GET.get("state", "").upper()
    if state_code:
        designations = designations.filter(state__iso2=state_code)
    designations = designations.select_related("network", "state", "person__institution", "institution")
    if not designations.exists():
        raise Http404
    me = signed_in_user(request)
    if not under_rate_limit(f"directory-export:{me.pk}", EXPORT_LIMIT, 3600):
        return HttpResponse(_("Too many exports in the last hour. Try again later."), status=429)
    mark = exports.Watermark.new(me.email, timezone.now())
    channels = channels_by_owner(designations, Channel.objects.visible_to(request.user))
    content_type, extension = EXPORT_TYPES[fmt]
    if fmt == "pdf":
        labels = {"role": _("Role"), "name": _("Name"), "channels": _("How to reach")}
        ordered = sorted(
            designations, key=lambda d: (d.state.name, d.institution_id is not None, ROLE_ORDER.get(d.role, 9), d.pk)
        )
        body: str | bytes = exports.pdf_directory(network.name, ordered, channels, mark, labels)
    else:
        body = (exports.vcards if fmt == "vcf" else exports.csv_rows)(designations, channels, mark)
    actions.record_export(designations, actor=me, network=network, fmt=fmt, export_id=mark.export_id)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="enlace-{network.code}-{mark.export_id[:8]}.{extension}"'
    return response


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


CERTIFICATION_WARNING_DAYS = 60


class ExpertListView(PolicyListView):
    """The regional roster of certified experts and trainers, searchable by the Secretariat."""

    model = Expert
    template_name = "directory/expert_list.html"
    filterset_class = ExpertFilter

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("person__institution__state")
            .prefetch_related("skills", "certifications")
            .distinct()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["warn_before"] = timezone.localdate() + timedelta(days=CERTIFICATION_WARNING_DAYS)
        context["today"] = timezone.localdate()
        return context


class ExpertDetailView(PolicyDetailView):
    """An expert's profile: skills, languages, certifications (with lapse warnings), availability, missions."""

    model = Expert
    template_name = "directory/expert_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("person__institution__state")
            .prefetch_related("skills", "certifications", "missions__state")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["warn_before"] = timezone.localdate() + timedelta(days=CERTIFICATION_WARNING_DAYS)
        context["today"] = timezone.localdate()
        context["can_change"] = policy_for(Expert).can(self.request.user, "change", self.object)
        context["certification_form"] = CertificationForm() if context["can_change"] else None
        return context


def my_expert_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's own roster entry."""
    expert = Expert.objects.visible_to(request.user).filter(person__user=signed_in_user(request)).first()
    if expert is None:
        raise Http404
    return redirect("directory:expert_detail", pk=expert.pk)


@require_POST
def certification_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a certification to an expert (herself or the Secretariat)."""
    expert = get_object_or_404(Expert.objects.restrict(request.user, "change"), pk=pk)
    form = CertificationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_certification(expert, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The certification was added."))
            return redirect("directory:expert_detail", pk=expert.pk)
    return render(request, "directory/certification_form.html", {"expert": expert, "form": form}, status=400)


class ApplicationListView(PolicyListView):
    """Membership applications: the applicant's own, her state's for a coordinator, all for the Secretariat."""

    model = MembershipApplication
    template_name = "directory/application_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("network", "state", "applicant")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_apply"] = policy_for(MembershipApplication).can(self.request.user, "add")
        return context


class ApplicationCreateView(View):
    """A team head applies, with the official letter."""

    template_name = "directory/application_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(MembershipApplication).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ApplicationForm(initial={"network": "csirtamericas"})})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                application = applications.apply(actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied:
                form.add_error("state", _("You may apply only for a team of your own state."))
            else:
                messages.success(request, _("The application was sent to your national coordinator for endorsement."))
                return redirect("directory:application_detail", pk=application.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ApplicationDetailView(PolicyDetailView):
    """One application: its status, the 20-working-day target, and the next step for whoever may take it."""

    model = MembershipApplication
    template_name = "directory/application_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy, user, application = policy_for(MembershipApplication), self.request.user, self.object
        context["due"] = applications.decision_due(application)
        context["can_endorse"] = application.status == "submitted" and policy.can(user, "endorse", application)
        context["can_decide"] = application.status == "endorsed" and policy.can(user, "decide", application)
        context["decision_form"] = DecisionForm() if context["can_decide"] else None
        return context


@require_POST
def application_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    """The state's national coordinator endorses an application."""
    application = get_object_or_404(MembershipApplication.objects.restrict(request.user, "endorse"), pk=pk)
    try:
        applications.endorse(application, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The application is endorsed and goes to the Secretariat."))
    return redirect("directory:application_detail", pk=pk)


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat accepts (the team joins the network) or declines with a reason."""
    application = get_object_or_404(MembershipApplication.objects.restrict(request.user, "decide"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            applications.decide(
                application,
                actor=signed_in_user(request),
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
                meeting_on=form.cleaned_data["meeting_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("directory:application_detail", pk=pk)


def application_document(request: HttpRequest, pk: int) -> FileResponse:
    """The application's letter, always as a download, to those who may see the application."""
    application = get_object_or_404(MembershipApplication.objects.visible_to(request.user), pk=pk)
    record(
        "application.document_download", actor=request.user, obj=application, changes={"state": application.state.iso2}
    )
    response = FileResponse(
        application.document.open("rb"),
        as_attachment=True,
        filename=f"application-{application.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
