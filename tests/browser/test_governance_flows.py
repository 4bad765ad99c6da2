"""The governance cycle through the browser: a work-package lead submits his fortnightly RAG
return with a new risk and the project manager accepts it, the risk waiting in the
register's proposals; the project manager drafts, edits and publishes a highlight report,
which then cannot be changed, and a board member reads it and downloads it as a PDF; a
board member records a "go with conditions" at a meeting, the project manager closes the
meeting, and the condition is in the action log."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from projectboard.web.board import demo as board_demo
from projectboard.web.board.models import Condition, Meeting, MeetingStatus, StopGoDecision
from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.projects.models import Project
from projectboard.web.returns.models import RagReturn, State
from projectboard.web.returns.services import periods_generate
from projectboard.web.risks.models import Action, ProposalStatus, RiskProposal

from .support import log_in, log_out

NEW_RISK = "Allerdale's cost centre restructure delays the spend figures"


@pytest.fixture
def periods(project: Project) -> Project:
    """The seed project's four reporting periods to 1 May 2008, no return written yet."""
    periods_generate(project=project, until=date(2008, 5, 1), by=None)
    return project


def test_lead_submits_a_return_and_the_pm_accepts_it(
    page: Page, periods: Project, wp_lead_fin: User, pm: User
) -> None:
    project = periods
    log_in(page, "lead-fin")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="RAG returns").click()
    page.get_by_role("navigation", name="Returns").get_by_role("link", name="My returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My returns")
    page.get_by_role("link", name="Start the WP-FIN return for period 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "WP-FIN Finance / Budgets: return for period 3"
    )

    ratings = {
        "Overall RAG": "Amber",
        "Time RAG": "Green",
        "Cost RAG": "Amber",
        "Scope RAG": "Green",
        "Quality RAG": "Green",
        "Risk RAG": "Amber",
    }
    for label, word in ratings.items():
        page.get_by_label(label).select_option(label=word)
    page.get_by_label("Tolerance status").select_option(label="Within tolerance")
    page.get_by_label("Achievements this period").fill("Current spend populated for Carlisle.")
    page.get_by_label("Planned for next period").fill("Populate Allerdale's spend.")
    page.get_by_label("Issues").fill("Allerdale's ICT spend is spread over several cost centres.")
    page.get_by_label("New risks").fill(NEW_RISK)
    page.get_by_role("button", name="Save and submit to the project manager").click()

    expect(page.locator(".messages")).to_have_text("WP-FIN's return for period 3 submitted.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "WP-FIN Finance / Budgets: return for period 3"
    )
    # Submitted today, long after its due date in April 2008: on the page as late.
    expect(page.locator("dt:has-text('State') + dd")).to_have_text("Submitted – Late")
    table = page.get_by_role("table", name="Ratings")
    expect(table.locator("tbody th")).to_have_text(
        ["Overall", "Time", "Cost", "Scope", "Quality", "Risk"]
    )
    expect(table.locator("tbody td:nth-child(2)")).to_have_text(
        ["Amber", "Green", "Amber", "Green", "Green", "Amber"]
    )
    expect(page.locator("h2:has-text('New risks') + ul li")).to_have_text([NEW_RISK])
    # Submitted: the lead may no longer change it.
    expect(page.get_by_role("link", name="Edit and submit this return")).to_have_count(0)
    log_out(page, "lead-fin")

    log_in(page, "pm")
    page.goto(f"/projects/{project.pk}/returns/")
    page.get_by_role("link", name="Period 3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns for period 3")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="WP-FIN Finance"))
    # State, due, on time?, overall, time (lead): the submitted return, shown as late.
    expect(row.locator("td").nth(1)).to_have_text("Submitted")
    expect(row.locator("td").nth(2)).to_have_text("21/04/2008")
    expect(row.locator("td").nth(3)).to_have_text("Late")
    expect(row.locator("td").nth(4)).to_have_text("Amber")
    expect(row.locator("td").nth(5)).to_have_text("Green")
    row.get_by_role("link", name="WP-FIN Finance / Budgets").click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    page.get_by_role("radio", name="Accept").check()
    page.get_by_label("Comment to the work package").fill("Thank you: accepted.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".messages")).to_have_text("WP-FIN's return for period 3 accepted.")
    expect(page.locator("dt:has-text('State') + dd")).to_have_text("Accepted – Late")
    expect(page.locator('dt:has-text("Project manager\'s comment") + dd')).to_have_text(
        "Thank you: accepted."
    )
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)

    ret = RagReturn.objects.get(project=project, period__number=3, work_package__code="WP-FIN")
    assert (ret.state, ret.overall, ret.cost, ret.risk, ret.new_risks) == (
        State.ACCEPTED,
        "amber",
        "amber",
        "amber",
        NEW_RISK,
    )

    # The new risk waits in the register's proposals for the project manager.
    page.get_by_role("navigation", name="Project").get_by_role(
        "link", name="Risks and logs"
    ).click()
    page.get_by_role("navigation", name="Risks and logs").get_by_role(
        "link", name="Proposed risks"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed risks")
    proposal_row = page.get_by_role("row").filter(has_text=NEW_RISK)
    expect(proposal_row.get_by_role("rowheader")).to_have_text(NEW_RISK)
    submitted_on = f"{timezone.localdate():%d/%m/%Y}"
    expect(proposal_row.locator("td")).to_have_text(
        [
            "WP-FIN",
            f"RAG return WP-FIN period 3 ({submitted_on})",
            "Mike Thompson",
            "Awaiting the project manager",
            f"Accept {NEW_RISK} | Decline {NEW_RISK}",
        ]
    )
    proposal = RiskProposal.objects.get(project=project)
    assert (
        proposal.title,
        proposal.work_package.code if proposal.work_package else None,
        proposal.raised_by,
        proposal.status,
        proposal.return_ref,
    ) == (NEW_RISK, "WP-FIN", wp_lead_fin, ProposalStatus.PENDING, ret.pk)


def _about(table: Locator, header: str) -> Locator:
    """The value beside ``header`` in the report's "About this report" table."""
    return (
        table.locator("tr")
        .filter(has=table.page.get_by_role("rowheader", name=header, exact=True))
        .locator("td")
    )


SUMMARY = (
    "The options appraisal was reported to the board on 16 April 2008.\n\n"
    "The HR work package is behind: job evaluation at both councils takes its staff."
)
PDF_NAME = (
    "highlight-report-allerdalecarlisle-shared-ict-service-business-case-"
    "2008-04-08-to-2008-05-20-issue-1.pdf"
)


def test_pm_publishes_a_highlight_report_and_the_board_reads_it(
    page: Page, project: Project, pm: User, board_member: User
) -> None:
    log_in(page, "pm")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("navigation", name="Project").get_by_role(
        "link", name="Highlight reports"
    ).click()
    page.get_by_role("link", name="Draft a new highlight report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft a highlight report")
    page.get_by_label("Period from").fill("2008-04-08")
    page.get_by_label("Period to").fill("2008-05-20")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_have_text(
        "Drafted the highlight report for 08/04/2008 to 20/05/2008."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Highlight report: 08/04/2008 to 20/05/2008"
    )
    about = page.get_by_role("table", name="About this report")
    expect(_about(about, "Status")).to_have_text("Draft, not published")
    expect(_about(about, "Overall status")).to_have_text("Not set")

    page.get_by_role("link", name="Edit the text and overall status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Edit the highlight report for 08/04/2008 to 20/05/2008"
    )
    page.get_by_role("radio", name="Amber").check()
    page.get_by_label("Overall status in a word").fill("HR work package late")
    page.get_by_label("Summary:", exact=True).fill(SUMMARY)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_have_text("Highlight report saved.")
    expect(_about(about, "Overall status")).to_have_text("Amber: HR work package late")
    expect(page.locator("#section-summary p")).to_have_text(
        [
            "The options appraisal was reported to the board on 16 April 2008.",
            "The HR work package is behind: job evaluation at both councils takes its staff.",
        ]
    )

    page.get_by_role("button", name="Publish to the board").click()
    expect(page.locator(".messages")).to_have_text(
        "Published: the board and members can now read it."
    )
    report = HighlightReport.objects.get(project=project)
    assert report.status == Status.PUBLISHED and report.published_at is not None
    published = f"{timezone.localtime(report.published_at):%d/%m/%Y %H:%M}"
    expect(_about(about, "Status")).to_have_text(f"Published {published}")
    # Published: no way to edit it on the page, and the edit page refuses.
    expect(page.get_by_text("Published reports cannot be changed.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the text and overall status")).to_have_count(0)
    expect(page.get_by_role("button", name="Publish to the board")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = (
        f"Issue 1 of the highlight report for 08/04/2008 to 20/05/2008 was published on "
        f"{published} and cannot be changed; start a new issue from it to correct it."
    )
    edit_url = f"/projects/{project.pk}/highlights/{report.pk}/edit/"
    response = page.goto(edit_url)
    assert response is not None and response.status == 409
    expect(page.get_by_role("alert")).to_contain_text(refused)
    posted = page.request.post(
        edit_url,
        form={
            "csrfmiddlewaretoken": token,
            "version": str(report.version),
            "overall_rag": "green",
            "overall_comment": "On track",
            "summary": "Changed after publishing",
        },
        max_redirects=0,
    )
    assert posted.status == 409
    assert refused in posted.text()
    report.refresh_from_db()
    assert (report.overall_rag, report.overall_comment, report.texts["summary"]) == (
        "amber",
        "HR work package late",
        SUMMARY,
    )
    log_out(page, "pm")

    log_in(page, "board")
    page.goto(f"/projects/{project.pk}/highlights/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="08/04/2008"))
    expect(row.locator("td")).to_have_text(
        ["1", "Published", "Amber: HR work package late", "Hazel Cushin"]
    )
    row.get_by_role("link", name="08/04/2008 to 20/05/2008").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Highlight report: 08/04/2008 to 20/05/2008"
    )
    expect(_about(about, "Overall status")).to_have_text("Amber: HR work package late")
    expect(page.locator("#section-summary p").first).to_have_text(
        "The options appraisal was reported to the board on 16 April 2008."
    )
    expect(page.get_by_role("button", name="Start a new issue from this report")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    download = info.value
    assert download.suggested_filename == PDF_NAME
    path = download.path()
    assert path.read_bytes()[:5] == b"%PDF-"


@pytest.fixture
def meetings(project: Project) -> list[Meeting]:
    """The demo's five board meetings of 2008: the first closed, the second decided."""
    return board_demo.load_demo(project)


CONDITION = "Agree the apportionment of the implementation costs between the councils."


def test_board_decides_go_with_conditions_and_the_pm_closes_the_meeting(
    page: Page, meetings: list[Meeting], board_member: User, pm: User
) -> None:
    third = meetings[2]
    project_id = third.project_id
    log_in(page, "board")
    page.goto(f"/projects/{project_id}/board/")
    page.get_by_role("link", name="Project board 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Project board 3: Wed 21/05/2008 10:00"
    )
    expect(page.get_by_role("button", name="Close Project board 3")).to_have_count(1)
    page.get_by_role("link", name="Record the board's decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop/go decision: Project board 3")
    page.get_by_role("radio", name="Go with conditions").check()
    page.get_by_label("Rationale").fill("The cost model is ready to be agreed.")
    first = page.get_by_role("group", name="Condition 1")
    first.get_by_label("Condition").fill(CONDITION)
    first.get_by_label("Owner").select_option(label="Mike Thompson, Carlisle")
    first.get_by_label("Due").fill("2008-06-13")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.locator(".messages")).to_have_text(
        "The stop/go decision of Project board 3 is recorded."
    )
    expect(page.locator("h2:has-text('Stop/go decision') + p")).to_have_text("Go with conditions")
    conditions = page.get_by_role("table", name="Conditions")
    expect(conditions.locator("tbody td")).to_have_text(
        [CONDITION, "Mike Thompson", "Fri 13/06/2008", "Open (A003)"]
    )
    log_out(page, "board")

    log_in(page, "pm")
    page.goto(f"/projects/{project_id}/board/{third.pk}/")
    page.get_by_role("button", name="Close Project board 3").click()
    expect(page.locator(".messages")).to_have_text("Project board 3 is closed.")
    expect(page.locator("dt:has-text('Status') + dd")).to_have_text("Closed")
    expect(page.get_by_role("button", name="Close Project board 3")).to_have_count(0)
    decision = StopGoDecision.objects.get(meeting=third)
    assert (Meeting.objects.get(pk=third.pk).status, decision.outcome) == (
        MeetingStatus.CLOSED,
        "go_with_conditions",
    )

    # The condition is an action in the log, linked from the meeting.
    page.get_by_role("link", name="A003").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action log")
    action_row = page.locator("#action-A003")
    expect(action_row.get_by_role("rowheader")).to_have_text("A003")
    expect(action_row.locator("td").nth(0)).to_have_text(CONDITION)
    expect(action_row.locator("td").nth(1)).to_have_text("Mike Thompson")
    expect(action_row.locator("td").nth(2)).to_have_text("13/06/2008")
    expect(action_row.locator("td").nth(4)).to_have_text("Project board 3, condition 1")
    condition = Condition.objects.get(decision=decision)
    action = Action.objects.get(pk=condition.action_id)
    assert (action.ref, action.title, action.due, action.source, action.raised_on) == (
        "A003",
        CONDITION,
        date(2008, 6, 13),
        "Project board 3, condition 1",
        date(2008, 5, 21),
    )
