"""Network pages: list, detail, reachable now, state access log and exports."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import signed_in_user
from enlace.audit.actions import record
from enlace.audit.models import AuditRecord
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.common.ratelimit import under_rate_limit
from enlace.directory import actions, exports
from enlace.directory.models import (
    Channel,
    Designation,
    DesignationStatus,
    Network,
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
