"""Demo work plan: the approved CICTE work plan 2021-2022 (the seed), imported as the Secretariat would."""

from __future__ import annotations

from enlace.workplan.actions import import_plan
from enlace.workplan.data import SEED_PLAN


def load() -> None:
    """Import the seed plan (nothing is written when it is already there: the import is idempotent)."""
    import_plan(actor=None, data=SEED_PLAN.read_bytes(), filename=SEED_PLAN.name)
