"""Fixtures of the funding tests: an admin, a donor user linked to Canada, rates and two activities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from enlace.accounts.models import User
from enlace.funding import actions
from enlace.funding.testing import make_activity


@pytest.fixture
def money(persona: Callable[[str], User]) -> dict[str, Any]:
    """Two donors (Canada linked to the donor persona, Spain), CAD and EUR rates, a cybersecurity and a
    border-security activity."""
    admin = persona("admin")
    canada = actions.create_donor(actor=admin, name="Canada", kind="state", country="Canada")
    spain = actions.create_donor(actor=admin, name="Spain", kind="state", country="Spain")
    actions.link_donor_user(actor=admin, donor=canada, user=persona("donor"))
    actions.set_rate(actor=admin, currency="CAD", usd_per_unit=Decimal("0.75"), valid_from=date(2025, 1, 1))
    actions.set_rate(actor=admin, currency="CAD", usd_per_unit=Decimal("0.70"), valid_from=date(2026, 1, 1))
    actions.set_rate(actor=admin, currency="EUR", usd_per_unit=Decimal("1.10"), valid_from=date(2025, 1, 1))
    return {
        "admin": admin,
        "canada": canada,
        "spain": spain,
        "cyber_activity": make_activity(admin, "cybersecurity", "CSIRT workshop", "AR"),
        "border_activity": make_activity(admin, "border-security", "Port profiling course", "JM"),
    }


def give(world: dict[str, Any], type: int, value: str, currency: str = "USD", **kwargs: Any) -> Any:
    """Record a transaction as the admin (value date 2026-02-01 unless given)."""
    kwargs.setdefault("value_date", date(2026, 2, 1))
    kwargs.setdefault("earmarking", "earmarked")
    return actions.record_transaction(
        actor=world["admin"], type=type, value=Decimal(value), currency=currency, **kwargs
    )
