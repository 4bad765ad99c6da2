"""Bar and line charts as small standalone SVG documents, drawn by hand.

Used by the business case pages (cost per partner per year, NPV by option, satisfaction
before and after). Every chart has a ``<title>`` and ``<desc>`` and is labelled by them
(``role="img"``); the pages always show a table with the same numbers beside it, which is
the accessible equivalent.

Values may be ``Decimal`` (money) or ``float`` (statistics); they are turned into floats only
to place things on the page, and labelled by the caller's ``label`` function from the
original value. Text is escaped. Output is deterministic: no clock, locale or random numbers,
and every coordinate is written with at most two decimals.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

# Okabe and Ito's colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
INK = "#222222"
GRID = "#DDDDDD"
FONT = "font-family:system-ui,sans-serif;font-size:11px"
MARGIN_LEFT = 84
MARGIN_RIGHT = 16
MARGIN_TOP = 48  # the title and the legend
MARGIN_BOTTOM = 40
LEGEND_ITEM_W = 150
TICKS = 5

Value = Decimal | float | int


@dataclass(frozen=True)
class Series:
    """One named series: a value (or ``None``: no value) per category."""

    name: str
    values: tuple[Value | None, ...]


def plain_label(value: Value) -> str:
    """The default label: up to two decimals, trailing zeros dropped."""
    return _num(float(value))


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[Value], str] = plain_label,
    width: int = 640,
    height: int = 320,
) -> str:
    """Grouped bars: one group per category, one bar per series; negative values hang below
    the zero line."""
    _check(categories, series)
    plot = _Plot(width, height, _values(series), label)
    parts = _frame(chart_id, title, description, plot, series)
    n_series = max(len(series), 1)
    group_w = plot.width / max(len(categories), 1)
    bar_w = group_w * 0.8 / n_series
    for c, category in enumerate(categories):
        x0 = MARGIN_LEFT + c * group_w + group_w * 0.1
        for s, item in enumerate(series):
            value = item.values[c]
            if value is None:
                continue
            y_value, y_zero = plot.y(float(value)), plot.y(0.0)
            top, bottom = min(y_value, y_zero), max(y_value, y_zero)
            parts.append(
                f'<rect x="{_num(x0 + s * bar_w)}" y="{_num(top)}" width="{_num(bar_w)}" '
                f'height="{_num(bottom - top)}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{_esc(item.name)}, {_esc(category)}: {_esc(label(value))}</title></rect>"
            )
        parts.append(_category_label(MARGIN_LEFT + c * group_w + group_w / 2, plot, category))
    parts.append(_zero_line(plot))
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[Value], str] = plain_label,
    width: int = 640,
    height: int = 320,
    min_step: float = 0.0,
) -> str:
    """One line per series across the categories, with a marker at each value; a ``None``
    breaks the line. ``min_step``: the smallest step between the value axis's ticks (1 for
    whole days, whose labels would otherwise repeat)."""
    _check(categories, series)
    plot = _Plot(width, height, _values(series), label, min_step)
    parts = _frame(chart_id, title, description, plot, series)
    step = plot.width / max(len(categories), 1)
    xs = [MARGIN_LEFT + step * (c + 0.5) for c in range(len(categories))]
    for s, item in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        run: list[str] = []
        runs: list[list[str]] = [run]
        for c, value in enumerate(item.values):
            if value is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{_num(xs[c])},{_num(plot.y(float(value)))}")
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
        for c, value in enumerate(item.values):
            if value is not None:
                parts.append(
                    f'<circle cx="{_num(xs[c])}" cy="{_num(plot.y(float(value)))}" r="4" '
                    f'fill="{colour}"><title>{_esc(item.name)}, {_esc(categories[c])}: '
                    f"{_esc(label(value))}</title></circle>"
                )
    for c, category in enumerate(categories):
        parts.append(_category_label(xs[c], plot, category))
    parts.append(_zero_line(plot))
    parts.append("</svg>")
    return "\n".join(parts)


# -- the frame: axes, gridlines, title, legend -------------------------------------------------


class _Plot:
    """The plotting area and the value scale: from a "nice" lower bound to a nice upper one,
    always including zero; ticks at least ``min_step`` apart."""

    def __init__(
        self,
        width: int,
        height: int,
        values: list[float],
        label: Callable[[Value], str],
        min_step: float = 0.0,
    ) -> None:
        self.outer_width = width
        self.outer_height = height
        self.width = width - MARGIN_LEFT - MARGIN_RIGHT
        self.height = height - MARGIN_TOP - MARGIN_BOTTOM
        self.label = label
        low, high = min([0.0, *values]), max([0.0, *values])
        if low == high:
            high = 1.0
        self.step = max(_nice_step((high - low) / TICKS), min_step)
        self.low = math.floor(low / self.step) * self.step
        self.high = math.ceil(high / self.step) * self.step

    def y(self, value: float) -> float:
        return MARGIN_TOP + self.height * (self.high - value) / (self.high - self.low)

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is at least ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _frame(
    chart_id: str, title: str, description: str, plot: _Plot, series: Sequence[Series]
) -> list[str]:
    cid = _esc(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {plot.outer_width} '
        f'{plot.outer_height}" width="{plot.outer_width}" height="{plot.outer_height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" style="{FONT}">',
        f'<title id="{cid}-title">{_esc(title)}</title>',
        f'<desc id="{cid}-desc">{_esc(description)}</desc>',
        f'<text x="{MARGIN_LEFT}" y="16" style="font-weight:bold" fill="{INK}">'
        f"{_esc(title)}</text>",
    ]
    for s, item in enumerate(series):
        x = MARGIN_LEFT + s * LEGEND_ITEM_W
        parts.append(
            f'<rect x="{x}" y="26" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="35" fill="{INK}">{_esc(item.name)}</text>'
        )
    right = MARGIN_LEFT + plot.width
    for tick in plot.ticks():
        y = _num(plot.y(tick))
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y}" x2="{_num(right)}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{INK}">{_esc(plot.label(_tick_value(tick)))}</text>'
        )
    return parts


def _tick_value(tick: float) -> Value:
    """A tick as a Decimal with no float noise, so money labels read ``£20,000.00``."""
    return Decimal(_num(tick))


def _zero_line(plot: _Plot) -> str:
    y = _num(plot.y(0.0))
    return (
        f'<line x1="{MARGIN_LEFT}" y1="{y}" x2="{_num(MARGIN_LEFT + plot.width)}" y2="{y}" '
        f'stroke="{INK}"/>'
    )


def _category_label(x: float, plot: _Plot, category: str) -> str:
    y = MARGIN_TOP + plot.height + 16
    return f'<text x="{_num(x)}" y="{y}" text-anchor="middle" fill="{INK}">{_esc(category)}</text>'


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(
                f"series '{item.name}' has {len(item.values)} values for "
                f"{len(categories)} categories"
            )


def _values(series: Sequence[Series]) -> list[float]:
    return [float(v) for item in series for v in item.values if v is not None]


def _num(value: float) -> str:
    """At most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _esc(text: str) -> str:
    return escape(text, quote=True)
