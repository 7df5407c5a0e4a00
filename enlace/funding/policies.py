"""Who may see and do what with funding (deny by default; forbidden looks like missing):

- the Secretariat reads everything; an officer records money for her programs, an administrator for all;
- a donor user, linked to a donor by the Secretariat, reads only that donor's transactions, funds and
  donations (and the totals computed from them);
- a national coordinator reads the in-kind donations to her states;
- nobody else reads anything.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from enlace.accounts.policy_base import AnyUser, Policy, SecretariatPolicy, is_verified, register
from enlace.accounts.roles import Role
from enlace.funding.models import (
    Allocation,
    Donation,
    Donor,
    DonorUser,
    ExchangeRate,
    Fund,
    Requirement,
    Transaction,
)


def donor_ids(user: AnyUser) -> set[int]:
    """The donors a donor-role user speaks for (none for anyone else)."""
    if not is_verified(user) or not user.has_role(Role.DONOR):  # type: ignore[union-attr]
        return set()
    cached: set[int] | None = getattr(user, "_funding_donor_ids", None)
    if cached is None:
        links = DonorUser.objects.filter(user_id=user.pk)  # type: ignore[misc]  # verified: a saved user
        cached = set(links.values_list("donor_id", flat=True))
        user._funding_donor_ids = cached  # type: ignore[union-attr]  # one query per request
    return cached


def officer_program_ids(user: AnyUser) -> set[int]:
    """The programs a Secretariat officer is responsible for."""
    return user.program_ids_for(Role.SECRETARIAT_OFFICER)  # type: ignore[union-attr]


class SecretariatWritesPolicy(Policy):
    """The Secretariat reads all and writes by program (`program_field`; administrators everything); donors
    read the rows at `donor_field`; coordinators the rows at `state_field`."""

    program_field: str | None = "program"
    donor_field: str | None = None
    state_field: str | None = None
    write_actions = frozenset({"add", "change"})

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            if action == "view" or user.is_secretariat_admin:  # type: ignore[union-attr]
                return queryset
            if action in self.write_actions:
                if self.program_field is None:  # not tied to a program: any Secretariat member
                    return queryset
                return queryset.filter(**{f"{self.program_field}__in": officer_program_ids(user)})
            return queryset.none()
        if action != "view":
            return queryset.none()
        rows = queryset.none()
        if self.donor_field and donor_ids(user):
            own = queryset.model._default_manager.filter(**{f"{self.donor_field}__in": donor_ids(user)})
            rows = queryset.filter(pk__in=own.values("pk"))
        if self.state_field:
            states = user.state_ids_for(Role.NATIONAL_COORDINATOR)  # type: ignore[union-attr]
            if states:
                rows = rows | queryset.filter(**{f"{self.state_field}__in": states})
        return rows

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if not is_verified(user):
            return False
        if user.is_secretariat:  # type: ignore[union-attr]
            if action == "view" or user.is_secretariat_admin:  # type: ignore[union-attr]
                return True
            if action not in self.write_actions:
                return False
            if obj is None:
                return bool(officer_program_ids(user)) if self.program_field else True
            return self.scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]
        if action != "view":
            return False
        if obj is None:
            reads = bool(self.donor_field and donor_ids(user))
            return reads or bool(self.state_field and user.state_ids_for(Role.NATIONAL_COORDINATOR))  # type: ignore[union-attr]
        return self.scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]

    def program_allowed(self, user: AnyUser, program_id: int | None) -> bool:
        """Whether `user` may record money for `program_id` (None: unearmarked, administrators only)."""
        if not is_verified(user) or not user.is_secretariat:  # type: ignore[union-attr]
            return False
        if user.is_secretariat_admin:  # type: ignore[union-attr]
            return True
        return program_id is not None and program_id in officer_program_ids(user)


class DonorPolicy(SecretariatWritesPolicy):
    """Donors: the Secretariat reads and adds them; a donor user reads her own."""

    program_field = None
    donor_field = "pk"


class FundPolicy(SecretariatWritesPolicy):
    """Funds: the Secretariat; a donor user reads the funds her donor gives to."""

    program_field = None
    donor_field = "donors"


class TransactionPolicy(SecretariatWritesPolicy):
    """Transactions: the Secretariat reads all, an officer records and reverses them for her programs (an
    administrator all, unearmarked money too); a donor user reads her donor's."""

    donor_field = "donor"
    write_actions = frozenset({"add", "change", "reverse"})


class RequirementPolicy(SecretariatWritesPolicy):
    """Requirements: the Secretariat; an officer sets them for her programs and their activities."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action in self.write_actions and is_verified(user) and user.is_secretariat and not user.is_secretariat_admin:  # type: ignore[union-attr]
            mine = officer_program_ids(user)
            return queryset.filter(models.Q(program__in=mine) | models.Q(activity__program__in=mine))
        return super().scope(user, queryset, action)


class AllocationPolicy(SecretariatWritesPolicy):
    """Allocations of funds to activities: the Secretariat; an officer for her programs' activities."""

    program_field = "activity__program"
    write_actions = frozenset({"add", "change", "reverse"})


class DonationPolicy(SecretariatWritesPolicy):
    """In-kind donations: the Secretariat records, changes and withdraws them; the recipient state's
    coordinators and the donor's users read them."""

    program_field = None
    donor_field = "donor"
    state_field = "state"


register(Donor, DonorPolicy())
register(DonorUser, SecretariatPolicy())
register(Fund, FundPolicy())
register(ExchangeRate, SecretariatPolicy())
register(Transaction, TransactionPolicy())
register(Requirement, RequirementPolicy())
register(Allocation, AllocationPolicy())
register(Donation, DonationPolicy())
