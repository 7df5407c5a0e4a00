"""The `money` template filter shows what `floatformat:"2g"` shows, in every language of the platform."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from enlace.funding.templatetags.funding_tags import money

AMOUNTS = [Decimal("0"), Decimal("0.00"), Decimal("12.3"), Decimal("999.99"), Decimal("1234567.89"), 5]
NEGATIVE = [Decimal("-0.01"), Decimal("-1234.50"), Decimal("-100000000.00")]  # reversals


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt-br"])
def test_money_is_floatformat_2g(language: str) -> None:
    with translation.override(language):
        for amount in AMOUNTS + NEGATIVE:
            assert money(amount) == floatformat(amount, "2g"), amount
        assert money(Decimal("1234567.89")) != "1234567.89"  # grouped in every language
    assert money(None) == money("") == money("not a number") == ""
