"""The slip chart: one line per milestone, dates on the axis, the same output each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from projectboard.reports.slip_chart import render_slip_chart

NS = "{http://www.w3.org/2000/svg}"


def _chart() -> str:
    return render_slip_chart(
        chart_id="slip",
        title="Slip chart",
        points=["Baseline", "Baseline 1", "now"],
        series=[
            ("Project finish", [datetime(2008, 7, 1, 17), datetime(2008, 7, 3, 17), None]),
            ("WP-WEB", [datetime(2008, 6, 17, 17), datetime(2008, 6, 17, 17),
                        datetime(2008, 7, 30, 12)]),
        ],
    )  # fmt: skip


def test_a_line_per_series_and_dates_on_the_axis() -> None:
    root = ET.fromstring(_chart())
    assert root.findtext(NS + "title") == "Slip chart"
    assert root.findtext(NS + "desc") == (
        "Forecast finish at 3 points, from Baseline to now, of 2 series; the latest is "
        "30/07/2008. The table below the chart has the same dates."
    )
    # The project finish has no value now: its line stops at Baseline 1.
    assert len(root.findall(NS + "polyline")) == 2
    tips = [c.findtext(NS + "title") for c in root.iter(NS + "circle")]
    assert tips == [
        "Project finish, Baseline: 01/07/2008",
        "Project finish, Baseline 1: 03/07/2008",
        "WP-WEB, Baseline: 17/06/2008",
        "WP-WEB, Baseline 1: 17/06/2008",
        "WP-WEB, now: 30/07/2008",
    ]


def test_the_same_chart_every_time() -> None:
    assert _chart() == _chart()


def _axis_labels(svg: str) -> list[str]:
    """The value axis's labels, lowest first."""
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(NS + "text") if t.get("text-anchor") == "end"]


def _one_line(*finishes: datetime) -> str:
    return render_slip_chart(
        chart_id="slip",
        title="Slip chart",
        points=[f"Point {i}" for i in range(len(finishes))],
        series=[("Project finish", list(finishes))],
    )


def test_a_chart_with_no_slip_labels_each_day_once() -> None:
    finish = datetime(2008, 7, 1, 17)
    assert _axis_labels(_one_line(finish, finish, finish)) == ["01/07/2008", "02/07/2008"]


def test_a_slip_of_a_few_days_steps_the_axis_by_whole_days() -> None:
    labels = _axis_labels(
        _one_line(datetime(2008, 7, 1, 17), datetime(2008, 7, 1, 17), datetime(2008, 7, 3, 12))
    )
    assert labels == ["01/07/2008", "02/07/2008", "03/07/2008"]
