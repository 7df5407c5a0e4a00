"""Participant pages: an activity's participants (list, CSV export, attendance import with preview, certificates),
counts per program and period, the gender-gap dashboard, and the public certificate check."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from enlace.accounts.models import User, signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common import charts
from enlace.common.csvsafe import safe_cell
from enlace.common.middleware import client_ip
from enlace.common.ratelimit import under_rate_limit
from enlace.workplan import participant_actions
from enlace.workplan.attendance import AttendanceError, read_sheet
from enlace.workplan.certificates import certificate_pdf
from enlace.workplan.models import Activity, Program
from enlace.workplan.participant_counts import count_participants, filtered_counts, program_gender, program_shares
from enlace.workplan.participant_forms import AttendanceUploadForm, GenderTargetForm, PeriodForm
from enlace.workplan.participants import Certificate, Participation

VERIFY_LIMIT = 60  # certificate checks per address per hour
PENDING_SECONDS = 3600
MIN_CHART_GROUPS = 10


def _can_see_participants(user: Any) -> bool:
    return policy_for(Participation).can(user, "view")


def _activity(request: HttpRequest, pk: int, action: str = "view") -> Activity:
    """The activity, if the user may see participants at all and `action` the activity; 404 otherwise."""
    if not _can_see_participants(request.user):
        raise Http404
    return get_object_or_404(Activity.objects.restrict(request.user, action).select_related("program"), pk=pk)


def visible_participations(user: Any) -> QuerySet[Participation]:
    """The participations the user may see."""
    return Participation.objects.restrict(user, "view")


def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity's participants the user may see (a coordinator: her states' people); the read is audited."""
    user = signed_in_user(request)
    activity = _activity(request, pk)
    participations = list(
        visible_participations(user)
        .filter(activity=activity)
        .select_related("participant__state", "certificate")
        .order_by("participant__full_name", "pk")
    )
    record("participation.view", actor=user, obj=activity, changes={"participants": len(participations)})
    context = {
        "activity": activity,
        "participations": participations,
        "can_change": policy_for(Activity).can(user, "change", activity),
    }
    return render(request, "workplan/participant_list.html", context)


def participant_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The participants the user may see as CSV, every cell safe from spreadsheet formulas; audited."""
    user = signed_in_user(request)
    activity = _activity(request, pk)
    participations = (
        visible_participations(user)
        .filter(activity=activity)
        .select_related("participant__state")
        .order_by("participant__full_name", "pk")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "sex", "state", "institution", "institution type", "status"])
    count = 0
    for p in participations:
        person = p.participant
        state = person.state.iso2 if person.state else ""
        row = [person.full_name, person.email, person.sex, state, person.institution, person.institution_kind, p.status]
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    record("participation.export", actor=user, obj=activity, changes={"participants": count})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{activity.pk}.csv"'
    return response


def _pending_key(user: User, activity: Activity, token: str) -> str:
    return f"workplan:attendance:{user.pk}:{activity.pk}:{token}"


def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a list → preview each row and its problems → confirm: every row is written, or none."""
    user = signed_in_user(request)
    activity = _activity(request, pk, "change")
    context: dict[str, Any] = {"activity": activity, "form": AttendanceUploadForm()}
    if request.method != "POST":
        return render(request, "workplan/attendance_import.html", context)
    if "token" in request.POST:
        return _confirm(request, user, activity, context)
    form = AttendanceUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "workplan/attendance_import.html", context, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        sheet = read_sheet(data, upload.name)
    except AttendanceError as exc:
        context["error"] = exc.message
        return render(request, "workplan/attendance_import.html", context, status=400)
    context["sheet"] = sheet
    if sheet.ok:
        token = secrets.token_urlsafe(16)
        cache.set(_pending_key(user, activity, token), {"data": data, "name": upload.name}, PENDING_SECONDS)
        context["token"] = token
    return render(request, "workplan/attendance_import.html", context, status=200 if sheet.ok else 400)


