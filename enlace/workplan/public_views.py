"""The public programs page: each CICTE program and its delivered activities marked public, without personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from enlace.workplan import iati
from enlace.workplan.models import Activity, Program


@login_not_required
def public_programs(request: HttpRequest) -> HttpResponse:
    """Programs with their public delivered activities: title, type, modality, dates, member states only."""
    activities = (
        Activity.objects.restrict(request.user, "public")
        .only("title", "kind", "modality", "starts_on", "ends_on", "program_id", "status")
        .prefetch_related("states")
        .order_by("-starts_on", "pk")
    )
    by_program: dict[int, list[Activity]] = {}
    for activity in activities:
        by_program.setdefault(activity.program_id, []).append(activity)
    programs = [(program, by_program.get(program.pk, [])) for program in Program.objects.order_by("position")]
    return render(request, "workplan/public_programs.html", {"programs": programs})


@login_not_required
def public_iati(request: HttpRequest) -> HttpResponse:
    """The public activities as an IATI 2.03 file at a stable address, for the IATI Registry to fetch: the same
    activities as the public programs page (delivered, marked public), with their partners and budgets; their
    transactions and participant counts only as far as the funding and participant policies show them (to the
    public: not at all)."""
    activities = list(iati.export_queryset(Activity.objects.restrict(request.user, "public")))
    response = HttpResponse(
        iati.serialize(iati.build(activities, viewer=request.user)), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="enlace-iati-public.xml"'
    return response
