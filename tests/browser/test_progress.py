"""A work-package lead updates their tasks' progress in the browser, and the progress,
baseline, variance and "what moved" pages have no axe-core (WCAG 2.2 AA) violation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.web.projects.models import Project, Task

from .support import axe_violations, describe_violations, log_in


def _no_violations(found: dict[str, list[dict[str, Any]]]) -> None:
    report = [describe_violations(where, v) for where, v in found.items() if v]
    assert not report, "\n".join(report)


def test_a_lead_updates_their_tasks_progress(
    page: Page, project: Project, wp_lead_fin: User
) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    log_in(page, "lead-fin")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress")
    # No status date yet: every task of theirs is listed, and only theirs (WP-FIN: task 6).
    rows = page.locator("table.progress tbody tr")
    expect(rows).to_have_count(1)
    found["progress"] = axe_violations(page)

    # A finish before the start: the error is beside the field, and nothing is saved.
    page.get_by_label("Task 6 actual start").fill("2008-04-22")
    page.get_by_label("Task 6 actual finish").fill("2008-04-21")
    page.get_by_label("Task 6 % complete").fill("100")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator("#id_task-6-actual_finish-error")).to_have_text(
        "actual finish 2008-04-21 17:00 is before the actual start 2008-04-22 08:00"
    )
    expect(page.get_by_role("alert")).to_contain_text("Task 6 actual finish:")
    found["progress, in error"] = axe_violations(page)
    assert Task.objects.get(project=project, number=6).actual_start == ""

    page.get_by_label("Task 6 actual finish").fill("")
    page.get_by_label("Task 6 % complete").fill("40")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_role("status")).to_have_text("Progress saved for task 6.")
    expect(page.locator("#task-6 .status")).to_have_text("In progress")
    expect(page.get_by_label("Task 6 % complete")).to_have_value("40")
    task = Task.objects.get(project=project, number=6)
    assert (task.actual_start, task.percent_complete) == ("2008-04-22", 40)
    _no_violations(found)


def test_the_baseline_pages_have_no_axe_violations(page: Page, project: Project, pm: User) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    log_in(page, "pm")
    page.goto(f"/projects/{project.pk}/baselines/")
    found["baselines, none saved"] = axe_violations(page)
    page.get_by_role("button", name="Save the current schedule as a baseline").click()
    expect(page.get_by_role("status")).to_have_text("Baseline saved.")
    found["baselines"] = axe_violations(page)
    page.get_by_role("button", name="Save the current schedule as a baseline").click()
    expect(page.get_by_role("heading", name="Save over a saved baseline?")).to_be_visible()
    found["saving over a baseline"] = axe_violations(page)
    page.goto(f"/projects/{project.pk}/progress/status-date/")
    page.get_by_label("Status date").fill("2008-03-14")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Status date: 2008-03-14.")
    page.get_by_label("Task 1 actual start").fill("2008-03-07")
    page.get_by_label("Task 1 actual finish").fill("2008-03-10")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_role("status")).to_have_text("Progress saved for task 1.")
    found["progress, project manager"] = axe_violations(page)
    page.get_by_role("link", name="Reschedule uncompleted work after the status date").click()
    found["reschedule"] = axe_violations(page)
    page.get_by_role("button", name="Reschedule uncompleted work").click()
    nav = page.get_by_role("navigation", name="Project")
    nav.get_by_role("link", name="Variance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Variance against Baseline")
    found["variance"] = axe_violations(page)
    nav.get_by_role("link", name="What moved").click()
    # Task 1 finished a working day late, and task 2 (which follows it) had not started
    # by the status date: rescheduled, it starts Mon 17/03, five working days after
    # Mon 10/03, and so does everything after it.
    expect(page.locator("p.project-finish")).to_have_text(
        "Project finish: Tue 01/07/2008 17:00 to Tue 08/07/2008 17:00 (+5 d)."
    )
    found["what moved"] = axe_violations(page)
    _no_violations(found)
