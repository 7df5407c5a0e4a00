"""Labels of choices, translated once per language instead of on every `get_FOO_display()` call."""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils import translation


@cache
def _labels(choices: type[models.Choices], language: str) -> dict[str, str]:
    with translation.override(language):
        return {str(value): str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value: str) -> str:
    """The label of `value` in the active language (the value itself when it is not a choice)."""
    return _labels(choices, translation.get_language() or "en").get(value, value)
