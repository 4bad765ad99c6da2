"""WCAG 2.2 AA in a real browser for the governance cycle: axe-core finds no violation on the
main pages of the returns, risks and logs, board, highlight report and business case apps,
with the demo's data of spring 2008 loaded, and no RAG rating is shown by colour alone."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Page

from projectboard.web.board.models import Meeting
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import Project

from .support import axe_violations, describe_violations, log_in

AS_AT = "as_at=2008-05-06"  # the returns demo's "today"


def _check_pages(page: Page, pages: list[tuple[str, str, str]]) -> None:
    """Open each (name, path, heading) page, check its heading, run axe on it; fail after
    the last one with every violation found, so one run reports all of them."""
    found: dict[str, list[dict[str, Any]]] = {}
    headings: dict[str, str] = {}
    for where, path, heading in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, (where, path)
        shown = page.get_by_role("heading", level=1).inner_text().strip()
        if shown != heading:
            headings[where] = shown
        found[where] = axe_violations(page)
    failing = {where: v for where, v in found.items() if v}
    assert not headings, "\n".join(f"{w}: {h!r}" for w, h in headings.items())
    assert not failing, "\n\n".join(describe_violations(w, v) for w, v in failing.items())


def test_governance_pages_have_no_axe_violations(
    page: Page, demo_governance: Project, pm: User
) -> None:
    """The project manager's pages of the governance cycle, with the demo's data."""
    base = f"/projects/{demo_governance.pk}"
    options = Meeting.objects.get(project=demo_governance, number=2)
    report = HighlightReport.objects.get(project=demo_governance)
    log_in(page, "pm")
    _check_pages(
        page,
        [
            ("returns: periods", f"{base}/returns/?{AS_AT}", "RAG returns"),
            ("returns: period 4", f"{base}/returns/4/?{AS_AT}", "Returns for period 4"),
            (
                "returns: a submitted return, with the decision form",
                f"{base}/returns/4/WP-PLAN/?{AS_AT}",
                "WP-PLAN Project Plan: return for period 4",
            ),
            (
                "returns: a return's form",
                f"{base}/returns/4/WP-VISION/edit/",
                "WP-VISION Options Appraisal / Visioning: return for period 4",
            ),
            ("returns: my returns", f"{base}/returns/mine/?{AS_AT}", "My returns"),
            (
                "returns: RAG trend",
                f"{base}/returns/trend/WP-HR/?{AS_AT}",
                "RAG trend of WP-HR Human Resources",
            ),
            ("risks: register", f"{base}/risks/", "Risk register"),
            ("risks: heat map", f"{base}/risks/heat-map/", "Risk heat map"),
            (
                "risks: heat map before response",
                f"{base}/risks/heat-map/?basis=inherent",
                "Risk heat map",
            ),
            (
                "risks: R001",
                f"{base}/risks/R001/",
                "R001: Extremely tight timescales for the business case",
            ),
            ("risks: proposals", f"{base}/risks/proposals/", "Proposed risks"),
            ("logs: issues", f"{base}/issues/", "Issue log"),
            ("logs: decisions", f"{base}/decisions/", "Decision log"),
            ("logs: actions", f"{base}/actions/?as_at=2008-04-30", "Action log"),
            ("logs: lessons", f"{base}/lessons/", "Lessons log"),
            ("communications plan", f"{base}/communications/", "Communications plan"),
            (
                "consultation report",
                f"{base}/communications/consultation-report/",
                "Consultation",
            ),
            ("board: meetings", f"{base}/board/", "Board meetings"),
            (
                "board: a meeting with its decision",
                f"{base}/board/{options.pk}/",
                "Project board 2: Wed 16/04/2008 10:00",
            ),
            ("board: tolerances", f"{base}/tolerances/", "Tolerances"),
            ("board: exceptions", f"{base}/exceptions/", "Tolerances and exceptions"),
            ("highlights: list", f"{base}/highlights/", "Highlight reports"),
            (
                "highlights: the report",
                f"{base}/highlights/{report.pk}/",
                "Highlight report: 25/03/2008 to 07/04/2008",
            ),
            (
                "highlights: edit",
                f"{base}/highlights/{report.pk}/edit/",
                "Edit the highlight report for 25/03/2008 to 07/04/2008",
            ),
            (
                "business case",
                f"{base}/business-case/",
                "Business case: Allerdale–Carlisle Shared ICT Service – Business Case",
            ),
            (
                "business case: costs",
                f"{base}/business-case/costs/",
                "Cost model: HOST Shared service hosted by one council",
            ),
            ("business case: funding", f"{base}/business-case/funding/", "Project funding"),
            (
                "business case: appraisal",
                f"{base}/business-case/appraisal/",
                "Investment appraisal",
            ),
            ("business case: options", f"{base}/business-case/options/", "Options appraisal"),
            (
                "business case: satisfaction",
                f"{base}/business-case/satisfaction/",
                "User satisfaction",
            ),
        ],
    )


def test_board_members_pages_have_no_axe_violations(
    page: Page, demo_governance: Project, board_member: User
) -> None:
    """What a board member uses: the stop/go decision form of a meeting still to come."""
    base = f"/projects/{demo_governance.pk}"
    third = Meeting.objects.get(project=demo_governance, number=3)
    log_in(page, "board")
    _check_pages(
        page,
        [
            (
                "board: the stop/go decision form",
                f"{base}/board/{third.pk}/decision/",
                "Stop/go decision: Project board 3",
            ),
        ],
    )


# Every element coloured for a RAG rating: the returns' and the highlight report's ``rag-*``
# labels and the heat map's ``cell-*`` cells.
_COLOURED = """() => Array.from(document.querySelectorAll('main [class]'))
    .filter(el => /(^|\\s)(rag|cell)-(red|amber|green)(\\s|$)/.test(el.className))
    .map(el => ({html: el.outerHTML.split('>')[0] + '>', classes: el.className,
                 text: el.innerText}))"""


def test_rag_is_never_shown_by_colour_alone(page: Page, demo_governance: Project, pm: User) -> None:
    """Wherever a colour stands for Red, Amber or Green, the word is written in it too; the
    count of coloured elements per page shows that the check saw the ratings of the demo."""
    base = f"/projects/{demo_governance.pk}"
    report = HighlightReport.objects.get(project=demo_governance)
    log_in(page, "pm")
    counts: dict[str, dict[str, int]] = {}
    wordless: list[str] = []
    for path in [
        f"{base}/returns/4/?{AS_AT}",
        f"{base}/returns/3/WP-HR/?{AS_AT}",
        f"{base}/returns/trend/WP-HR/?{AS_AT}",
        f"{base}/risks/",
        f"{base}/risks/heat-map/",
        f"{base}/risks/R001/",
        f"{base}/highlights/{report.pk}/",
    ]:
        page.goto(path)
        counts[path] = {"red": 0, "amber": 0, "green": 0}
        for el in page.evaluate(_COLOURED):
            colour = re.search(r"(?:rag|cell)-(red|amber|green)", el["classes"])
            assert colour is not None
            counts[path][colour[1]] += 1
            if colour[1].capitalize() not in el["text"]:
                wordless.append(f"{path}: {el['html']} says {el['text']!r}")
    assert not wordless, "\n".join(wordless)
    assert counts == {
        f"{base}/returns/4/?{AS_AT}": {"red": 4, "amber": 10, "green": 6},
        f"{base}/returns/3/WP-HR/?{AS_AT}": {"red": 4, "amber": 2, "green": 1},
        f"{base}/returns/trend/WP-HR/?{AS_AT}": {"red": 2, "amber": 2, "green": 0},
        f"{base}/risks/": {"red": 3, "amber": 9, "green": 0},
        f"{base}/risks/heat-map/": {"red": 6, "amber": 11, "green": 8},
        f"{base}/risks/R001/": {"red": 1, "amber": 1, "green": 0},
        f"{base}/highlights/{report.pk}/": {"red": 0, "amber": 1, "green": 0},
    }
