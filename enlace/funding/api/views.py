"""Funding over the API: the same actions and policies as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts.models import signed_in_user
from enlace.audit.actions import record
from enlace.common.api.errors import as_drf
from enlace.common.api.viewsets import PolicyReadOnlyViewSet, PolicyViewSetMixin
from enlace.funding import actions
from enlace.funding.api.serializers import (
    CorrectionSerializer,
    CorrectionWriteSerializer,
    DonationSerializer,
    DonationWithdrawSerializer,
    DonationWriteSerializer,
    DonorSerializer,
    DonorWriteSerializer,
    FundingOverviewSerializer,
    FundSerializer,
    FundWriteSerializer,
    GapSerializer,
    ProgramFundingSerializer,
    RateSerializer,
    RateWriteSerializer,
    ReversalWriteSerializer,
    TransactionSerializer,
    TransactionWriteSerializer,
)
from enlace.funding.models import Donation, Donor, ExchangeRate, Fund, Transaction
from enlace.funding.money import Funding, Totals
from enlace.funding.totals import overview_programs, program_funding, sees_requirements, visible_funding
from enlace.workplan.models import Activity, Program


class CreateThroughAction(mixins.CreateModelMixin):
    """`create` validates `write_serializer`, calls `write` (an action) and answers with `serializer_class`."""

    write_serializer: type[serializers.Serializer[Any]]
    write: Callable[..., Any]
    serializer_class: Any
    request: Any

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.write_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = type(self).write(actor=signed_in_user(request), **body.validated_data)
        except PermissionDenied:
            raise NotFound from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(self.serializer_class(made).data, status=status.HTTP_201_CREATED)


class DonorViewSet(CreateThroughAction, PolicyReadOnlyViewSet):
    """Donors: all for the Secretariat (who adds them), her own for a donor user."""

    queryset = Donor.objects.all()
    serializer_class = DonorSerializer
    write_serializer = DonorWriteSerializer
    write = actions.create_donor

    @extend_schema(request=DonorWriteSerializer, responses={201: DonorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a donor (Secretariat)."""
        return super().create(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One donor; the read is audited, as on its page."""
        donor = self.get_object()
        record("funding.donor.view", actor=request.user, obj=donor)
        return Response(DonorSerializer(donor).data)


class FundViewSet(CreateThroughAction, PolicyReadOnlyViewSet):
    """Funds: all for the Secretariat (who adds them); a donor user those her donor gives to."""

    queryset = Fund.objects.select_related("program").prefetch_related("donors")
    serializer_class = FundSerializer
    write_serializer = FundWriteSerializer
    write = actions.create_fund

    @extend_schema(request=FundWriteSerializer, responses={201: FundSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a fund (Secretariat)."""
        return super().create(request, *args, **kwargs)


class RateViewSet(CreateThroughAction, PolicyReadOnlyViewSet):
    """Exchange rates to the US dollar (Secretariat)."""

    queryset = ExchangeRate.objects.all()
    serializer_class = RateSerializer
    write_serializer = RateWriteSerializer
    write = actions.set_rate

    @extend_schema(request=RateWriteSerializer, responses={201: RateSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Enter a rate valid from a date; the same currency and date again corrects it (Secretariat)."""
        return super().create(request, *args, **kwargs)


class TransactionViewSet(CreateThroughAction, PolicyReadOnlyViewSet):
    """Transactions: all for the Secretariat (officers record them for their programs); a donor user her
    donor's."""

    queryset = Transaction.objects.select_related("program")
    serializer_class = TransactionSerializer
    write_serializer = TransactionWriteSerializer
    write = actions.record_transaction

    @extend_schema(request=TransactionWriteSerializer, responses={201: TransactionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a transaction; a currency without a rate on or before the value date is refused."""
        return super().create(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("reversal")

    def _write(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except PermissionDenied:
            raise NotFound from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc

    @extend_schema(request=ReversalWriteSerializer, responses={201: TransactionSerializer})
    @action(detail=True, methods=["post"], policy_action="reverse")
    def reverse(self, request: Request, pk: str | None = None) -> Response:
        """Reverse a transaction recorded by mistake: a new transaction of the opposite value, same type, donor,
        fund, earmark and value date, with the reason. A second reversal, or the reversal of a reversal, is
        refused (400)."""
        original = self.get_object()
        body = ReversalWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        row = self._write(
            lambda: actions.reverse_transaction(
                actor=signed_in_user(request), original=original, reason=data["reason"], on=data["date"]
            )
        )
        return Response(TransactionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectionWriteSerializer, responses={201: CorrectionSerializer})
    @action(detail=True, methods=["post"], policy_action="reverse")
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Reverse a transaction and record the right one in one step (both or neither): `reason` and `date`
        for the reversal, the other fields as for a new transaction."""
        original = self.get_object()
        body = CorrectionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        reason, on = values.pop("reason"), values.pop("date")
        reversal, replacement = self._write(
            lambda: actions.correct_transaction(
                actor=signed_in_user(request), original=original, reason=reason, on=on, **values
            )
        )
        data = {
            "reversal": TransactionSerializer(reversal).data,
            "replacement": TransactionSerializer(replacement).data,
        }
        return Response(data, status=status.HTTP_201_CREATED)


class DonationViewSet(CreateThroughAction, PolicyReadOnlyViewSet):
    """In-kind donations: the Secretariat; a coordinator her states'; a donor user her donor's."""

    queryset = Donation.objects.select_related("state")
    serializer_class = DonationSerializer
    write_serializer = DonationWriteSerializer
    write = actions.record_donation

    @extend_schema(
        request=DonationWriteSerializer,
        responses={201: DonationSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an in-kind donation (Secretariat)."""
        return super().create(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("withdrawn", OpenApiTypes.BOOL, description="include the withdrawn donations")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The in-kind donations the caller may see; the withdrawn ones only with `?withdrawn=true`."""
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset: Any) -> Any:
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.request.query_params.get("withdrawn") not in ("1", "true"):
            queryset = queryset.filter(withdrawn_at__isnull=True)
        return queryset

    def _write(self, call: Callable[[], Any]) -> Response:
        try:
            row = call()
        except PermissionDenied:
            raise NotFound from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(DonationSerializer(row).data)

    @extend_schema(request=DonationWriteSerializer(partial=True), responses={200: DonationSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Correct an in-kind donation (any of its fields; Secretariat). A withdrawn donation is refused."""
        self.policy_action = "change"
        donation = self.get_object()
        body = DonationWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        return self._write(
            lambda: actions.change_donation(actor=signed_in_user(request), donation=donation, **body.validated_data)
        )

    @extend_schema(request=DonationWithdrawSerializer, responses={200: DonationSerializer})
    @action(detail=True, methods=["post"], policy_action="change")
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw an in-kind donation recorded by mistake, with the reason (Secretariat): it stays on record,
        out of the lists."""
        donation = self.get_object()
        body = DonationWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"]
        return self._write(
            lambda: actions.withdraw_donation(actor=signed_in_user(request), donation=donation, reason=reason)
        )


def _totals(totals: Totals, show_requirement: bool) -> dict[str, Any]:
    return {
        "requirement": totals.requirement if show_requirement else None,
        "committed": totals.committed,
        "received": totals.received,
        "funded": totals.funded,
        "gap": totals.gap if show_requirement else None,
        "pledged": totals.pledged,
        "spent": totals.spent,
    }


def _row(program: Program, activity: Activity | None, totals: Totals, show_requirement: bool) -> dict[str, Any]:
    return {"program": program.code, "activity": activity.pk if activity else None, **_totals(totals, show_requirement)}


class FundingGapViewSet(PolicyViewSetMixin, viewsets.GenericViewSet[Transaction]):
    """Funding and gap per program and per activity, from the transactions the caller may see (a donor user:
    her own money only, without requirements)."""

    queryset = Transaction.objects.all()
    serializer_class = GapSerializer
    pagination_class = None

    def _compute(self, program: Program | None = None) -> Any:
        user = self.request.user
        filters: dict[str, Any] = {"program": program} if program is not None else {}
        funding, _rows = visible_funding(user, None, **filters)
        if funding.unconverted:
            raise serializers.ValidationError({"detail": [exc.messages[0] for _tx, exc in funding.unconverted]})
        return funding, sees_requirements(user), user.is_secretariat

    @extend_schema(responses={200: GapSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def programs(self, request: Request) -> Response:
        """Requirement, committed, received, funded, gap and pledges (not counted) per program, in USD."""
        funding, show, _everything = self._compute()
        data = [_row(p, None, totals, show) for p, totals in overview_programs(self.request.user, funding)]
        return Response(GapSerializer(data, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("program", OpenApiTypes.STR, required=True, description="program code")],
        responses={200: GapSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def activities(self, request: Request) -> Response:
        """The same per activity of one program (`?program=<code>`)."""
        program = Program.objects.filter(code=request.query_params.get("program", "")).first()
        if program is None:
            raise serializers.ValidationError({"program": [_("Unknown program.")]})
        funding, show, everything = self._compute(program)
        activities = Activity.objects.filter(program=program).order_by("starts_on", "pk")
        if not everything:
            activities = activities.filter(pk__in=list(funding.activities))
        data = [_row(program, a, funding.activities.get(a.pk) or Totals(), show) for a in activities]
        return Response(GapSerializer(data, many=True).data)


def _unconverted(funding: Funding) -> list[dict[str, Any]]:
    return [
        {
            "transaction": row.pk,  # type: ignore[attr-defined]  # a Transaction (named by `visible_funding`)
            "currency": row.currency,
            "value": row.value,
            "value_date": row.value_date,
            "message": " ".join(exc.messages),
        }
        for row, exc in funding.unconverted
    ]


def _year(request: Request) -> int | None:
    raw = request.query_params.get("year")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 1900 < int(raw) < 3000:
        raise serializers.ValidationError({"year": [_("Give the year as four digits, such as 2022.")]})
    return int(raw)


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="only money with a value date in this year")


class FundingProgramViewSet(PolicyViewSetMixin, viewsets.GenericViewSet[Transaction]):
    """The funding pages' figures: the overview per program and one program activity by activity, counted from
    the transactions the caller may see (a donor user: her own money, without requirements or gaps)."""

    queryset = Transaction.objects.all()
    serializer_class = FundingOverviewSerializer
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = r"[-a-z0-9]+"

    @extend_schema(parameters=[YEAR], responses={200: FundingOverviewSerializer})
    def list(self, request: Request) -> Response:
        """Requirement, committed, received, funded, gap, spent and pledges (not counted) per program, in USD."""
        user = signed_in_user(request)
        year = _year(request)
        funding, _rows = visible_funding(user, year)
        show = sees_requirements(user)
        data = {
            "currency": "USD",
            "year": year,
            "programs": [
                {"program": p.code, "name": p.name, **_totals(t, show)} for p, t in overview_programs(user, funding)
            ],
            "unearmarked": _totals(funding.unearmarked, False),
            "unconverted": _unconverted(funding),
        }
        return Response(FundingOverviewSerializer(data).data)

    @extend_schema(parameters=[YEAR], responses={200: ProgramFundingSerializer})
    def retrieve(self, request: Request, code: str) -> Response:
        """One program's totals and its activities' (a donor user: those with her money; 404 if none)."""
        user = signed_in_user(request)
        year = _year(request)
        program, funding, _rows, activities = program_funding(user, code, year)
        show = sees_requirements(user)
        totals = funding.programs.get(program.pk)
        data = {
            "currency": "USD",
            "year": year,
            "program": program.code,
            "name": program.name,
            "totals": _totals(totals, show) if totals else None,
            "activities": [{"activity": a.pk, "title": a.title, **_totals(t or Totals(), show)} for a, t in activities],
            "unconverted": _unconverted(funding),
        }
        return Response(ProgramFundingSerializer(data).data)