def _confirm(request: HttpRequest, user: User, activity: Activity, context: dict[str, Any]) -> HttpResponse:
    token = str(request.POST.get("token", ""))
    pending = cache.get(_pending_key(user, activity, token)) if token else None
    if pending is None:
        context["error"] = _("The preview has expired. Upload the list again.")
        return render(request, "workplan/attendance_import.html", context, status=400)
    try:
        result = participant_actions.import_attendance(
            actor=user, activity=activity, data=pending["data"], filename=pending["name"]
        )
    except participant_actions.ImportRefused as exc:
        context["error"] = str(exc)
        return render(request, "workplan/attendance_import.html", context, status=400)
    cache.delete(_pending_key(user, activity, token))
    messages.success(
        request,
        _("Attendance imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("workplan:participant_list", pk=activity.pk)


@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue certificates to everyone who attended or completed the activity."""
    user = signed_in_user(request)
    activity = _activity(request, pk, "change")
    issued = participant_actions.issue_certificates(actor=user, activity=activity)
    count = len(issued)
    messages.success(
        request,
        ngettext("%(count)d certificate issued.", "%(count)d certificates issued.", count) % {"count": count},
    )
    return redirect("workplan:participant_list", pk=activity.pk)


def _verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("workplan:certificate_verify", args=[certificate.code]))


def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate as PDF, in the participant's language, for those who may see the participation."""
    user = signed_in_user(request)
    certificate = get_object_or_404(
        Certificate.objects.restrict(user, "view").select_related(
            "participation__participant", "participation__activity__program"
        ),
        code=code,
    )
    record("certificate.download", actor=user, obj=certificate)
    response = HttpResponse(
        certificate_pdf(certificate, _verify_url(request, certificate)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.pk}.pdf"'
    return response


@login_not_required
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone may check a certificate by its code: kind, name, activity, dates and issue date; nothing else."""
    if not under_rate_limit(f"workplan-verify:{client_ip(request)}", VERIFY_LIMIT, 3600):
        return HttpResponse(_("Too many checks in the last hour. Try again later."), status=429)
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("participation__participant", "participation__activity")
        .first()
    )
    if certificate is None:
        return render(request, "workplan/certificate_verify.html", {"certificate": None}, status=404)
    return render(request, "workplan/certificate_verify.html", {"certificate": certificate})


def participant_counts(request: HttpRequest) -> HttpResponse:
    """Participants by sex, state and institution type for a program and a period (activities starting in it)."""
    user = signed_in_user(request)
    if not _can_see_participants(user):
        raise Http404
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        counts, status = count_participants(visible_participations(user).none()), 400
    else:
        counts, status = filtered_counts(user, **(form.cleaned_data if form.is_bound else {})), 200
    record("participation.count", actor=user, changes={"filters": request.GET.dict(), "total": counts.total})
    return render(request, "workplan/participant_counts.html", {"form": form, "counts": counts}, status=status)


def gender_dashboard(request: HttpRequest) -> HttpResponse:
    """Every program: women among those who attended or completed, this year and overall, against its target."""
    user = signed_in_user(request)
    if not _can_see_participants(user):
        raise Http404
    return render(request, "workplan/gender_dashboard.html", {"programs": program_shares(user)})


def gender_program(request: HttpRequest, code: str) -> HttpResponse:
    """One program's share of women by year against its target, as a chart and a table; the Secretariat sets the
    target here."""
    user = signed_in_user(request)
    if not _can_see_participants(user):
        raise Http404
    program = get_object_or_404(Program.objects.all(), code=code)
    can_set = participant_actions.can_set_gender_target(user, program)
    form = GenderTargetForm(initial={"from_year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        if not can_set:
            raise Http404
        form = GenderTargetForm(request.POST)
        if form.is_valid():
            try:
                participant_actions.set_gender_target(actor=user, program=program, **form.cleaned_data)
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("The target was saved."))
            return redirect("workplan:gender_program", code=program.code)
        status = 400
    targets, years = program_gender(user, program)
    # Empty groups on the right keep a chart of one or two years from being drawn at giant scale.
    padding = max(0, MIN_CHART_GROUPS - len(years))
    chart = charts.columns(
        [str(y.year) for y in years] + [""] * padding,
        [[round(y.percent) for y in years] + [0] * padding, [y.target or 0 for y in years] + [0] * padding],
    )
    context = {
        "program": program,
        "years": years,
        "targets": targets,
        "chart": chart,
        "form": form if can_set else None,
    }
    return render(request, "workplan/gender_program.html", context, status=status)
