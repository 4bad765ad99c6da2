"""The SVG Gantt chart: parsed back with ElementTree and checked shape by shape.

Geometry used below: the label column is 300 px wide, the axis ends at y=66 and rows are 22
px tall (row r spans 66 + 22r to 88 + 22r, bars 5 px below the row top and 12 px tall). A
project starting Friday 2008-03-07 is drawn from Monday 2008-03-03 and, being short, at 16 px
a day, so a day d days after 3 March starts at x = 300 + 16d.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from textwrap import dedent

import pytest

from projectboard.engine import Schedule, schedule
from projectboard.engine.durations import ZERO
from projectboard.engine.model import BaselineTask, Plan
from projectboard.planfile import read_plan_file, read_plan_text
from projectboard.reports.gantt import px_per_day, render_gantt

NS = "{http://www.w3.org/2000/svg}"
VERMILLION, INK, BLUE, ORANGE, SKY, GREY = (
    "#D55E00",
    "#222222",
    "#0072B2",
    "#E69F00",
    "#56B4E9",
    "#BBBBBB",
)

DEMO = """\
project:
  name: Demo
  start: 2008-03-07
work_packages:
  - {code: WP1, name: First}
tasks:
  - {id: 1, name: A, duration: 2d, work_package: WP1}
  - {id: 2, name: B & <C>, duration: 0d, predecessors: "1"}
"""

LINKS = """\
project:
  name: Links
  start: 2008-03-07
tasks:
  - {id: 1, name: A, duration: 2d}
  - {id: 2, name: After A, duration: 1d, predecessors: "1"}
  - {id: 3, name: With A, duration: 1d, predecessors: "1SS"}
  - {id: 4, name: Ends with A, duration: 1d, predecessors: "1FF"}
  - {id: 5, name: Ends after A starts, duration: 1d, predecessors: "1SF+3d"}
  - {id: 6, name: Done, duration: 0d, predecessors: "2, 4"}
"""

CRITICAL = """\
project:
  name: Critical
  start: 2008-03-07
tasks:
  - {id: 1, name: Free, duration: 2d}
  - {id: 2, name: Long, duration: 5d}
  - {id: 3, name: Short, duration: 1d}
  - {id: 4, name: End, duration: 0d, predecessors: "2, 3"}
"""

PARTNERS = """\
project:
  name: Partners
  start: 2008-03-07
partners:
  - {code: P1, name: North}
  - {code: P2, name: South}
people:
  - {code: AL, name: Al, partner: P2}
  - {code: BO, name: Bo, partner: P1}
work_packages:
  - {code: WP1, name: First, leads: [AL, BO]}
  - {code: WP2, name: Second, leads: [BO]}
  - {code: WP3, name: Third}
tasks:
  - {id: 1, name: A, duration: 1d, work_package: WP1}
  - {id: 2, name: B, duration: 1d, work_package: WP2}
  - {id: 3, name: C, duration: 1d, work_package: WP3}
  - {id: 4, name: D, duration: 1d}
