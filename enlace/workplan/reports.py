"""The progress report of a program over a period: activities delivered, states reached, participants by sex,
recommendations followed up and funds; as figures for the page, a PDF and an XLSX workbook."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from enlace.accounts.policy_base import AnyUser
from enlace.assistance.models import DONE, Recommendation, RecommendationStatus
from enlace.geo.models import MemberState
from enlace.workplan.models import Activity, ActivityStatus, Program

DELIVERED = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION, ActivityStatus.CLOSED)


class BadPeriod(ValueError):
    """The period asked for cannot be read or ends before it starts (the message is for the user)."""


@dataclass(frozen=True)
class ParticipantsBySex:
    """How many people took part (attended, completed or certified) in the delivered activities, by ISO/IEC 5218
    sex; the parts add up to the total (the participants register's sum-check)."""

    female: int
    male: int
    not_known: int
    not_applicable: int


@dataclass(frozen=True)
class Funds:
    """The program's money with a value date in the period, in US dollars, counted by the funding app's rule
    (docs/funding.md): pledges shown apart and never in a total; `unconverted` transactions lack a rate."""

    currency: str
    committed: Decimal
    received: Decimal
    spent: Decimal
    pledged: Decimal
    unconverted: int


@dataclass(frozen=True)
class ProgressReport:
    """Everything the report shows."""

    program: Program
    start: date
    end: date
    activities: list[Activity]
    states: list[MemberState]
    participants: ParticipantsBySex | None
    recommendations: list[tuple[str, str, int]]
    overdue: int
    funds: Funds | None

    @property
    def recommendation_total(self) -> int:
        """All the program's recommendations made by the end of the period."""
        return sum(count for _code, _label, count in self.recommendations)


def participants_by_sex(activities: QuerySet[Activity], viewer: AnyUser) -> ParticipantsBySex | None:
    """People the viewer may see who took part in these activities, by sex; None when none is recorded."""
    from enlace.workplan.participant_counts import count_participants
    from enlace.workplan.participants import Participation

    participations = Participation.objects.restrict(viewer, "view").filter(activity__in=activities.values("pk"))
    counts = count_participants(participations)  # raises DisaggregationError if the parts do not add up
    if not counts.total:
        return None
    return ParticipantsBySex(counts.women, counts.men, counts.not_known, counts.not_applicable)


def program_funds(program: Program, start: date, end: date, viewer: AnyUser) -> Funds | None:
    """The program's transactions the viewer may see dated in the period, in US dollars; None when none is."""
    from enlace.funding.models import Transaction
    from enlace.funding.money import RateBook, compute

    rows = list(Transaction.objects.restrict(viewer, "view").filter(program=program, value_date__range=(start, end)))
    if not rows:
        return None
    funding = compute(rows, RateBook.load(), [])
    totals = funding.programs[program.pk]
    return Funds("USD", totals.committed, totals.received, totals.spent, totals.pledged, len(funding.unconverted))


def parse_period(raw_from: str | None, raw_to: str | None, *, today: date, required: bool = False) -> tuple[date, date]:
    """The period from `?from=&to=` (ISO dates); missing ends default to the current calendar year, or are refused
    when `required` (the API)."""
    if required and not (raw_from and raw_to):
        raise BadPeriod(_("Give both the start and the end of the period, as YYYY-MM-DD."))
    try:
        start = date.fromisoformat(raw_from) if raw_from else date(today.year, 1, 1)
        end = date.fromisoformat(raw_to) if raw_to else date(today.year, 12, 31)
    except ValueError as exc:
        raise BadPeriod(_("Write the dates of the period as YYYY-MM-DD.")) from exc
    if end < start:
        raise BadPeriod(_("The period ends before it starts."))
    return start, end


def delivered_activities(program: Program, start: date, end: date) -> QuerySet[Activity]:
    """The program's activities under way, finishing or closed whose dates meet the period."""
    return (
        Activity.objects.filter(program=program, status__in=DELIVERED, starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .order_by("starts_on", "pk")
    )


def progress_report(program: Program, start: date, end: date, *, viewer: AnyUser) -> ProgressReport:
    """The figures of the report, in a fixed number of queries."""
    activities = delivered_activities(program, start, end)
    rows = list(activities.prefetch_related("states"))
    states = sorted({s for a in rows for s in a.states.all()}, key=lambda s: s.name)
    recommendations = Recommendation.objects.filter(mission__program=program, created_at__date__lte=end)
    counts = Counter(dict(recommendations.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    overdue = recommendations.exclude(status__in=DONE).filter(due_date__lt=end).count()
    return ProgressReport(
        program=program,
        start=start,
        end=end,
        activities=rows,
        states=states,
        participants=participants_by_sex(activities, viewer),
        recommendations=[(c.value, str(c.label), counts.get(c.value, 0)) for c in RecommendationStatus],
        overdue=overdue,
        funds=program_funds(program, start, end, viewer),
    )


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _title(report: ProgressReport) -> str:
    return _("Progress report: %(program)s") % {"program": report.program.name}


def _period(report: ProgressReport) -> str:
    return _("Period: %(start)s to %(end)s") % {"start": _day(report.start), "end": _day(report.end)}


def _activity_rows(report: ProgressReport) -> list[list[str]]:
    return [
        [
            a.title,
            a.get_kind_display(),
            _day(a.starts_on),
            _day(a.ends_on),
            str(a.get_status_display()),
            ", ".join(s.iso2 for s in a.states.all()),
        ]
        for a in report.activities
    ]


def _activity_header() -> list[str]:
    return [_("Activity"), _("Type"), _("Starts"), _("Ends"), _("Status"), _("Member states")]


def _summary_rows(report: ProgressReport) -> list[list[str]]:
    not_yet = _("Not recorded yet")
    p = report.participants
    f = report.funds
    rows = [
        [_("Activities delivered"), str(len(report.activities))],
        [_("Member states reached"), str(len(report.states))],
        [
            _("Participants (women / men / not known / not applicable)"),
            f"{p.female} / {p.male} / {p.not_known} / {p.not_applicable}" if p else not_yet,
        ],
        [_("Funds committed"), f"{f.committed} {f.currency}" if f else not_yet],
        [_("Funds received"), f"{f.received} {f.currency}" if f else not_yet],
        [_("Funds spent"), f"{f.spent} {f.currency}" if f else not_yet],
        [_("Pledges (not counted)"), f"{f.pledged} {f.currency}" if f else not_yet],
        [_("Recommendations"), str(report.recommendation_total)],
    ]
    rows += [[f"  {label}", str(count)] for _code, label, count in report.recommendations]
    rows.append([_("Overdue recommendations at the end of the period"), str(report.overdue)])
    return rows


def report_pdf(report: ProgressReport) -> bytes:
    """The report as a printable PDF."""
    states = [[_("Member state"), _("ISO code")], *[[s.name, s.iso2] for s in report.states]]
    tables = [
        (_("Summary"), [[_("Figure"), _("Value")], *_summary_rows(report)]),
        (_("Activities delivered"), [_activity_header(), *_activity_rows(report)]),
        (_("Member states reached"), states),
    ]
    return _pdf(_title(report), [_period(report)], tables)


def report_xlsx(report: ProgressReport) -> bytes:
    """The report as a workbook: a summary sheet, the activities and the states."""
    from openpyxl import Workbook

    from enlace.common.csvsafe import safe_cell

    book = Workbook()
    summary = book.create_sheet(_("Summary")[:31], 0)
    book.remove(book.worksheets[1])  # the blank sheet a new workbook starts with
    summary.append([_title(report)])
    summary.append([_period(report)])
    for row in _summary_rows(report):
        summary.append([safe_cell(row[0]), row[1]])
    activities = book.create_sheet(_("Activities")[:31])
    activities.append(_activity_header())
    for activity in report.activities:
        activities.append(
            [
                safe_cell(activity.title),
                str(activity.get_kind_display()),
                activity.starts_on,
                activity.ends_on,
                str(activity.get_status_display()),
                ", ".join(s.iso2 for s in activity.states.all()),
            ]
        )
    states = book.create_sheet(_("Member states")[:31])
    states.append([_("Member state"), _("ISO code")])
    for state in report.states:
        states.append([state.name, state.iso2])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(title: str, lines: list[str], tables: list[tuple[str, list[list[str]]]]) -> bytes:
    """A title, lines of text and headed tables. Cells are plain strings wrapped with the font's metrics
    (a Paragraph per cell costs ten times more, and a program's year can hold hundreds of activities)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    width = A4[0] - 30 * mm
    story: list[object] = [Paragraph(_xml(title), styles["Title"])]
    story += [Paragraph(_xml(line), styles["BodyText"]) for line in lines]
    for heading, rows in tables:
        story += [Spacer(1, 4 * mm), Paragraph(_xml(heading), styles["Heading2"])]
        column = (width - 12) / len(rows[0])
        cells = [["\n".join(simpleSplit(str(cell), "Helvetica", 9, column)) for cell in row] for row in rows]
        table = Table(cells, colWidths=[column] * len(rows[0]), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, title=title, author="Enlace", leftMargin=15 * mm, rightMargin=15 * mm
    )
    document.build(story)
    return out.getvalue()


def _xml(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
