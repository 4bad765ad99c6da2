"""Whole flows through the browser: the project manager imports the seed's plan table into
a new project; changes a task's duration on its own page and the Gantt moves by what the
engine says, or in place on the plan and the dependent task's dates move without a page
load; a work-package lead changes their own work package and tasks and is refused another's."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.engine import Plan, Schedule, schedule
from projectboard.engine.durations import parse_duration
from projectboard.reports.gantt import px_per_day
from projectboard.web.projects.models import Membership, Person, Project, Role
from projectboard.web.projects.plan import project_plan

from .support import REPO, htmx_settled, log_in

SEED_CSV = REPO / "examples" / "shared-ict" / "seed-plan.csv"

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
    # The Edit link is the full edit page's (htmx opens a form in place instead: below).
    edit = row.get_by_role("link", name=f"Edit task {TASK}")
    href = edit.get_attribute("href")
    assert href == f"/projects/{project.pk}/tasks/{TASK}/edit/"
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Edit task {TASK}")
    duration = page.get_by_label("Duration")
    expect(duration).to_have_value(OLD_DURATION)
    duration.fill(NEW_DURATION)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text(f"Task {TASK} saved.")
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
    expect(page.locator(".messages")).to_contain_text("WP-FIN saved.")
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


def _seed_rows() -> list[dict[str, str]]:
    with SEED_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_pm_imports_the_seed_table_into_a_new_project(page: Page, pm: User) -> None:
    """The plan table as MS Project printed it: the preview warns of the four typed starts
    read as constraints, and once confirmed the plan has the seed's 19 tasks on its dates."""
    new = Project.objects.create(name="Shared ICT, imported", start=date(2008, 3, 7))
    Membership.objects.create(project=new, person=Person.objects.get(user=pm), role=Role.PM)
    log_in(page, "pm")
    page.goto(f"/projects/{new.pk}/plan/")
    expect(page.locator("#plan-table tbody tr")).to_have_count(0)
    page.get_by_role("link", name="Import a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    page.get_by_label("Plan file").set_input_files(SEED_CSV)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import preview: seed-plan.csv")
    warnings = page.locator(".import-warnings li")
    expect(warnings).to_have_text(
        [
            f"seed-plan.csv: task {n}: its start is later than its links allow; "
            "read as a Start No Earlier Than constraint"
            for n in (3, 14, 4, 5)
        ]
    )
    expect(page.get_by_role("table", name="Tasks added (19)")).to_be_visible()
    page.get_by_role("button", name="Import these changes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Plan")
    expect(page.locator(".messages")).to_have_text(
        "Plan imported: 19 tasks added, 0 changed, 0 removed."
    )
    rows = page.locator("#plan-table tr[id^=task-]")
    expect(rows).to_have_count(19)
    for seed in _seed_rows():
        row = page.locator(f"#task-{seed['ID']}")
        cells = row.locator("td")
        # ID, duration, predecessors, constraint, start, finish, ... (the name is a th).
        start = datetime.strptime(seed["Start"], "%d/%m/%y").strftime("%a %d/%m/%Y")
        finish = datetime.strptime(seed["End"], "%d/%m/%y").strftime("%a %d/%m/%Y")
        expect(row.get_by_role("rowheader")).to_have_text(seed["Task Name"])
        expect(cells.nth(4)).to_contain_text(start)
        expect(cells.nth(5)).to_contain_text(finish)
    expect(page.locator("#task-14 td").nth(3)).to_have_text("SNET 2008-04-18")


def test_pm_changes_a_duration_in_place_and_the_successor_moves(
    page: Page, project: Project, pm: User
) -> None:
    """Edit swaps the row for a form with the focus in it; Save re-renders the whole table
    without loading the page, the dependent task's dates move (and say so), and the focus
    returns to the Edit link. An invalid value keeps the row in edit mode with the error
    beside the field; Cancel gives the row back."""
    log_in(page, "pm")
    page.goto(f"/projects/{project.pk}/plan/")
    page.evaluate("window.loadedOnce = true")  # gone if the page is loaded again
    seven = page.locator(f"#task-{SUCCESSOR}")
    expect(seven).to_contain_text("Fri 30/05/2008 09:36")

    page.get_by_role("link", name=f"Edit task {TASK}").click()
    row = page.locator(f"#task-{TASK}")
    expect(row).to_have_class("editing")
    expect(row.get_by_label("Name")).to_be_focused()
    htmx_settled(page)
    duration = row.get_by_label("Duration")
    expect(duration).to_have_value(OLD_DURATION)

    # An unknown predecessor: the row stays a form, the error is beside the field.
    row.get_by_label("Predecessors").fill("5, 99")
    row.get_by_role("button", name=f"Save task {TASK}").click()
    expect(row.locator(f"#task-{TASK}-predecessors_error")).to_have_text(
        "predecessor '99' does not exist"
    )
    expect(row.get_by_label("Predecessors")).to_be_focused()
    expect(row.get_by_role("alert")).to_contain_text("There is a problem")

    row.get_by_label("Predecessors").fill("5")
    row.get_by_label("Duration").fill(NEW_DURATION)
    row.get_by_role("button", name=f"Save task {TASK}").click()
    expect(page.locator("#plan-status")).to_have_text(
        f"Task {TASK} saved. Dates moved for 2 tasks: {TASK}, {SUCCESSOR}."
    )
    expect(seven).to_contain_text("Fri 13/06/2008 09:36 moved, was Fri 30/05/2008 09:36")
    expect(page.locator(f"#task-{TASK}")).to_contain_text(NEW_DURATION)
    expect(page.get_by_role("link", name=f"Edit task {TASK}")).to_be_focused()
    assert page.evaluate("window.loadedOnce") is True, "the page was loaded again"

    # Cancel: the row comes back as it was, with the focus on its Edit link.
    page.get_by_role("link", name=f"Edit task {SUCCESSOR}").click()
    expect(seven).to_have_class("editing")
    seven.get_by_role("button", name=f"Cancel editing task {SUCCESSOR}").click()
    expect(seven).not_to_have_class("editing")
    expect(page.get_by_role("link", name=f"Edit task {SUCCESSOR}")).to_be_focused()
    assert page.evaluate("window.loadedOnce") is True


def test_a_lead_edits_only_their_own_tasks_in_place(
    page: Page, project: Project, wp_lead_fin: User
) -> None:
    log_in(page, "lead-fin")
    page.goto(f"/projects/{project.pk}/plan/")
    expect(page.get_by_role("link", name="Edit task", exact=False)).to_have_count(1)
    expect(page.locator("#task-14").get_by_role("link", name="Edit task 14")).to_have_count(0)
    expect(page.locator("#task-14").get_by_role("link", name="History of task 14")).to_be_visible()
    page.get_by_role("link", name=f"Edit task {TASK}").click()
    row = page.locator(f"#task-{TASK}")
    expect(row.get_by_label("Name")).to_be_focused()
    htmx_settled(page)  # type from here: nothing moves the focus any more
    row.get_by_label("Duration").fill("20d")
    expect(row.get_by_label("Name")).to_have_value("Finance/Budgets")
    row.get_by_role("button", name=f"Save task {TASK}").click()
    expect(page.locator("#plan-status")).to_contain_text(f"Task {TASK} saved.")
    expect(page.locator(f"#task-{TASK}")).to_contain_text("Fri 16/05/2008 12:00")
