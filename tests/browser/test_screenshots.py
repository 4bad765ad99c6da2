"""The screenshots in the README: the dashboard (as at 18 April 2008, in the seed project's
run), the plan, the plan with a task being edited in place, and the Gantt chart of the seed
project as its project manager sees them, full page, 1280 px wide. Each run writes them
again under docs/screenshots/, where they are kept as documentation."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.web.projects.models import Project

from .support import REPO, log_in

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_screenshots(page: Page, project: Project, pm: User) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, "pm")
    pages = {
        "dashboard": (f"/projects/{project.pk}/?as_at=2008-04-18", project.name),
        "plan": (f"/projects/{project.pk}/plan/", "Plan"),
        "plan-edit": (f"/projects/{project.pk}/plan/", "Plan"),
        "gantt": (f"/projects/{project.pk}/gantt/", "Gantt chart"),
    }
    for name, (path, heading) in pages.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if name == "plan-edit":
            page.get_by_role("link", name="Edit task 6").click()
            expect(page.locator("#task-6").get_by_label("Name")).to_be_focused()
        target = SCREENSHOTS / f"{name}.png"
        png = page.screenshot(full_page=True, animations="disabled", caret="hide")
        # Rewritten only when the picture changed, so an unchanged page leaves the file alone.
        if not target.exists() or target.read_bytes() != png:
            target.write_bytes(png)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width == 1280, (name, width)
