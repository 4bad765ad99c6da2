"""A Gantt chart of a schedule, as a standalone SVG document drawn by hand.

Time maps linearly onto calendar days: every day is ``px_per_day`` wide, working or not. A
bar covers each day it touches (its start day to its finish day, a finish at midnight
excluded); a milestone or today's line sits on a day boundary (a milestone on the one nearest
its time, so one at 17:00 lines up with the end of the bar it follows). The chart starts on the
Monday on or before the first task or deadline and runs whole weeks. Output is deterministic:
no locale, clock or random numbers are consulted, and every number is written the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from html import escape

from projectboard.engine.model import BaselineTask, Plan
from projectboard.engine.scheduler import Schedule, ScheduledTask

# Okabe and Ito's colour-blind-safe palette, less vermillion (the critical path) and black
# (summaries). Groups beyond six reuse the colours under a hatch, then under dots.
PALETTE = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7")
TEXTURES = ("", "url(#hatch)", "url(#dots)")
UNASSIGNED = "#BBBBBB"
CRITICAL = "#D55E00"
INK = "#222222"
BASELINE = "#767676"  # grey bars under the current ones (4.5:1 on white)
STATUS = "#1D4F91"  # the status-date line
GRID = "#E6E6E6"
ZEBRA = "#F5F5F5"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
COLOUR_BY = ("work_package", "partner")
BOLD = {"font_weight": "bold"}
DASH = {"stroke_dasharray": "4 3"}

MARGIN = 16
LABEL_W = 300  # the label column; the timeline starts here
TITLE_H = 30
MONTH_H = 18
AXIS_H = 36  # month band and week band
ROW_H = 22
BAR_Y = 5  # bar top within its row
BAR_H = 12
DIAMOND = 6  # milestone half-width
STUB = 6  # shortest horizontal leg of a link
INDENT = 14  # per outline level
CHAR_W = 6.6  # rough width of an 11px character, for truncating and laying out text
MIN_TIMELINE_W = 480
_Anchor = tuple[float, float, float, float]  # start x, finish x, middle y, half height
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_gantt(
    plan: Plan,
    schedule: Schedule,
    *,
    colour_by: str = "work_package",
    today: date | None = None,
    px_per_day: float | None = None,
    baseline: dict[int, BaselineTask] | None = None,
    status_date: datetime | None = None,
) -> str:
    """The schedule as an SVG Gantt chart: a row per task in schedule order, coloured by work
    package or by the partner of the work package's first lead (a task without a work package
    takes its nearest ancestor's), with links, the critical path, deadlines, a dated axis and a
    legend. ``today`` draws a line only if it falls within the drawn weeks. ``px_per_day`` sets
    the scale (a zoom); left out, it follows the plan's length (see ``px_per_day()``).
    ``baseline`` (task ID -> its saved dates) draws each task's baseline as a thin grey bar
    under its bar; ``status_date`` draws a solid line at that moment, if within the weeks."""
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    if px_per_day is not None and not (math.isfinite(px_per_day) and px_per_day > 0):
        raise ValueError(f"px_per_day must be a positive number, not {px_per_day!r}")
    tasks = schedule.tasks
    group_of, groups = _groups(plan, tasks, colour_by)
    styles = {key: _style(i) for i, (key, _) in enumerate(groups)}

    deadlines = [t.deadline for t in tasks if t.deadline is not None]
    saved = [e for t in tasks if (e := (baseline or {}).get(t.id)) and e.start and e.finish]
    saved_dates = [d for e in saved for d in (e.start, e.finish) if d is not None]
    first = min([schedule.start, *(t.start for t in tasks), *deadlines, *saved_dates]).date()
    last = max(
        _end_day(d) for d in [schedule.finish, *(t.finish for t in tasks), *deadlines, *saved_dates]
    )
    origin = first - timedelta(days=first.weekday())
    span = (last - origin).days
    ppd = _auto_px_per_day(span) if px_per_day is None else float(px_per_day)
    weeks = max(math.ceil(span / 7), math.ceil(MIN_TIMELINE_W / (7 * ppd)))
    end = origin + timedelta(weeks=weeks)

    def x(day: date) -> float:
        return LABEL_W + (day - origin).days * ppd

    top = TITLE_H + AXIS_H
    bottom = top + ROW_H * len(tasks)
    width = LABEL_W + weeks * 7 * ppd + MARGIN
    out: list[str] = []

    # Rows, gridlines and the axis.
    for i in range(1, len(tasks), 2):
        out.append(_el("rect", x=0, y=top + i * ROW_H, width=width, height=ROW_H, fill=ZEBRA))
    week = origin
    while week < end:
        wx = x(week)
        out.append(_el("line", x1=wx, y1=top, x2=wx, y2=bottom, stroke=GRID))
        out.append(_el("line", x1=wx, y1=top - 6, x2=wx, y2=top, stroke=INK))
        if 7 * ppd >= 16:
            out.append(_el("text", str(week.day), class_="week", x=wx + 2, y=top - 8, font_size=9))
        week += timedelta(weeks=1)
    month = date(origin.year, origin.month, 1)
    while month < end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        x0, x1 = x(max(month, origin)), x(min(following, end))
        if month >= origin:
            out.append(_el("line", x1=x0, y1=TITLE_H, x2=x0, y2=bottom, stroke="#AAAAAA"))
        label = f"{MONTHS[month.month - 1]} {month.year}"
        if x1 - x0 >= len(label) * CHAR_W + 8:
            out.append(_el("text", label, class_="month", x=x0 + 4, y=TITLE_H + 13, **BOLD))
        month = following
    for y in (TITLE_H, TITLE_H + MONTH_H, top, bottom):
        out.append(_el("line", x1=LABEL_W, y1=y, x2=width - MARGIN, y2=y, stroke="#AAAAAA"))
    out.append(_el("line", x1=LABEL_W, y1=TITLE_H, x2=LABEL_W, y2=bottom, stroke="#AAAAAA"))
    out.append(_el("text", "ID", x=40, y=top - 8, text_anchor="end", **BOLD))
    out.append(_el("text", "Task", x=48, y=top - 8, **BOLD))

    # Labels and task shapes; ``anchors`` keeps where links attach to each.
    anchors: dict[int, _Anchor] = {}
    shapes: list[str] = []
    legend_keys: set[str | None] = set()
    for i, t in enumerate(tasks):
        y = top + i * ROW_H
        mid = y + ROW_H / 2
        name_x = 48 + INDENT * max(t.level - 1, 0)
        room = max(int((LABEL_W - 8 - name_x) / CHAR_W), 4)
        name = _clean(t.name)
        shown = name if len(name) <= room else name[: room - 1] + "…"
        weight = BOLD if t.summary else {}
        out.append(_el("text", str(t.id), x=40, y=mid + 4, text_anchor="end", class_="task-id"))
        out.append(_el("text", shown, x=name_x, y=mid + 4, class_="name", **weight))
        critical = " critical" if t.critical else ""
        tip = _el("title", f"{t.id} {name}: {_fmt(t.start)} to {_fmt(t.finish)}")
        attrs: dict[str, object] = {"data_task": t.id}
        texture = ""
        if t.summary:
            tag, kind = "path", "summary"
            x0, x1 = x(t.start.date()), x(_end_day(t.finish))
            d = f"M{_n(x0)} {_n(y + 6)}H{_n(x1)}V{_n(y + 15)}L{_n(x1 - 4)} {_n(y + 10)}"
            attrs.update(d=d + f"H{_n(x0 + 4)}L{_n(x0)} {_n(y + 15)}Z", fill=INK)
        else:
            legend_keys.add(group_of[t.id])
            fill, texture = styles.get(group_of[t.id] or "", (UNASSIGNED, ""))
            attrs["fill"] = fill
            attrs.update(
                stroke=CRITICAL if t.critical else INK, stroke_width=2 if t.critical else 1
            )
            if t.milestone:
                tag, kind = "polygon", "milestone"
                cx = x(_nearest_day(t.start))
                x0, x1 = cx - DIAMOND, cx + DIAMOND
                attrs["points"] = " ".join(
                    f"{_n(px)},{_n(py)}"
                    for px, py in ((cx, mid - DIAMOND), (x1, mid), (cx, mid + DIAMOND), (x0, mid))
                )
            else:
                tag, kind = "rect", "bar"
                x0 = x(t.start.date())
                x1 = max(x(_end_day(t.finish)), x0)
                attrs.update(x=x0, y=y + BAR_Y, width=x1 - x0, height=BAR_H)
        shapes.append(_el(tag, None, tip, class_=kind + critical, **attrs))
        if not t.summary and texture:
            shape = {k: v for k, v in attrs.items() if k in ("x", "y", "width", "height", "points")}
            shapes.append(_el(tag, class_="texture", fill=texture, pointer_events="none", **shape))
        anchors[t.id] = (x0, x1, mid, 5 if t.summary else BAR_H / 2)
        entry = (baseline or {}).get(t.id)
        if entry is not None and entry.start is not None and entry.finish is not None:
            bx0 = x(entry.start.date())
            bx1 = max(x(_end_day(entry.finish)), bx0 + 2)
            tip = _el("title", f"Baseline {_fmt(entry.start)} to {_fmt(entry.finish)}")
            box = {"x": bx0, "y": y + BAR_Y + BAR_H + 1, "width": bx1 - bx0, "height": 3}
            shapes.append(
                _el("rect", None, tip, class_="baseline", data_task=t.id, fill=BASELINE, **box)
            )
        if t.deadline is not None:
            missed = " missed" if t.deadline_missed else ""
            title = _el("title", f"Deadline {_fmt(t.deadline)}{missed}")
            arrow = _arrow(x(_end_day(t.deadline)), y + 1)
            fill = CRITICAL if t.deadline_missed else INK
            kind = "deadline" + missed
            shapes.append(
                _el("polygon", None, title, class_=kind, data_task=t.id, points=arrow, fill=fill)
            )
    out.append(_el("g", None, "".join(shapes), class_="tasks"))

    # Links, from the predecessor's finish (FS, FF) or start (SS, SF) to the successor's
    # start (FS, SS) or finish (FF, SF).
    critical_ids = {t.id for t in tasks if t.critical}
    links: list[str] = []
    for task in plan.tasks:
        for link in task.predecessors:
            if task.id not in anchors or link.predecessor not in anchors:
                continue
            from_finish, to_start = link.type in ("FS", "FF"), link.type in ("FS", "SS")
            d = _elbow(anchors[link.predecessor], from_finish, anchors[task.id], to_start)
            hot = task.id in critical_ids and link.predecessor in critical_ids
            look = {"fill": "none", "stroke": CRITICAL if hot else INK}
            look["marker_end"] = "url(#arrow-critical)" if hot else "url(#arrow)"
            ends = {"data_from": link.predecessor, "data_to": task.id, "data_type": link.type}
            kind = "link critical" if hot else "link"
            links.append(_el("path", class_=kind, d=d, **look, **ends))
    out.append(_el("g", None, "".join(links), class_="links"))

    show_status = status_date is not None and origin <= status_date.date() < end
    if status_date is not None and show_status:
        sx = x(status_date.date()) + ppd * (status_date.hour * 60 + status_date.minute) / 1440
        line = {"x1": sx, "y1": TITLE_H, "x2": sx, "y2": bottom, "stroke": STATUS}
        title = _el("title", f"Status date {_fmt(status_date)} {status_date:%H:%M}")
        out.append(_el("line", None, title, class_="status-date", stroke_width=2, **line))

    show_today = today is not None and origin <= today < end
    if today is not None and show_today:
        tx = x(today)
        line = {"x1": tx, "y1": TITLE_H, "x2": tx, "y2": bottom, "stroke": "#000000"}
        out.append(_el("line", class_="today", **line, **DASH))

    # Legend.
    items = [(styles[key], label) for key, label in groups if key in legend_keys]
    if None in legend_keys:
        what = "work package" if colour_by == "work_package" else "lead partner"
        items.append(((UNASSIGNED, ""), f"No {what}"))
    items.append((("critical", CRITICAL), "Critical path"))
    if any(t.summary for t in tasks):
        items.append((("summary", INK), "Summary"))
    if any(t.milestone for t in tasks):
        items.append((("milestone", INK), "Milestone"))
    if any(t.deadline is not None for t in tasks):
        items.append((("deadline", INK), "Deadline"))
    if any(t.deadline_missed for t in tasks):
        items.append((("deadline", CRITICAL), "Missed deadline"))
    if saved:
        items.append((("baseline", BASELINE), "Baseline"))
    if show_status:
        items.append((("status", STATUS), "Status date"))
    if show_today:
        items.append((("today", "#000000"), "Today"))
    lx, ly = float(MARGIN), bottom + 18.0
    legend: list[str] = []
    for (kind, colour), label in items:
        label = _clean(label)
        w = 22 + len(label) * CHAR_W + 18
        if lx + w > width - MARGIN and lx > MARGIN:
            lx, ly = MARGIN, ly + 20
        symbol = _symbol(kind, colour, lx, ly) + _el("text", label, x=lx + 22, y=ly + 9)
        legend.append(_el("g", None, symbol, class_="legend-item"))
        lx += w
    out.append(_el("g", None, "".join(legend), class_="legend"))
    height = ly + 20 + MARGIN

    title = f"Gantt chart: {_clean(plan.name)}"
    critical_count = sum(1 for t in tasks if t.critical and not t.summary)
    desc = (
        f"{len(tasks)} tasks from {_fmt(schedule.start)} to {_fmt(schedule.finish)}, "
        f"{critical_count} on the critical path (outlined in red). Bars are coloured by "
        f"{'work package' if colour_by == 'work_package' else 'lead partner'}."
    )
    defs = "".join(
        f'<marker id="{marker}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0 0L8 4L0 8Z" fill="{colour}"/></marker>'
        for marker, colour in (("arrow", INK), ("arrow-critical", CRITICAL))
    )
    defs += (
        '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="2" height="6" fill="#222222" '
        'fill-opacity="0.45"/></pattern><pattern id="dots" width="5" height="5" '
        'patternUnits="userSpaceOnUse"><circle cx="2.5" cy="2.5" r="1.2" fill="#222222" '
        'fill-opacity="0.5"/></pattern>'
    )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(width)}" '
        f'height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{_text(title)}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="11">\n'
    )
    body = [
        _el("title", title),
        _el("desc", desc),
        _el("defs", None, defs),
        _el("rect", x=0, y=0, width=width, height=height, fill="#FFFFFF"),
        _el("text", plan.name, x=MARGIN, y=20, font_size=15, font_weight="bold"),
        *out,
    ]
    return head + "\n".join(body) + "\n</svg>\n"


def px_per_day(days: int) -> float:
    """Pixels per calendar day for a chart ``days`` long: wide for short plans, down to 2.5
    (17.5 px a week) for plans over a year."""
    for limit, px in ((42, 16.0), (91, 8.0), (182, 4.0), (365, 3.0)):
        if days <= limit:
            return px
    return 2.5


_auto_px_per_day = px_per_day  # render_gantt's parameter of the same name hides the function


def _groups(
    plan: Plan, tasks: list[ScheduledTask], colour_by: str
) -> tuple[dict[int, str | None], list[tuple[str, str]]]:
    """Each task's colour group (or None), and every group as (key, legend label) in colour
    order: the plan's work packages or partners in plan order, then unknown codes sorted. A
    task without a work package takes its nearest ancestor's."""
    own = {t.id: t.work_package for t in tasks}
    parent = {t.id: t.parent for t in tasks}

    def work_package(tid: int) -> str | None:
        seen: set[int] = set()
        current: int | None = tid
        while current is not None and current not in seen:
            seen.add(current)
            if own.get(current):
                return own[current]
            current = parent.get(current)
        return None

    key: Callable[[int], str | None]
    if colour_by == "work_package":
        known = [(wp.code, f"{wp.code} {wp.name}") for wp in plan.work_packages]
        key = work_package
    else:
        known = [(p.code, p.name) for p in plan.partners]
        leads = {wp.code: wp.leads for wp in plan.work_packages}
        partner_of = {p.code: p.partner for p in plan.people}

        def key(tid: int) -> str | None:
            lead = leads.get(work_package(tid) or "")
            return partner_of.get(lead[0]) if lead else None

    group_of = {t.id: key(t.id) for t in tasks}
    codes = {code for code, _ in known}
    extra = sorted({g for g in group_of.values() if g is not None and g not in codes})
    return group_of, known + [(code, code) for code in extra]


