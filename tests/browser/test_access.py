"""Who sees what, through the browser: a work-package lead finds their work package under
"My work packages"; someone outside the project sees no project, and its pages are 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.web.projects.models import Project

from .support import log_in


def test_lead_sees_their_work_package(page: Page, project: Project, wp_lead_fin: User) -> None:
    log_in(page, "lead-fin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My work packages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work packages")
    table = page.get_by_role("table", name="Work packages you lead or deputise for")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(project.name)
    expect(rows.first).to_contain_text("Lead")
    rows.first.get_by_role("link", name="WP-FIN Finance / Budgets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WP-FIN: Finance / Budgets")


def test_outsider_sees_no_project(page: Page, project: Project, outsider: User) -> None:
    log_in(page, "outsider")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    expect(page.get_by_text("You are not a member of any project.")).to_be_visible()
    expect(page.get_by_role("link", name=project.name)).to_have_count(0)

    for path in ("", "work-packages/", "work-packages/WP-FIN/", "plan/", "gantt/"):
        response = page.goto(f"/projects/{project.pk}/{path}")
        assert response is not None
        assert response.status == 404, (path, response.status)
        expect(page.get_by_text(project.name)).to_have_count(0)

    page.goto("/my-work-packages/")
    expect(page.get_by_text("You do not lead or deputise for any work package.")).to_be_visible()
