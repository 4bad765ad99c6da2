"""The demo's highlight report: a draft for the seed project's fortnight from 25 March to
7 April 2008, drafted from the plan, the returns, the risk register and logs and the board,
with text taken from the PID and the council report."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from projectboard.web.highlights.models import HighlightReport, Rag
from projectboard.web.highlights.services import highlight_report_draft, highlight_report_update
from projectboard.web.projects.models import Project

PERIOD = (date(2008, 3, 25), date(2008, 4, 7))
# Drafted the morning after the period, as the project manager would have.
DRAFTED = datetime(2008, 4, 8, 9, 0, tzinfo=ZoneInfo("Europe/London"))

TEXTS = {
    "summary": (
        "The project initiation document was presented to the project board for acceptance "
        "at its meeting on 2 April 2008.\n\n"
        "The visioning and options workshop is provisionally scheduled for 8 April 2008; it "
        "includes the first stop/go decision point."
    ),
    "budget": (
        "Initial funding of £10,000 from each Council has been agreed to cover the costs of "
        "any external assistance."
    ),
    "decisions": (
        "Ratify the initial stop/go decision taken at the visioning workshop on 8 April 2008.\n\n"
        "Decide the circulation of project board minutes."
    ),
}


def load_demo(project: Project) -> HighlightReport:
    """Draft the report as the system (no user); its author is the project manager.

    Load order matters: the report's tables are captured when it is drafted, from the
    returns, the risk register and logs and the board as they are then. Call this after
    the returns, risks and board demo loaders (in that order: the board's stop/go
    decisions go to the logs the risks demo fills); drafted earlier, those tables say that
    there is nothing to report."""
    report = highlight_report_draft(
        project=project, period_start=PERIOD[0], period_end=PERIOD[1], by=None, now=DRAFTED
    )
    return highlight_report_update(
        report=report,
        expected_version=report.version,
        overall_rag=Rag.AMBER,
        overall_comment="Timescales are tight",
        texts=TEXTS,
        by=None,
    )