"""


def plan_and_schedule(text: str) -> tuple[Plan, Schedule]:
    plan = read_plan_text(dedent(text))
    return plan, schedule(plan)


def draw(text: str, colour_by: str = "work_package", today: date | None = None) -> ET.Element:
    plan, result = plan_and_schedule(text)
    return ET.fromstring(render_gantt(plan, result, colour_by=colour_by, today=today))


def shapes(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(NS + tag) if cls in (e.get("class") or "").split()]


def shape(root: ET.Element, tag: str, cls: str, task: int) -> ET.Element:
    (found,) = [e for e in shapes(root, tag, cls) if e.get("data-task") == str(task)]
    return found


def texts(root: ET.Element, cls: str) -> list[str]:
    return [e.text or "" for e in shapes(root, "text", cls)]


def legend(root: ET.Element) -> list[str]:
    (group,) = shapes(root, "g", "legend")
    return [e.text or "" for e in group.iter(NS + "text")]


def test_a_standalone_accessible_svg_document() -> None:
    plan, result = plan_and_schedule(DEMO)
    svg = render_gantt(plan, result)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Gantt chart: Demo"
    assert (root.get("width"), root.get("height")) == ("876", "164")
    assert root.get("viewBox") == "0 0 876 164"
    assert root.find(NS + "title") is not None
    assert root.findtext(NS + "title") == "Gantt chart: Demo"
    assert root.findtext(NS + "desc") == (
        "2 tasks from 7 Mar 2008 to 10 Mar 2008, 2 on the critical path (outlined in red). "
        "Bars are coloured by work package."
    )


def test_a_row_per_task_with_id_and_name() -> None:
    root = draw(LINKS)
    assert texts(root, "task-id") == ["1", "2", "3", "4", "5", "6"]
    assert texts(root, "name") == [
        "A",
        "After A",
        "With A",
        "Ends with A",
        "Ends after A starts",
        "Done",
    ]
    assert [e.get("x") for e in shapes(root, "text", "name")] == ["48"] * 6


def test_one_bar_per_task_that_is_neither_summary_nor_milestone() -> None:
    plan, result = plan_and_schedule(LINKS)
    root = ET.fromstring(render_gantt(plan, result))
    working = [t.id for t in result.tasks if not t.summary and not t.milestone]
    assert working == [1, 2, 3, 4, 5]
    assert [e.get("data-task") for e in shapes(root, "rect", "bar")] == ["1", "2", "3", "4", "5"]
    assert shapes(root, "path", "summary") == []


def test_bar_geometry_follows_calendar_days() -> None:
    root = draw(DEMO)
    # A: Friday 7 March 08:00 to Monday 10 March 17:00 covers 7-10 March, days 4 to 8.
    bar = shape(root, "rect", "bar", 1)
    assert (bar.get("x"), bar.get("y"), bar.get("width"), bar.get("height")) == (
        "364",
        "71",
        "64",
        "12",
    )
    assert bar.findtext(NS + "title") == "1 A: 7 Mar 2008 to 10 Mar 2008"


def test_milestone_is_a_diamond_at_the_nearest_day_boundary() -> None:
    root = draw(DEMO)
    # B is at 17:00 on 10 March, so it sits at midnight ending that day: x = 300 + 16 * 8.
    diamond = shape(root, "polygon", "milestone", 2)
    assert diamond.get("points") == "428,93 434,99 428,105 422,99"
    assert shapes(root, "rect", "bar") == [shape(root, "rect", "bar", 1)]
    assert "Milestone" in legend(root)


def test_a_path_per_link_from_the_right_end_to_the_right_end() -> None:
    root = draw(LINKS)
    links = {
        (e.get("data-from"), e.get("data-to"), e.get("data-type")): e
        for e in shapes(root, "path", "link")
    }
    assert len(shapes(root, "path", "link")) == 6
    # A spans x 364-428 at y 77. FS: right from A's finish, then down onto the top of 2 (which
    # starts where A ends, at 428).
    assert links["1", "2", "FS"].get("d") == "M428 77H434V93"
    # SS: left from A's start, down, right into 3's start.
    assert links["1", "3", "SS"].get("d") == "M364 77H358V121H364"
    # FF: right from A's finish, down, left into 4's finish (also 428).
    assert links["1", "4", "FF"].get("d") == "M428 77H434V143H428"
    # SF: left from A's start; 5 finishes to the right (444), so detour along the row gap.
    assert links["1", "5", "SF"].get("d") == "M364 77H358V88H450V165H444"
    # Into a milestone: straight down onto its top point.
    assert links["2", "6", "FS"].get("d") == "M444 99H444V181"
    assert links["4", "6", "FS"].get("d") == "M428 143H444V181"
    for link in links.values():
        assert link.get("marker-end") in ("url(#arrow)", "url(#arrow-critical)")


def test_critical_tasks_and_links_are_marked_red() -> None:
    root = draw(CRITICAL)
    long, short = shape(root, "rect", "bar", 2), shape(root, "rect", "bar", 3)
    assert long.get("class") == "bar critical"
    assert (long.get("stroke"), long.get("stroke-width")) == (VERMILLION, "2")
    assert short.get("class") == "bar"
    assert (short.get("stroke"), short.get("stroke-width")) == (INK, "1")
    assert shape(root, "rect", "bar", 1).get("class") == "bar"
    assert shape(root, "polygon", "milestone", 4).get("class") == "milestone critical"
    links = {e.get("data-from"): e for e in shapes(root, "path", "link")}
    assert links["2"].get("class") == "link critical"
    assert links["2"].get("stroke") == VERMILLION
    assert links["2"].get("marker-end") == "url(#arrow-critical)"
    assert links["3"].get("class") == "link"
    assert links["3"].get("marker-end") == "url(#arrow)"
    assert "Critical path" in legend(root)
    assert "2 on the critical path" in (root.findtext(NS + "desc") or "")


def test_text_is_escaped_and_round_trips() -> None:
    text = DEMO.replace("name: Demo", "name: Demo \"quoted\" & 'single' <odd>").replace(
        "name: A,", 'name: "Say \\"hi\\" & <b>\\u0001",'
    )
    plan, result = plan_and_schedule(text)
    svg = render_gantt(plan, result)
    assert "B &amp; &lt;C&gt;" in svg
    assert "<C>" not in svg and "<odd>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert texts(root, "name") == ['Say "hi" & <b>', "B & <C>"]
    name = "Demo \"quoted\" & 'single' <odd>"
    assert root.get("aria-label") == f"Gantt chart: {name}"
    assert root.findtext(NS + "title") == f"Gantt chart: {name}"


def test_colour_by_work_package_then_by_lead_partner() -> None:
    by_wp = draw(PARTNERS)
    assert [shape(by_wp, "rect", "bar", i).get("fill") for i in (1, 2, 3, 4)] == [
        BLUE,
        ORANGE,
        SKY,
        GREY,
    ]
    assert legend(by_wp) == [
        "WP1 First",
        "WP2 Second",
        "WP3 Third",
        "No work package",
        "Critical path",
    ]
    # WP1's first lead is Al, of South (the second partner); WP2's is Bo, of North; WP3 has
    # no lead and task 4 no work package.
    by_partner = draw(PARTNERS, colour_by="partner")
    assert [shape(by_partner, "rect", "bar", i).get("fill") for i in (1, 2, 3, 4)] == [
        ORANGE,
        BLUE,
        GREY,
        GREY,
    ]
    assert legend(by_partner) == ["North", "South", "No lead partner", "Critical path"]
    assert "coloured by lead partner" in (by_partner.findtext(NS + "desc") or "")


def test_groups_beyond_the_palette_are_textured() -> None:
    wps = "\n".join(f"  - {{code: W{i}, name: Package {i}}}" for i in range(1, 9))
    tasks = "\n".join(
        f"  - {{id: {i}, name: T{i}, duration: 1d, work_package: W{i}}}" for i in range(1, 9)
    )
    root = draw(
        f"project: {{name: Many, start: 2008-03-07}}\nwork_packages:\n{wps}\ntasks:\n{tasks}"
    )
    assert shape(root, "rect", "bar", 7).get("fill") == BLUE
    assert shape(root, "rect", "bar", 8).get("fill") == ORANGE
    assert [e.get("fill") for e in shapes(root, "rect", "texture")] == ["url(#hatch)"] * 2
    assert shapes(root, "rect", "texture")[0].get("x") == shape(root, "rect", "bar", 7).get("x")


def test_invalid_colour_by_is_refused() -> None:
    plan, result = plan_and_schedule(DEMO)
    with pytest.raises(ValueError, match="colour_by"):
        render_gantt(plan, result, colour_by="person")


@pytest.mark.parametrize(
    ("today", "x"),
    [
        (None, None),
        (date(2008, 3, 2), None),  # before the first drawn day, Monday 3 March
        (date(2008, 3, 3), "300"),
        (date(2008, 3, 12), "444"),
        (date(2008, 4, 6), "844"),  # the last drawn day: five weeks from 3 March
        (date(2008, 4, 7), None),
        (date(2026, 1, 1), None),
    ],
)
def test_today_line_only_inside_the_drawn_range(today: date | None, x: str | None) -> None:
    root = draw(DEMO, today=today)
    lines = shapes(root, "line", "today")
    assert [line.get("x1") for line in lines] == ([x] if x else [])
    assert ("Today" in legend(root)) is (x is not None)


def test_dates_axis_months_and_weeks() -> None:
    root = draw(DEMO)
    assert texts(root, "month") == ["Mar 2008", "Apr 2008"]
    assert [e.get("x") for e in shapes(root, "text", "month")] == ["304", "768"]
    assert texts(root, "week") == ["3", "10", "17", "24", "31"]
    assert [e.get("x") for e in shapes(root, "text", "week")] == ["302", "414", "526", "638", "750"]


def test_deadlines_are_arrows_red_when_missed() -> None:
    text = DEMO.replace("work_package: WP1}", "work_package: WP1, deadline: 2008-03-07}")
    text += '  - {id: 3, name: Later, duration: 1d, predecessors: "1", deadline: 2008-03-14}\n'
    root = draw(text)
    missed = shape(root, "polygon", "deadline", 1)
    assert missed.get("class") == "deadline missed"
    assert missed.get("fill") == VERMILLION
    # 17:00 on 7 March: the arrow points at the end of that day, x = 300 + 16 * 5.
    assert missed.get("points") == "378.5,67 381.5,67 381.5,71 384.5,71 380,76 375.5,71 378.5,71"
    met = shape(root, "polygon", "deadline", 3)
    assert (met.get("class"), met.get("fill")) == ("deadline", INK)
    assert met.get("points", "").startswith("490.5,111 ")  # end of 14 March, row 3
    assert legend(root)[-2:] == ["Deadline", "Missed deadline"]


def test_summaries_are_brackets_and_children_are_indented() -> None:
    # Built by hand from a flat schedule, so that this tests the drawing alone.
    plan, flat = plan_and_schedule(LINKS)
    kids = flat.tasks[1:3]
    summary = kids[0]._replace(
        id=9,
        name="Phase",
        summary=True,
        critical=False,
        start=min(t.start for t in kids),
        finish=max(t.finish for t in kids),
    )
    tasks = [flat.tasks[0], summary, *(t._replace(level=2, parent=9) for t in kids)]
    root = ET.fromstring(render_gantt(plan, Schedule(flat.start, flat.finish, tasks)))
    # The summary covers 7-11 March (x 364-444) in row 1 (y 88).
    assert shape(root, "path", "summary", 9).get("d") == ("M364 94H444V103L440 98H368L364 103Z")
    assert [e.get("data-task") for e in shapes(root, "rect", "bar")] == ["1", "2", "3"]
    names = shapes(root, "text", "name")
    assert [(e.text, e.get("x"), e.get("font-weight")) for e in names] == [
        ("A", "48", None),
        ("Phase", "48", "bold"),
        ("After A", "62", None),
        ("With A", "62", None),
    ]
    assert "Summary" in legend(root)


def test_long_plans_are_drawn_narrower() -> None:
    root = draw(DEMO.replace("duration: 2d", "duration: 300d"))
    # 300 working days from 7 March 2008 end on 30 April 2009: 420 calendar days at 2.5 px.
    bar = shape(root, "rect", "bar", 1)
    assert (bar.get("x"), bar.get("width")) == ("310", "1050")


@pytest.mark.parametrize(
    ("days", "px"),
    [(8, 16.0), (42, 16.0), (43, 8.0), (91, 8.0), (92, 4.0), (182, 4.0), (365, 3.0), (366, 2.5)],
)
def test_px_per_day(days: int, px: float) -> None:
    assert px_per_day(days) == px


def test_output_is_deterministic() -> None:
    plan, result = plan_and_schedule(PARTNERS)
    first = render_gantt(plan, result, colour_by="partner", today=date(2008, 3, 10))
    assert render_gantt(plan, result, colour_by="partner", today=date(2008, 3, 10)) == first
    again, rescheduled = plan_and_schedule(PARTNERS)
    assert render_gantt(again, rescheduled, colour_by="partner", today=date(2008, 3, 10)) == first


def test_the_example_plan() -> None:
    plan = read_plan_file(Path(__file__).resolve().parents[2] / "examples/shared-ict/plan.yaml")
    result = schedule(plan)
    root = ET.fromstring(render_gantt(plan, result, colour_by="partner"))
    working = [t for t in result.tasks if not t.summary and not t.milestone]
    assert len(shapes(root, "rect", "bar")) == len(working)
    links = sum(len(t.predecessors) for t in plan.tasks)
    assert len(shapes(root, "path", "link")) == links
    critical = [t.id for t in working if t.critical]
    marked = [int(e.get("data-task") or 0) for e in shapes(root, "rect", "critical")]
    assert marked == critical
    assert legend(root)[: len(plan.partners)] == [p.name for p in plan.partners]


def test_summary_from_the_engine_and_work_package_inherited() -> None:
    root = draw(
        DEMO.split("tasks:")[0]
        + """\
