"""The demo committee report: a draft to Carlisle's Corporate Resources Overview and
Scrutiny Committee (CROS) mirroring the seed's progress report -- its background,
recommendation and implications paraphrased. The consultation to date and proposed come from
the consultation log (the risks demo fills it; load that first), the financial and risk
implications from the demo cost model and register.

The meeting date and reference are made up, and the figures are the demo cost model's:
ILLUSTRATIVE, and the financial implication says so.
"""

from __future__ import annotations

from datetime import date

from projectboard.web.business.committee import (
    TitleBlock,
    committee_report_create,
    committee_report_update,
)
from projectboard.web.business.committee_forms import SCRUTINY
from projectboard.web.business.models import CommitteeReport
from projectboard.web.projects.models import Project

TITLE_BLOCK = TitleBlock(
    committee=SCRUTINY,
    partner="CCC",
    meeting_date=date(2008, 6, 5),  # illustrative: the seed gives no date
    reference="CORP 00/08 (illustrative)",
    report_of="Director of Corporate Services",
    title="ICT shared service with Allerdale: progress report",
    contact_officer="Angela Brown, Director of Corporate Resources",
)

BACKGROUND = (
    "This report updates the committee on the ICT shared service project with Allerdale "
    "Borough Council. The committee would normally be consulted once the Executive had "
    "commented on the outcome; officers bring it early so that members' views can be "
    "considered from the start.",
    "The committee heard of a possible shared ICT service with Allerdale at its meeting of 3 "
    "April 2008, in the report of the shared services and efficiencies working group.",
    "The project has two parts: first a joint business case, to see whether the two services "
    "could be delivered together at lower cost and with a better service; then, if the "
    "outcome is favourable, the implementation of the shared service.",
    "Since the Executive approved the start on 17 March 2008 a joint project board has been "
    "set up: both directors, both heads of service, a project manager and an HR manager. The "
    "chair rotates between the directors and the board meets at each council in turn.",
    "The board has agreed a project initiation document (Appendix A). It divides the work "
    "into work packages led by staff of both councils, with a timeline for the business case.",
    "Staff at both councils are briefed regularly, including a joint meeting of all ICT "
    "staff; a wider communications plan has been agreed and is being carried out.",
    "User satisfaction with the current ICT service has been baselined, so that the service "
    "can be surveyed again after any change and quality does not drop.",
    "External consultants will verify the business case before it goes to both councils.",
    "The business case is to come to this committee on 24 July, before the Executive decides "
    "on 28 July whether to proceed; Allerdale's Executive is to decide on 6 August.",
    "Progress has been considerable, but the timescales are very tight, made tighter by job "
    "evaluation at both councils, and the HR aspects have still to be worked through: a note "
    "of caution is appropriate.",
)

TEXTS = {
    "summary": (
        "An early update on the project to develop a business case for a shared ICT service "
        "with Allerdale Borough Council, so that the committee's views can be considered "
        "while the business case is being prepared."
    ),
    "background": "\n\n".join(BACKGROUND),
    "recommendations": (
        "Members are asked to make known any views or comments on a joint ICT service with "
        "Allerdale that they would like the project team to consider."
    ),
    "staffing": "To be detailed as part of the business case.",
    "legal": "To be detailed as part of the business case.",
    "equality": "None.",
    "environmental": "None.",
    "crime_disorder": "None.",
    "background_papers": "Project initiation document: shared ICT service (Appendix A).",
}


def load_committee_demo(project: Project) -> CommitteeReport:
    """Draft the demo report (as the system) and write its text."""
    report = committee_report_create(project=project, title_block=TITLE_BLOCK, by=None)
    texts = dict(TEXTS)
    texts["financial"] = (
        report.texts["financial"] + "\n\nThe full costs will be detailed in the business case."
    )
    texts["risk"] = report.texts["risk"]
    return committee_report_update(
        report=report,
        expected_version=report.version,
        title_block=TITLE_BLOCK,
        texts=texts,
        by=None,
    )
