"""Whole flows through the browser: the project manager changes a task's duration and the
Gantt moves by what the engine says; a work-package lead changes their own work package and
is refused another's."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.engine import Plan, Schedule, schedule
from projectboard.engine.durations import parse_duration
from projectboard.reports.gantt import px_per_day
from projectboard.web.projects.models import Project
from projectboard.web.projects.plan import project_plan

from .support import log_in

TASK, SUCCESSOR = 6, 7
OLD_DURATION, NEW_DURATION = "17.7d", "27.7d"


def _bar(page: Page, task: int) -> tuple[float, float]:
    """The x and width of a task's bar in the Gantt page's SVG."""
    bar = page.locator(f'svg rect.bar[data-task="{task}"]')
    expect(bar).to_have_count(1)
    x, width = bar.get_attribute("x"), bar.get_attribute("width")
    assert x is not None and width is not None
    return float(x), float(width)


def _chart_scale(result: Schedule) -> tuple[datetime, float]:
    """Where the Gantt's timeline starts and its pixels per day, as ``render_gantt`` works
    them out (the seed plan has no deadlines)."""
    first = min([result.start, *(t.start for t in result.tasks)]).date()
    last = max(
        d.date() + timedelta(days=0 if d.time() == time(0) else 1)
        for d in [result.finish, *(t.finish for t in result.tasks)]
    )
    origin = first - timedelta(days=first.weekday())
    return datetime.combine(origin, time(0)), px_per_day((last - origin).days)


def _with_duration(plan: Plan, task: int, text: str) -> Plan:
    for t in plan.tasks:
        if t.id == task:
            t.duration = parse_duration(text)
    return plan


def test_pm_changes_a_duration_and_the_gantt_moves(page: Page, project: Project, pm: User) -> None:
    # What the engine says the change does.
    before = schedule(project_plan(project))
    after = schedule(_with_duration(project_plan(project), TASK, NEW_DURATION))
    origin_before, ppd = _chart_scale(before)
    origin_after, ppd_after = _chart_scale(after)
    assert (origin_after, ppd_after) == (origin_before, ppd), "the chart's scale changed"
    start7 = {s.id: s.start.date() for s in before.tasks}[SUCCESSOR]
    start7_after = {s.id: s.start.date() for s in after.tasks}[SUCCESSOR]
    shift_days = (start7_after - start7).days
    assert shift_days > 0, "the change should delay the successor"

    log_in(page, "pm")
    gantt_url = f"/projects/{project.pk}/gantt/"
    page.goto(gantt_url)
    x6, w6 = _bar(page, TASK)
    x7, w7 = _bar(page, SUCCESSOR)

    page.goto(f"/projects/{project.pk}/plan/")
    row = page.locator(f"#task-{TASK}")
    expect(row).to_contain_text(OLD_DURATION)
    row.get_by_role("link", name=f"Edit task {TASK}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Edit task {TASK}")
    duration = page.get_by_label("Duration")
    expect(duration).to_have_value(OLD_DURATION)
    duration.fill(NEW_DURATION)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"Task {TASK} saved.")
    expect(page.locator(f"#task-{TASK}")).to_contain_text(NEW_DURATION)

    page.goto(gantt_url)
    x6_after, w6_after = _bar(page, TASK)
    x7_after, w7_after = _bar(page, SUCCESSOR)
    assert x6_after == x6
    assert w6_after > w6
    assert x7_after - x7 == pytest.approx(shift_days * ppd, abs=0.01), (x7, x7_after, ppd)
    assert w7_after == w7


def test_lead_edits_own_work_package_but_not_another(
    page: Page, project: Project, wp_lead_fin: User
) -> None:
    gis_timescale = project.work_packages.get(code="WP-GIS").timescale
    log_in(page, "lead-fin")
    page.goto(f"/projects/{project.pk}/work-packages/WP-FIN/")
    page.get_by_role("link", name="Edit this work package").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("WP-FIN")
    timescale = page.get_by_label("Timescale")
    timescale.fill("April to September 2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("WP-FIN saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("WP-FIN: Finance / Budgets")
    expect(page.get_by_text("April to September 2026")).to_be_visible()
    assert project.work_packages.get(code="WP-FIN").timescale == "April to September 2026"

    page.goto(f"/projects/{project.pk}/work-packages/WP-GIS/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("WP-GIS")
    expect(page.get_by_role("link", name="Edit this work package")).to_have_count(0)
    response = page.goto(f"/projects/{project.pk}/work-packages/WP-GIS/edit/")
    assert response is not None
    assert response.status == 403
    assert project.work_packages.get(code="WP-GIS").timescale == gis_timescale
