"""What the highlight report pages show and do, and the PDF and Word exports."""

from __future__ import annotations

import io
from datetime import date

import docx
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.highlights.export import report_document
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import Project

SAFE_NAME = (
    "highlight-report-allerdalecarlisle-shared-ict-service-business-case-2008-03-25-to-"
    "2008-04-07-issue-1"
)


def url(name: str, report: HighlightReport, **extra: object) -> str:
    return reverse(name, kwargs={"project_id": report.project_id, "report_id": report.pk, **extra})


def test_the_report_page_shows_texts_and_captured_tables(
    client: Client, published: HighlightReport, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(url("highlight-report-detail", published)).content.decode()
    assert '<span class="rag rag-amber">Amber: Timescales are tight</span>' in page
    assert "<p>Initial funding of £10,000 from each Council has been agreed" in page
    assert "<td>WP-HR</td><td>Fri 06/06/2008 17:00</td><td>Fri 27/06/2008 17:00</td>" in page
    assert (
        '<p class="note">Nothing is scheduled to finish from 25/03/2008 to 07/04/2008.</p>' in page
    )
    # The one empty text section without a table: "Changes".
    assert page.count('<p class="note">Nothing recorded.</p>') == 1
    assert '<p class="note">No lesson was logged from 25/03/2008 to 07/04/2008.</p>' in page
    assert "Edit the text" not in page
    assert "Start a new issue" not in page


def test_texts_are_escaped(
    client: Client, project: Project, draft: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    response = client.post(
        url("highlight-report-edit", draft),
        {
            "version": str(draft.version),
            "overall_rag": "amber",
            "overall_comment": "<b>late</b>",
            "summary": "<script>alert(1)</script>\r\n\r\nSecond",
        },
    )
    assert response.status_code == 303
    page = client.get(url("highlight-report-detail", draft)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>Second</p>" in page
    assert "Amber: &lt;b&gt;late&lt;/b&gt;" in page


def test_a_new_report_defaults_to_the_next_fortnight(
    client: Client, project: Project, draft: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    page = client.get(reverse("highlight-report-new", args=[project.pk])).content.decode()
    assert 'name="period_start" value="2008-04-08"' in page
    assert 'name="period_end" value="2008-04-21"' in page


def test_drafting_the_same_period_twice_is_refused_on_the_form(
    client: Client, project: Project, draft: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    response = client.post(
        reverse("highlight-report-new", args=[project.pk]),
        {"period_start": "2008-03-25", "period_end": "2008-04-07"},
    )
    assert response.status_code == 422
    assert "There is already a highlight report for 25/03/2008 to 07/04/2008" in (
        response.content.decode()
    )
    assert HighlightReport.objects.count() == 1


def test_editing_a_published_report_explains_why_not(
    client: Client, published: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    response = client.get(url("highlight-report-edit", published))
    assert response.status_code == 409
    page = response.content.decode()
    assert "cannot be changed; start a new issue from it to correct it." in page
    assert "Start a new issue from this report" in page


def test_publishing_without_a_summary_says_so(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(
        reverse("highlight-report-new", args=[project.pk]),
        {"period_start": "2008-04-08", "period_end": "2008-04-21"},
    )
    report = HighlightReport.objects.get(period_start=date(2008, 4, 8))
    assert response["Location"] == url("highlight-report-detail", report)
    response = client.post(url("highlight-report-publish", report), {"version": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "<li>Set the overall status before publishing.</li>" in page
    assert "<li>Write the summary before publishing.</li>" in page
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_stale_publish_is_a_conflict(client: Client, draft: HighlightReport, pm: User) -> None:
    client.force_login(pm)
    response = client.post(url("highlight-report-publish", draft), {"version": "1"})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.status == "draft"


# -- exports ---------------------------------------------------------------------------------


def test_the_word_export_reads_back(
    client: Client, published: HighlightReport, board_member: User
) -> None:
    client.force_login(board_member)
    response = client.get(url("highlight-report-export", published, fmt="docx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{SAFE_NAME}.docx"'
    read = docx.Document(io.BytesIO(response.content))
    assert read.core_properties.title == "Highlight report: 25/03/2008 to 07/04/2008"
    assert read.core_properties.author == "Hazel Cushin"
    metadata = {row.cells[0].text: row.cells[1].text for row in read.tables[0].rows}
    assert metadata["Project"] == "Allerdale–Carlisle Shared ICT Service – Business Case"
    assert metadata["Period"] == "25/03/2008 to 07/04/2008"
    assert metadata["Author"] == "Hazel Cushin"
    assert metadata["Status"].startswith("Published ")
    assert metadata["Overall status"] == "Amber: Timescales are tight"
    headings = [p.text for p in read.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == [
        "Summary",
        "Work packages",
        "Finishes in this period",
        "Due next period",
        "Schedule slippage",
        "Exceptions",
        "What moved since the last board",
        "Budget against funding per partner",
        "Top risks",
        "Changes to risks",
        "Changes",
        "Open issues",
        "Decisions the board is asked to take",
        "Decisions taken in the period",
        "Overdue actions",
        "Lessons",
    ]
    # The metadata, then work packages, due next period, slippage and exceptions (nothing
    # finished; no returns, risks or logs in this project).
    assert len(read.tables) == 5
    slippage = read.tables[3]
    assert [c.text for c in slippage.rows[0].cells] == [
        "Work package",
        "Due",
        "Forecast finish",
        "Slippage (days)",
        "Tolerance",
    ]
    assert [c.text for c in slippage.rows[4].cells] == [
        "WP-HR",
        "Fri 06/06/2008 17:00",
        "Fri 27/06/2008 17:00",
        "+15",
        "Beyond (10 d)",
    ]


def test_the_pdf_export_is_a_pdf_attachment(
    client: Client, draft: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    response = client.get(url("highlight-report-export", draft, fmt="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{SAFE_NAME}-draft.pdf"'
    assert response.content.startswith(b"%PDF-1.7\n")


def test_the_document_marks_a_draft(draft: HighlightReport) -> None:
    document = report_document(draft)
    assert dict(document.metadata)["Status"] == "Draft, not published"
    assert document.footer == (
        "Allerdale–Carlisle Shared ICT Service – Business Case – highlight report "
        "25/03/2008 to 07/04/2008, issue 1 (draft)"
    )
