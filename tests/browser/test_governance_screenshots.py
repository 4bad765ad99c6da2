"""The governance cycle's screenshots in the README, with the demo's data of spring 2008: the
RAG returns of period 4 as at 6 May 2008 (who is late), the draft highlight report, the risk
heat map, the board meeting of 16 April 2008 with its stop/go decision, and the business
case's cost model, as the project manager sees them, full page, 1280 px wide. Each run writes
them again under docs/screenshots/, where they are kept as documentation."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import FloatRect, Page, expect

from projectboard.web.board.models import Meeting
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import Project

from .support import REPO, log_in

SCREENSHOTS = REPO / "docs" / "screenshots"


def _window_wide(page: Page) -> FloatRect:
    """The whole height of the page, as wide as the window."""
    size = page.viewport_size
    assert size is not None
    height: int = page.evaluate("document.documentElement.scrollHeight")
    return {"x": 0, "y": 0, "width": size["width"], "height": height}


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
        target = SCREENSHOTS / f"{name}.png"
        # The cost lines table is wider than 1280 px (the page scrolls sideways): the picture
        # is what a 1280 px window shows, scrolled to the left.
        clip = _window_wide(page) if name == "business-costs" else None
        png = page.screenshot(full_page=True, animations="disabled", caret="hide", clip=clip)
        # Rewritten only when the picture changed, so an unchanged page leaves the file alone.
        if not target.exists() or target.read_bytes() != png:
            target.write_bytes(png)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width == 1280, (name, width)
