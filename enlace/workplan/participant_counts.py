"""Participants counted by sex, member state and institution type, with the disaggregation sum-check, and the
share of women by year against each program's target (the gender-gap dashboard)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from enlace.workplan.participants import (
    REACHED,
    GenderTarget,
    ParticipantInstitutionKind,
    Participation,
    ParticipationStatus,
    Sex,
)


class DisaggregationError(ValueError):
    """Women, men, not known and not applicable do not add up to the total."""


@dataclass
class Counts:
    """How many took part (attended, completed or certified), by sex, member state and institution type."""

    total: int = 0
    women: int = 0
    men: int = 0
    not_known: int = 0
    not_applicable: int = 0
    by_state: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def women_percent(self) -> float | None:
        """The share of women, or None when nobody took part."""
        return round(100 * self.women / self.total, 1) if self.total else None


def check_sum(counts: Counts) -> Counts:
    """Refuse a disaggregation whose parts (women + men + not known + not applicable) are not the total."""
    parts = counts.women + counts.men + counts.not_known + counts.not_applicable
    if parts != counts.total:
        raise DisaggregationError(
            f"{counts.women}+{counts.men}+{counts.not_known}+{counts.not_applicable} != {counts.total}"
        )
    if sum(n for _, n in counts.by_state) != counts.total or sum(n for _, n in counts.by_kind) != counts.total:
        raise DisaggregationError("state or institution-type rows do not add up to the total")
    return counts


def count_participants(participations: QuerySet[Participation]) -> Counts:
    """Count the participations (already restricted to what the user may see) and check the sum."""
    from django.utils.translation import gettext as _

    funnel = dict(participations.values_list("status").annotate(n=Count("pk")).order_by())
    reached = participations.filter(status__in=REACHED)
    rows = list(
        reached.values("participant__sex", "participant__state", "participant__institution_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sexes: Counter[int] = Counter()
    states: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    state_names = _state_names(reached)
    for row in rows:
        sexes[row["participant__sex"]] += row["n"]
        states[state_names.get(row["participant__state"]) or _("No member state")] += row["n"]
        kind = row["participant__institution_kind"]
        kinds[str(ParticipantInstitutionKind(kind).label) if kind else _("Not stated")] += row["n"]
    counts = Counts(
        total=sum(row["n"] for row in rows),
        women=sexes[Sex.FEMALE],
        men=sexes[Sex.MALE],
        not_known=sexes[Sex.NOT_KNOWN],
        not_applicable=sexes[Sex.NOT_APPLICABLE],
        by_state=sorted(states.items(), key=lambda item: (-item[1], item[0])),
        by_kind=sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
        by_status=[(str(status.label), funnel.get(status.value, 0)) for status in ParticipationStatus],
    )
    return check_sum(counts)


def _state_names(reached: QuerySet[Participation]) -> dict[int | None, str]:
    """Member-state id → name in the active language, for the states in the rows."""
    from enlace.geo.models import MemberState

    return {s.pk: s.name for s in MemberState.objects.filter(pk__in=reached.values("participant__state"))}


@dataclass
class YearShare:
    """One year of a program: participants who attended or completed, women among them, and the target."""

    year: int
    total: int
    women: int
    target: int | None

    @property
    def percent(self) -> float:
        """The share of women, in per cent."""
        return round(100 * self.women / self.total, 1) if self.total else 0.0

    @property
    def gap(self) -> float | None:
        """How far the share is below (negative) or above the target, in percentage points."""
        return None if self.target is None else round(self.percent - self.target, 1)


def target_for(targets: list[GenderTarget], year: int) -> int | None:
    """The target in force in `year`: the latest one from that year or before."""
    found = [t for t in targets if t.from_year <= year]
    return max(found, key=lambda t: t.from_year).share_percent if found else None


def gender_by_year(participations: QuerySet[Participation], targets: list[GenderTarget]) -> list[YearShare]:
    """The share of women among those who attended or completed (certified included), by the activity's year."""
    return gender_by_program(participations, targets).get(None, [])


def gender_by_program(
    participations: QuerySet[Participation], targets: list[GenderTarget], *, per_program: bool = False
) -> dict[int | None, list[YearShare]]:
    """`gender_by_year` for every program at once (keyed by program id), or for all together (keyed by None)."""
    fields = ["year", "participant__sex", *(["activity__program"] if per_program else [])]
    rows: list[dict[str, Any]] = list(
        participations.filter(status__in=REACHED)
        .annotate(year=ExtractYear("activity__starts_on"))
        .values(*fields)
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped: dict[int | None, dict[int, list[int]]] = {}
    for row in rows:
        years = grouped.setdefault(row.get("activity__program"), {})
        total_women = years.setdefault(row["year"], [0, 0])
        total_women[0] += row["n"]
        if row["participant__sex"] == Sex.FEMALE:
            total_women[1] += row["n"]
    return {
        program: [
            YearShare(year, t, w, target_for([x for x in targets if program in (None, x.program_id)], year))
            for year, (t, w) in sorted(years.items())
        ]
        for program, years in grouped.items()
    }


@dataclass
class ProgramShare:
    """One program on the gender-gap dashboard: its years, and women among all who took part in them."""

    program: Any
    years: list[YearShare]

    @property
    def total(self) -> int:
        """Everyone who attended or completed, over the years."""
        return sum(y.total for y in self.years)

    @property
    def women(self) -> int:
        """Women among them."""
        return sum(y.women for y in self.years)

    @property
    def latest(self) -> YearShare | None:
        """The most recent year with participants."""
        return self.years[-1] if self.years else None

    @property
    def percent(self) -> float | None:
        """The share of women over the years, or None when nobody took part."""
        return round(100 * self.women / self.total, 1) if self.total else None


def program_shares(user: Any) -> list[ProgramShare]:
    """Every program with the participants and targets the user may see (the dashboard page and the API)."""
    from enlace.workplan.models import Program

    targets = list(GenderTarget.objects.restrict(user, "view").order_by("program", "from_year"))
    by_program = gender_by_program(Participation.objects.restrict(user, "view"), targets, per_program=True)
    return [ProgramShare(program, by_program.get(program.pk, [])) for program in Program.objects.all()]


def program_gender(user: Any, program: Any) -> tuple[list[GenderTarget], list[YearShare]]:
    """One program's targets and its share of women by year, as far as the user may see (its page and the API)."""
    targets = list(GenderTarget.objects.restrict(user, "view").filter(program=program).order_by("from_year"))
    years = gender_by_year(Participation.objects.restrict(user, "view").filter(activity__program=program), targets)
    return targets, years


def filtered_counts(user: Any, program: Any = None, starts: Any = None, ends: Any = None) -> Counts:
    """Participants the user may see in the activities of `program` (all when None) starting between `starts` and
    `ends` (either may be None), counted (the counts page and the API)."""
    participations = Participation.objects.restrict(user, "view")
    if program:
        participations = participations.filter(activity__program=program)
    if starts:
        participations = participations.filter(activity__starts_on__gte=starts)
    if ends:
        participations = participations.filter(activity__starts_on__lte=ends)
    return count_participants(participations)
