"""Correction pages: reverse or correct a transaction, reverse an allocation, change or withdraw an in-kind
donation (docs/funding.md, "Corrections"). Objects come only through the policy's queryset for the action:
what the user may not correct is missing (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.directory.forms import add_errors
from enlace.funding import actions
from enlace.funding.forms import CorrectionForm, DonationForm, ReversalForm, WithdrawalForm
from enlace.funding.models import Allocation, Donation, Transaction
from enlace.funding.views import _get


def _back(request: HttpRequest, fallback: str, **kwargs: Any) -> HttpResponse:
    """To the page the form was posted from (same site only), else to `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback, **kwargs)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    summary: str,
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """The form; on a valid POST its action; refused input is a 400 with the reasons on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            made = write(form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return done(made)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "summary": summary, "next": request.POST.get("next", "")}
    return render(request, "funding/entry_form.html", context, status=status)


def _describe(row: Transaction | Allocation) -> str:
    return _("Entry of %(date)s: %(value)s %(currency)s (%(what)s).") % {
        "date": date_format(row.value_date, "SHORT_DATE_FORMAT"),
        "value": row.value,
        "currency": row.currency,
        "what": row.get_type_display() if isinstance(row, Transaction) else row.activity,
    }


def transaction_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse a transaction recorded by mistake, with the reason."""
    original = _get(request, Transaction.objects, "reverse", pk=pk)
    return _form_page(
        request,
        ReversalForm(request.POST or None),
        lambda data: actions.reverse_transaction(
            actor=signed_in_user(request), original=original, reason=data["reason"], on=data["date"]
        ),
        title=_("Reverse a transaction"),
        summary=_describe(original),
        done=lambda _row: _back(request, "funding:overview"),
    )


def transaction_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse a transaction and record the right one in one step; the form starts from the original's values."""
    original = _get(request, Transaction.objects, "reverse", pk=pk)
    initial = {
        name: getattr(original, name)
        for name in ("type", "value", "currency", "value_date", "earmarking", "description")
    }
    initial |= {"donor": original.donor_id, "fund": original.fund_id}
    initial |= {"program": original.program_id, "activity": original.activity_id}

    def write(data: dict[str, Any]) -> Any:
        values = dict(data)
        reason, on = values.pop("reason"), values.pop("date")
        return actions.correct_transaction(
            actor=signed_in_user(request), original=original, reason=reason, on=on, **values
        )

    return _form_page(
        request,
        CorrectionForm(request.POST or None, initial=initial),
        write,
        title=_("Correct a transaction"),
        summary=_describe(original),
        done=lambda _rows: redirect("funding:overview"),
    )


@require_POST
def allocation_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse an allocation made by mistake, with the reason (the form is on the fund's page)."""
    original = _get(request, Allocation.objects, "reverse", pk=pk)
    return _form_page(
        request,
        ReversalForm(request.POST),
        lambda data: actions.reverse_allocation(
            actor=signed_in_user(request), original=original, reason=data["reason"], on=data["date"]
        ),
        title=_("Reverse an allocation"),
        summary=_describe(original),
        done=lambda row: redirect("funding:fund_detail", pk=row.fund_id),
    )


def donation_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an in-kind donation: the form starts from its values."""
    donation = _get(request, Donation.objects.filter(withdrawn_at__isnull=True), "change", pk=pk)
    initial = {name: getattr(donation, name) for name in ("item", "quantity", "value", "currency", "donated_on")}
    initial |= {name: getattr(donation, f"{name}_id") for name in ("state", "institution", "donor", "activity", "fund")}
    return _form_page(
        request,
        DonationForm(request.POST or None, initial=initial),
        lambda data: actions.change_donation(actor=signed_in_user(request), donation=donation, **data),
        title=_("Correct an in-kind donation"),
        summary=str(donation),
        done=lambda _row: redirect("funding:donation_list"),
    )


@require_POST
def donation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an in-kind donation recorded by mistake, with the reason (the form is on the list)."""
    donation = _get(request, Donation.objects, "change", pk=pk)
    return _form_page(
        request,
        WithdrawalForm(request.POST),
        lambda data: actions.withdraw_donation(actor=signed_in_user(request), donation=donation, reason=data["reason"]),
        title=_("Withdraw an in-kind donation"),
        summary=str(donation),
        done=lambda _row: redirect("funding:donation_list"),
    )
