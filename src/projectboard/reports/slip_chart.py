"""A slip chart for the project board: the forecast finish of each milestone at each saved
baseline or status date, one line per milestone. A line that rises has slipped.

The dates are plotted as calendar days after the earliest of them, and the axis is labelled
with dates a whole number of days apart; the chart is ``charts.line_chart`` (title,
description, deterministic output), and the pages show a table with the same dates beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from projectboard.reports.charts import LEGEND_ITEM_W, MARGIN_LEFT, Series, Value, line_chart


def render_slip_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[str],
    series: Sequence[tuple[str, Sequence[datetime | None]]],
) -> str:
    """``points`` name the snapshots in order (``Baseline``, ``Baseline 1``, ``now``);
    each series is a name and its forecast finish at each point (None: none then)."""
    days = [d.date() for _, finishes in series for d in finishes if d is not None]
    base = min(days, default=date(2000, 1, 1))

    def label(value: Value) -> str:
        day = base + timedelta(days=round(float(value)))
        return f"{day:%d/%m/%Y}"

    plotted = [
        Series(name, tuple(None if d is None else (d.date() - base).days for d in finishes))
        for name, finishes in series
    ]
    latest = max(days, default=base)
    description = (
        f"Forecast finish at {len(points)} points, from {points[0] if points else 'none'} "
        f"to {points[-1] if points else 'none'}, of {len(series)} series; the latest is "
        f"{latest:%d/%m/%Y}. The table below the chart has the same dates."
    )
    width = max(640, MARGIN_LEFT + LEGEND_ITEM_W * len(series) + 16, 220 * len(points))
    return line_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        categories=list(points),
        series=plotted,
        label=label,
        width=width,
        min_step=1,  # whole days: a fractional step would label the same date twice
    )