def _elbow(source: _Anchor, from_finish: bool, target: _Anchor, to_start: bool) -> str:
    """A link leaving ``source`` rightwards from its finish (or leftwards from its start) and
    arriving at ``target``'s start heading right (or its finish heading left): one vertical
    leg when the two horizontal legs can meet; else straight down (or up) onto the target when
    it lies beyond the source, as MS Project draws a task that starts when its predecessor
    finishes; else a detour along the boundary between the rows."""
    out, into = (1 if from_finish else -1), (1 if to_start else -1)
    sx, sy = source[1] if from_finish else source[0], source[2]
    tx, ty = target[0] if to_start else target[1], target[2]
    lows = [sx + STUB] if out > 0 else []
    highs = [sx - STUB] if out < 0 else []
    (highs if into > 0 else lows).append(tx - into * STUB)
    lo, hi = max(lows, default=-math.inf), min(highs, default=math.inf)
    if lo <= hi:
        mx = lo if out > 0 else hi
        return f"M{_n(sx)} {_n(sy)}H{_n(mx)}V{_n(ty)}H{_n(tx)}"
    # Here out == into: FS, or SF mirrored.
    vx = max(sx, tx + STUB) if out > 0 else min(sx, tx - STUB)
    if target[0] <= vx <= target[1]:
        edge = ty - target[3] if ty > sy else ty + target[3]
        return f"M{_n(sx)} {_n(sy)}H{_n(vx)}V{_n(edge)}"
    gap = sy + (ROW_H / 2 if ty > sy else -ROW_H / 2)
    return (
        f"M{_n(sx)} {_n(sy)}H{_n(sx + out * STUB)}V{_n(gap)}"
        f"H{_n(tx - into * STUB)}V{_n(ty)}H{_n(tx)}"
    )