tasks:
  - {id: 1, name: A, duration: 2d}
  - id: 2
    name: Phase
    work_package: WP1
    tasks:
      - {id: 3, name: Design, duration: 2d, predecessors: "1"}
      - {id: 4, name: Build, duration: 1d, predecessors: "3"}
"""
    )
    # Phase runs 11-13 March: x 428 (day 8) to 476 (day 11), in row 1.
    assert shape(root, "path", "summary", 2).get("d") == "M428 94H476V103L472 98H432L428 103Z"
    assert [e.get("data-task") for e in shapes(root, "rect", "bar")] == ["1", "3", "4"]
    fills = [shape(root, "rect", "bar", i).get("fill") for i in (1, 3, 4)]
    assert fills == [GREY, BLUE, BLUE]
    assert [e.get("x") for e in shapes(root, "text", "name")] == ["48", "48", "62", "62"]


def test_baseline_bars_under_the_current_ones() -> None:
    plan, result = plan_and_schedule(DEMO)
    saved = {1: BaselineTask(datetime(2008, 3, 10, 8), datetime(2008, 3, 11, 17), ZERO)}
    root = ET.fromstring(render_gantt(plan, result, baseline=saved))
    # Baseline of A: Monday 10 to Tuesday 11 March, days 7 to 9, under its bar (y 71-83).
    bar = shape(root, "rect", "baseline", 1)
    assert (bar.get("x"), bar.get("y"), bar.get("width"), bar.get("height")) == (
        "412",
        "84",
        "32",
        "3",
    )
    assert bar.findtext(NS + "title") == "Baseline 10 Mar 2008 to 11 Mar 2008"
    assert len(shapes(root, "rect", "baseline")) == 1  # task 2 is not in the baseline
    assert "Baseline" in legend(root)
    assert "Baseline" not in legend(draw(DEMO))


@pytest.mark.parametrize(
    ("status", "x"),
    [
        (datetime(2008, 3, 12, 17), "455.33"),  # Wednesday 12 March, 17/24 of the day on
        (datetime(2008, 3, 3, 0), "300"),
        (datetime(2008, 4, 7, 17), None),  # after the drawn weeks
    ],
)
def test_the_status_date_line(status: datetime, x: str | None) -> None:
    plan, result = plan_and_schedule(DEMO)
    root = ET.fromstring(render_gantt(plan, result, status_date=status))
    lines = shapes(root, "line", "status-date")
    assert [line.get("x1") for line in lines] == ([x] if x else [])
    assert ("Status date" in legend(root)) is (x is not None)
