"""Geometry of the server-drawn SVG charts: no script, no inline style (the CSP allows neither), and each
chart is paired with its data table on the page, which is what screen readers read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Bar:
    """One rectangle with its label and value, in SVG user units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    series: int = 0  # the CSS class chart-series-N colours it
    label_x: float = 0
    label_y: float = 0


@dataclass
class Chart:
    """A chart's canvas, bars and scale ticks."""

    width: float
    height: float
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (position, value) along the value axis
    captions: list[Bar]  # category labels (columns) drawn under the axis


def nice_max(value: int) -> int:
    """The smallest of 1, 2 or 5 times a power of ten at or above `value` (at least 1): round ticks."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(step * factor, 1)
        step *= 10


def columns(categories: Sequence[str], series: Sequence[Sequence[int]], *, plot_height: float = 160) -> Chart:
    """Grouped vertical columns: one group per category, one column per series."""
    left, top, bottom, group, gap = 44.0, 10.0, 56.0, 14.0 * len(series) + 10, 4.0
    top_value = nice_max(max((v for values in series for v in values), default=0))
    bars, captions = [], []
    for i, category in enumerate(categories):
        x0 = left + i * group + gap
        for s, values in enumerate(series):
            height = plot_height * values[i] / top_value
            bars.append(Bar(category, values[i], x0 + s * 14, top + plot_height - height, 12, height, series=s))
        captions.append(Bar(category, 0, x0, 0, 0, 0, label_x=x0 + 7 * len(series), label_y=top + plot_height + 12))
    steps = (0, top_value // 2, top_value) if top_value % 2 == 0 else (0, top_value)  # whole numbers only
    ticks = [(top + plot_height - plot_height * v / top_value, v) for v in steps]
    return Chart(left + len(categories) * group + 8, top + plot_height + bottom, bars, ticks, captions)


def bars(rows: Sequence[tuple[str, int]], *, label_width: float = 190, bar_width: float = 220) -> Chart:
    """Horizontal bars, one per row, labelled on the left and valued on the right."""
    row_height, top = 26.0, 4.0
    top_value = nice_max(max((value for _, value in rows), default=0))
    drawn = []
    for i, (label, value) in enumerate(rows):
        y = top + i * row_height
        width = bar_width * value / top_value
        drawn.append(
            Bar(label, value, label_width, y + 3, width, row_height - 6, label_x=label_width - 6, label_y=y + 18)
        )
    height = top * 2 + len(rows) * row_height
    return Chart(label_width + bar_width + 60, height, drawn, [], [])
