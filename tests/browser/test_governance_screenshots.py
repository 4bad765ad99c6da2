"""The governance cycle's screenshots in the README, with the demo's data of spring 2008: the
RAG returns of period 4 as at 6 May 2008 (who is late), the draft highlight report, the risk
heat map, the board meeting of 16 April 2008 with its stop/go decision, and the business
case's cost model, as the project manager sees them, full page, 1280 px wide. Each run writes
them again under docs/screenshots/, where they are kept as documentation."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from projectboard.web.board.models import Meeting
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import Project

from .support import REPO, log_in

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_governance_screenshots(page: Page, demo_governance: Project, pm: User) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = f"/projects/{demo_governance.pk}"
    report = HighlightReport.objects.get(project=demo_governance)
    options = Meeting.objects.get(project=demo_governance, number=2)
    log_in(page, "pm")
    pages = {
        "returns-period": (f"{base}/returns/4/?as_at=2008-05-06", "Returns for period 4"),
        "highlight-report": (
            f"{base}/highlights/{report.pk}/",
            "Highlight report: 25/03/2008 to 07/04/2008",
        ),
        "risk-heat-map": (f"{base}/risks/heat-map/", "Risk heat map"),
        "board-meeting": (f"{base}/board/{options.pk}/", "Project board 2: Wed 16/04/2008 10:00"),
        "business-costs": (
            f"{base}/business-case/costs/",
            "Cost model: HOST Shared service hosted by one council",
        ),
    }
    for name, (path, heading) in pages.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # The page reflows to the window (WCAG 1.4.10): wide tables scroll in their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        target = SCREENSHOTS / f"{name}.png"
        png = page.screenshot(full_page=True, animations="disabled", caret="hide")
        # Rewritten only when the picture changed, so an unchanged page leaves the file alone.
        if not target.exists() or target.read_bytes() != png:
            target.write_bytes(png)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width == 1280, (name, width)