def _arrow(x: float, y: float) -> str:
    """A small arrow pointing down at x, its tail at y."""
    pts = ((-1.5, 0), (1.5, 0), (1.5, 4), (4.5, 4), (0, 9), (-4.5, 4), (-1.5, 4))
    return " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in pts)


def _style(index: int) -> tuple[str, str]:
    """The fill colour and texture (or "") of the ``index``-th group."""
    return PALETTE[index % len(PALETTE)], TEXTURES[index // len(PALETTE) % len(TEXTURES)]


def _symbol(kind: str, colour: str, x: float, y: float) -> str:
    """A legend symbol: ``kind`` names one, or is a group's colour with ``colour`` its texture."""
    box = {"x": x, "y": y, "width": 16, "height": 10}
    if kind.startswith("#"):
        texture = _el("rect", fill=colour, **box) if colour else ""
        return _el("rect", fill=kind, stroke=INK, **box) + texture
    if kind == "critical":
        return _el("rect", fill="#FFFFFF", stroke=colour, stroke_width=2, **box)
    if kind == "summary":
        d = f"M{_n(x)} {_n(y + 1)}H{_n(x + 16)}V{_n(y + 10)}L{_n(x + 12)} {_n(y + 5)}"
        return _el("path", d=d + f"H{_n(x + 4)}L{_n(x)} {_n(y + 10)}Z", fill=colour)
    if kind == "milestone":
        c, m = x + 8, y + 5
        points = f"{_n(c)},{_n(m - 6)} {_n(c + 6)},{_n(m)} {_n(c)},{_n(m + 6)} {_n(c - 6)},{_n(m)}"
        return _el("polygon", points=points, fill=UNASSIGNED, stroke=colour)
    if kind == "deadline":
        return _el("polygon", points=_arrow(x + 8, y), fill=colour)
    if kind == "baseline":
        return _el("rect", x=x, y=y + 4, width=16, height=3, fill=colour)
    if kind == "status":
        return _el("line", x1=x + 8, y1=y - 2, x2=x + 8, y2=y + 12, stroke=colour, stroke_width=2)
    return _el("line", x1=x + 8, y1=y - 2, x2=x + 8, y2=y + 12, stroke=colour, **DASH)


def _end_day(moment: datetime) -> date:
    """The day after the last day ``moment`` touches: a finish at midnight ends the day before."""
    return moment.date() + timedelta(days=0 if moment.time() == time(0) else 1)


def _nearest_day(moment: datetime) -> date:
    return moment.date() + timedelta(days=1 if moment.time() >= time(12) else 0)


def _fmt(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _clean(text: str) -> str:
    """Text on one line with no characters XML forbids."""
    return _CONTROL.sub("", " ".join(text.split()))


def _text(value: object) -> str:
    return escape(_clean(str(value)), quote=True)


def _n(value: float) -> str:
    """A coordinate, rounded to hundredths and written without trailing zeros."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _el(tag: str, text: str | None = None, inner: str = "", /, **attrs: object) -> str:
    """An element; attribute names use ``_`` for ``-`` (``class_`` for ``class``)."""
    parts = [tag]
    for name, value in attrs.items():
        shown = _n(value) if isinstance(value, float) else _text(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{shown}"')
    content = (_text(text) if text is not None else "") + inner
    return f"<{' '.join(parts)}>{content}</{tag}>" if content else f"<{' '.join(parts)}/>"
