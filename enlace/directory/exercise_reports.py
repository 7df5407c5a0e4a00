"""Reports of reachability exercises: one exercise (CSV, PDF) and a network's exercises over time (CSV, PDF).

Headings are translated in the language active when the report is made (the reader's).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from enlace.common.csvsafe import safe_cell
from enlace.directory.exercises import ExerciseSummary, StateResult, StateTrend
from enlace.directory.models import Exercise, ExerciseTarget


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _when(value: datetime | None) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else "—"


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


def exercise_csv(targets: Sequence[ExerciseTarget]) -> str:
    """One row per message: to whom, over which channels, when sent, answered, escalated."""
    header = [
        "state",
        "level",
        "name",
        "email",
        "channels",
        "sent_at",
        "acknowledged_at",
        "answer_seconds",
        "escalated_at",
        "undeliverable_at",
    ]
    rows = [
        [
            t.state.iso2,
            t.level,
            t.name,
            t.email,
            " ".join(f"{d.channel}:{'ok' if d.delivered else 'failed'}" for d in t.deliveries.all()),
            t.sent_at,
            t.acknowledged_at,
            t.answer_seconds,
            t.escalated_at,
            t.failed_at,
        ]
        for t in targets
    ]
    return _csv(header, rows)


def _result_label(row: StateResult) -> str:
    if row.answered:
        return _("answered")
    return _("unreachable") if row.unreachable else _("waiting")


def exercise_pdf(exercise: Exercise, results: Sequence[StateResult], targets: Sequence[ExerciseTarget]) -> bytes:
    """The results of one exercise, per state and per message, as a printable PDF."""
    title = _("Reachability exercise: %(network)s") % {"network": exercise.network.name}
    lines = [
        f"{_('Started')}: {_when(exercise.started_at)} — {_('Closed')}: {_when(exercise.closed_at)}",
        f"{_('Status')}: {exercise.get_status_display()}",
    ]
    by_state = [
        [
            _("Member state"),
            _("Result"),
            _("Escalation level of the answer"),
            _("Time to answer (seconds)"),
            _("Escalations"),
        ],
        *[
            [r.state.name, _result_label(r), _or_dash(r.level), _or_dash(r.seconds), str(r.escalations)]
            for r in results
        ],
    ]
    messages = [
        [_("Member state"), _("Level"), _("Name"), _("Sent"), _("Acknowledged")],
        *[[t.state.iso2, str(t.level), t.name, _when(t.sent_at), _when(t.acknowledged_at)] for t in targets],
    ]
    return _pdf(title, lines, [(_("Results by state"), by_state), (_("Messages"), messages)])


def trends_csv(summaries: Sequence[ExerciseSummary], states: Sequence[StateTrend]) -> str:
    """Each exercise of a network with its figures, then each state's answers across them."""
    header = ["exercise", "started_at", "status", "states", "answered", "unreachable", "escalations", "median_seconds"]
    rows: list[list[object]] = [
        [
            s.exercise.pk,
            s.exercise.started_at,
            s.exercise.status,
            s.states,
            s.answered,
            s.unreachable,
            s.escalations,
            s.median_seconds,
        ]
        for s in summaries
    ]
    out = _csv(header, rows)
    columns = [f"exercise_{s.exercise.pk}" for s in summaries]
    state_rows = [
        [t.state.iso2, t.asked, t.answered, t.median_seconds]
        + ["" if a is None else ("yes" if a else "no") for a in t.answers]
        for t in states
    ]
    return out + "\n" + _csv(["state", "asked", "answered", "median_seconds", *columns], state_rows)


def trends_pdf(network_name: str, summaries: Sequence[ExerciseSummary], states: Sequence[StateTrend]) -> bytes:
    """A network's exercises over time and each state's record, as a printable PDF."""
    title = _("Reachability over time: %(network)s") % {"network": network_name}
    exercises = [
        [
            _("Started"),
            _("Member states"),
            _("Answered"),
            _("Unreachable"),
            _("Escalations"),
            _("Median time to answer (seconds)"),
        ],
        *[
            [
                _when(s.exercise.started_at),
                str(s.states),
                f"{s.answered} ({s.answer_rate} %)",
                str(s.unreachable),
                str(s.escalations),
                _or_dash(s.median_seconds),
            ]
            for s in summaries
        ],
    ]
    by_state = [
        [_("Member state"), _("Asked"), _("Answered"), _("Median time to answer (seconds)")],
        *[
            [t.state.name, str(t.asked), f"{t.answered} ({t.answer_rate} %)", _or_dash(t.median_seconds)]
            for t in states
        ],
    ]
    return _pdf(title, [], [(_("Exercises"), exercises), (_("Member states, least reachable first"), by_state)])


def _pdf(title: str, lines: Sequence[str], tables: Sequence[tuple[str, list[list[str]]]]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[object] = [Paragraph(_xml(title), styles["Title"])]
    story += [Paragraph(_xml(line), styles["BodyText"]) for line in lines]
    for heading, rows in tables:
        story += [Spacer(1, 4 * mm), Paragraph(_xml(heading), styles["Heading2"])]
        cells = [[Paragraph(_xml(cell), styles["BodyText"]) for cell in row] for row in rows]
        table = Table(cells, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
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
