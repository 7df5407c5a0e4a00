"""The MISP import page: upload or paste event JSON, see what it would create, then confirm (all or nothing)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.directory.forms import add_errors
from enlace.exchange import misp_import
from enlace.exchange.forms import MispImportForm
from enlace.exchange.indicator_actions import warnings_for
from enlace.exchange.indicators import IndicatorType
from enlace.exchange.models import Alert, Indicator, Tlp

PREVIEW_ROWS = 500  # indicators listed per event; the count says how many more


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def preview_rows(plan: misp_import.Plan) -> list[dict[str, Any]]:
    """What the page shows of a plan: each event's alert and indicators with their warninglist hits."""
    rows = []
    for event in plan.events:
        indicators = []
        for item in event.items[:PREVIEW_ROWS]:
            kind = item.type or ""
            indicators.append(
                {
                    "type": IndicatorType(kind).label,
                    "value": item.value,
                    "actionable": item.actionable,
                    "warnings": warnings_for(Indicator(type=kind, value=item.value)),
                }
            )
        rows.append(
            {
                "title": event.title,
                "tlp": event.tlp,
                "tlp_label": Tlp(event.tlp).label,
                "narrow": event.narrow,
                "count": len(event.items),
                "hidden": max(0, len(event.items) - PREVIEW_ROWS),
                "indicators": indicators,
            }
        )
    return rows


class MispImportView(View):
    """Whoever may write alerts imports MISP events: a preview first, then the import, all or nothing."""

    template_name = "exchange/misp_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Alert).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": MispImportForm(author=signed_in_user(request))})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = MispImportForm(request.POST, request.FILES, author=user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            document, text, publish = data.pop("document"), data.pop("json_text"), data.pop("publish")
            del data["file"], data["text"]
            confirmed = request.POST.get("step") == "confirm" and request.POST.get("digest") == _digest(text)
            try:
                if confirmed:
                    made = misp_import.import_events(actor=user, data=document, publish=publish, **data)
                else:
                    plan = misp_import.plan_events(document)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_errors(form, exc)
                else:
                    form.add_error(None, exc.messages)
            else:
                if confirmed:
                    messages.success(request, _("%(n)d alert(s) imported.") % {"n": len(made.alerts)})
                    return redirect("exchange:alert_list")
                carried = request.POST.copy()
                carried["text"] = text  # an uploaded file travels on as text, so the confirmation sends it back
                context = {
                    "form": MispImportForm(carried, author=user),
                    "preview": preview_rows(plan),
                    "skipped": plan.skipped,
                    "digest": _digest(text),
                }
                return render(request, self.template_name, context)
        return render(request, self.template_name, {"form": form}, status=400)
