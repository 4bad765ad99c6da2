"""The hand-written SVG charts: exact geometry for small inputs, escaped text, the same
output every time, negative values below the zero line, and gaps in lines."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from projectboard.reports.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _bars(**overrides: object) -> str:
    args: dict[str, object] = {
        "chart_id": "c",
        "title": "Cost",
        "description": "Two years",
        "categories": ["2009/10", "2010/11"],
        "series": [Series("ABC", (Decimal(100), Decimal(-50)))],
        "width": 284,
        "height": 188,
    }
    args.update(overrides)
    return bar_chart(**args)  # type: ignore[arg-type]


def test_a_bar_chart_is_labelled_and_its_bars_are_exact() -> None:
    svg = _bars()
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Cost"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Two years"  # type: ignore[union-attr]
    # Plot: x 84..268 (184 wide), y 48..148 (100 high); scale -50..100 in steps of 50.
    bars = [
        (r.get("x"), r.get("y"), r.get("width"), r.get("height"))
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    ]
    assert bars == [("93.2", "48", "73.6", "66.67"), ("185.2", "114.67", "73.6", "33.33")]
    tips = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert tips == ["ABC, 2009/10: 100", "ABC, 2010/11: -50"]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["-50", "0", "50", "100"]


def test_text_is_escaped() -> None:
    svg = _bars(title="<script>&", categories=['a"b', "c"], series=[Series("<x>", (1, 2))])
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg
    assert "a&quot;b" in svg and "&lt;x&gt;" in svg
    ElementTree.fromstring(svg)  # still well-formed


def test_the_output_is_the_same_every_time() -> None:
    assert _bars() == _bars()


def test_labels_come_from_the_callers_function() -> None:
    svg = _bars(label=lambda v: f"£{v}")
    assert "ABC, 2009/10: £100" in svg


def test_a_line_chart_breaks_at_a_missing_value() -> None:
    svg = line_chart(
        chart_id="s",
        title="Satisfaction",
        description="Means",
        categories=["Q1", "Q2", "Q3", "Q4"],
        series=[Series("Baseline", (3.0, 3.5, None, 4.0)), Series("After", (4.0, 4.5, 4.0, 4.5))],
        width=284,
        height=188,
    )
    root = ElementTree.fromstring(svg)
    lines = [p.get("points") for p in root.iter(f"{SVG}polyline")]
    # x: 84 + 46 x (i + 0.5); y: 48 + 100 x (5 - v) / 5 on the scale 0..5.
    assert lines == ["107,88 153,78", "107,68 153,58 199,68 245,58"]
    assert len(list(root.iter(f"{SVG}circle"))) == 7


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="series 'ABC' has 1 values for 2 categories"):
        _bars(series=[Series("ABC", (1,))])
