"""Committee reports: the project manager drafts a report to a council committee in the
councils' standard form, with the consultation taken from the consultation log exactly and
the financial and risk implications pre-filled; edits; makes it final, after which nothing
changes it; starts a new draft from it; and every member downloads it as PDF or Word."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from projectboard.web.business.committee import (
    committee_report_finalise,
    committee_report_update,
)
from projectboard.web.business.committee_content import financial
from projectboard.web.business.committee_demo import TITLE_BLOCK
from projectboard.web.business.export import committee_document
from projectboard.web.business.models import Basis, CommitteeReport, CostLine
from projectboard.web.projects.models import AuditEvent, Person, Project
from projectboard.web.risks.logs import consultation_record
from projectboard.web.risks.services import RiskDraft, risk_create

from .documents import cells, pdf_pages, read_docx

SCRUTINY = "Corporate Resources Overview and Scrutiny Committee"
FINANCIAL = (
    "The figures are illustrative. The preferred option, FULL Fuller shared service, gives a "
    "net saving over 2009/10 to 2013/14 of £580,000.00 (Allerdale Borough Council "
    "£169,201.67; Carlisle City Council £410,798.33), after apportionment between the "
    "councils. Project funding for external assistance: £20,000.00 (Allerdale Borough "
    "Council £10,000.00; Carlisle City Council £10,000.00); £10,550.00 spent, £9,450.00 "
    "remaining."
)
FINANCIAL_ROWS = [
    ["Allerdale Borough Council", "-£169,201.67", "£10,000.00", "£7,300.00", "£2,700.00"],
    ["Carlisle City Council", "-£410,798.33", "£10,000.00", "£3,250.00", "£6,750.00"],
    ["Total", "-£580,000.00", "£20,000.00", "£10,550.00", "£9,450.00"],
]
FINANCIAL_COLUMNS = [
    "Council",
    "Net cost 2009/10 to 2013/14 (FULL)",
    "Project funding",
    "Spent",
    "Remaining",
]
RECOMMENDATION = (
    "Members are asked to make known any views or comments on a joint ICT service with "
    "Allerdale that they would like the project team to consider."
)


def the_report(project: Project) -> CommitteeReport:
    return CommitteeReport.objects.get(project=project, issue=1)


def url(name: str, report: CommitteeReport, **extra: object) -> str:
    return reverse(name, kwargs={"project_id": report.project_id, "report_id": report.pk, **extra})


def stored(project: Project) -> tuple[list[dict[str, Any]], int]:
    """Every report as stored and the number of audit events: a refused action changes
    neither."""
    rows = CommitteeReport.objects.filter(project=project).order_by("id")
    return [model_to_dict(r) for r in rows], AuditEvent.objects.count()


def edit_form(report: CommitteeReport, **changes: str) -> dict[str, str]:
    form = {
        "committee": report.committee,
        "partner": report.partner.code,
        "meeting_date": report.meeting_date.isoformat(),
        "reference": report.reference,
        "report_of": report.report_of,
        "title": report.title,
        "contact_officer": report.contact_officer,
        "version": str(report.version),
        **report.texts,
    }
    return form | changes


# -- the demo report -------------------------------------------------------------------------


def test_the_demo_drafts_a_report_to_the_scrutiny_committee(demo: Project) -> None:
    report = the_report(demo)
    assert (report.committee, report.partner.code, report.meeting_date) == (
        SCRUTINY,
        "CCC",
        date(2008, 6, 5),
    )
    assert (report.status, report.issue, report.reference) == (
        "draft",
        1,
        "CORP 00/08 (illustrative)",
    )
    assert report.author_name == "Hazel Cushin"
    assert report.texts["recommendations"] == RECOMMENDATION
    assert len(report.texts["background"].split("\n\n")) == 10
    assert report.texts["financial"] == (
        FINANCIAL + "\n\nThe full costs will be detailed in the business case."
    )
    assert report.texts["risk"] == (
        "A risk register is maintained as part of the project; it has no open risks."
    )
    assert [report.texts[k] for k in ("equality", "environmental", "crime_disorder")] == [
        "None."
    ] * 3
    # This copy of the seed project has no consultation log: nothing held, nothing planned.
    assert (report.captured["held"], report.captured["planned"]) == ([], [])
    assert report.captured["financial"]["columns"] == FINANCIAL_COLUMNS
    assert report.captured["financial"]["rows"] == FINANCIAL_ROWS


def test_a_cost_model_that_does_not_compute_gives_its_error_not_a_zero(demo: Project) -> None:
    line = (
        CostLine.objects.filter(project=demo, scenario__code="FULL")
        .exclude(kind="current")
        .order_by("pk")
        .first()
    )
    assert line is not None
    CostLine.objects.filter(pk=line.pk).update(
        basis=Basis.FIXED, weights={"ABC": "10", "CCC": "10"}
    )
    money = financial(demo)
    assert money.text == (
        "The figures are illustrative. The preferred option, FULL Fuller shared service, has "
        "no net cost to report: its cost model does not compute (fixed shares add up to 20%, "
        "not 100% [E_SHARES_TOTAL]). Project funding for external assistance: £20,000.00 "
        "(Allerdale Borough Council £10,000.00; Carlisle City Council £10,000.00); £10,550.00 "
        "spent, £9,450.00 remaining."
    )
    assert [list(r) for r in money.table.rows] == [
        ["Allerdale Borough Council", "\u2013", "£10,000.00", "£7,300.00", "£2,700.00"],
        ["Carlisle City Council", "\u2013", "£10,000.00", "£3,250.00", "£6,750.00"],
        ["Total", "\u2013", "£20,000.00", "£10,550.00", "£9,450.00"],
    ]


def test_members_read_the_report_page(client: Client, demo: Project, wp_lead_gis: User) -> None:
    client.force_login(wp_lead_gis)
    report = the_report(demo)
    page = client.get(url("business-committee-detail", report)).content.decode()
    assert '<tr><th scope="row">Report to</th><td>' + SCRUTINY + "</td></tr>" in page
    assert f"<ol><li>{RECOMMENDATION}</li></ol>" in page
    assert "<h3>2.1 Consultation to date</h3>\n<p>None.</p>" in page
    assert "Edit the report" not in page  # only the project manager writes
    listing = client.get(reverse("business-committee-list", args=[demo.pk])).content.decode()
    assert "ICT shared service with Allerdale: progress report</a></th>" in listing
    assert "Draft a committee report" not in listing


# -- consultation from the log ---------------------------------------------------------------


def test_the_consultation_section_is_the_log_exactly(
    client: Client, demo: Project, pm: User
) -> None:
    for body, state, on, summary in (
        ("Staff", "held", date(2008, 4, 10), "Staff have been briefed."),
        ("Unions", "planned", None, "Formal consultation with the Unions will be expanded."),
        ("JMT", "held", date(2008, 4, 8), "JMT have considered this matter."),
        ("CROS", "planned", date(2008, 7, 24), "CROS are to be consulted again."),
        ("ICT staff", "held", date(2008, 4, 10), "All ICT staff met jointly."),
    ):
        consultation_record(
            project=demo,
            body=body,
            kind="consulted",
            state=state,
            on=on,
            summary=summary,
            outcome="",
            by=pm,
        )
    report = the_report(demo)
    client.force_login(pm)
    response = client.post(
        url("business-committee-refresh", report), {"version": str(report.version)}
    )
    assert response.status_code == 303
    report.refresh_from_db()
    # By date, then in the order recorded; the undated planned entry last.
    assert report.captured["held"] == [
        "JMT have considered this matter.",
        "Staff have been briefed.",
        "All ICT staff met jointly.",
    ]
    assert report.captured["planned"] == [
        "CROS are to be consulted again.",
        "Formal consultation with the Unions will be expanded.",
    ]
    texts = [t for page in pdf_pages(committee_document(report)) for t in page]
    start, end = texts.index("2. Consultation"), texts.index("3. Recommendations")
    assert texts[start:end] == [
        "2. Consultation",
        "2.1 Consultation to date",
        "JMT have considered this matter.",
        "Staff have been briefed.",
        "All ICT staff met jointly.",
        "2.2 Consultation proposed",
        "CROS are to be consulted again.",
        "Formal consultation with the Unions will be expanded.",
    ]
    # The project manager's own text stays as written when the log is captured again.
    assert report.texts["recommendations"] == RECOMMENDATION


def test_the_risk_implication_is_prefilled_from_the_top_risks(
    client: Client, demo: Project, pm: User
) -> None:
    owner = Person.objects.filter(code="PHARDY", memberships__project=demo).distinct().get()
    for title, p, i in (("HR work not progressed", 4, 4), ("Tight timescales", 3, 3)):
        risk_create(
            project=demo,
            draft=RiskDraft(
                title=title,
                category="people",
                inherent_probability=p,
                inherent_impact=i,
                owner=owner,
            ),
            by=pm,
            on=date(2008, 4, 21),
        )
    client.force_login(pm)
    response = client.post(
        reverse("business-committee-new", args=[demo.pk]),
        {
            "committee": "Executive",
            "partner": "ABC",
            "meeting_date": "2008-08-06",
            "report_of": "Director of Strategic Resources",
            "title": "ICT shared service: business case",
        },
    )
    report = CommitteeReport.objects.get(project=demo, committee="Executive")
    assert response.status_code == 303
    assert response["Location"] == url("business-committee-detail", report)
    assert report.texts["risk"] == (
        "A risk register is maintained as part of the project: 2 open risks. The highest are "
        "listed below."
    )
    assert report.captured["risks"]["rows"] == [
        ["R001", "HR work not progressed", "16", "Red (High)", "Philippa Hardy"],
        ["R002", "Tight timescales", "9", "Amber (Medium)", "Philippa Hardy"],
    ]
    assert report.texts["financial"] == FINANCIAL
    assert [report.texts[k] for k in ("summary", "background", "recommendations")] == [""] * 3
    read = read_docx(client.get(url("business-committee-export", report, fmt="docx")).content)
    assert cells(read.tables[-1]) == [
        ["Risk", "Title", "Score", "RAG", "Owner"],
        ["R001", "HR work not progressed", "16", "Red (High)", "Philippa Hardy"],
        ["R002", "Tight timescales", "9", "Amber (Medium)", "Philippa Hardy"],
    ]


def test_one_report_per_committee_and_council(client: Client, demo: Project, pm: User) -> None:
    client.force_login(pm)
    before = stored(demo)
    response = client.post(
        reverse("business-committee-new", args=[demo.pk]),
        {
            "committee": SCRUTINY,
            "partner": "CCC",
            "meeting_date": "2008-07-24",
            "report_of": "Director of Corporate Services",
            "title": "The business case",
        },
    )
    assert response.status_code == 422
    assert (
        "There is already a report to Corporate Resources Overview and Scrutiny Committee of "
        "Carlisle City Council; open it, or start a new draft from it."
    ) in response.content.decode()
    assert stored(demo) == before


# -- editing, final, new drafts --------------------------------------------------------------


def test_the_project_manager_edits_the_draft(client: Client, demo: Project, pm: User) -> None:
    report = the_report(demo)
    client.force_login(pm)
    response = client.post(
        url("business-committee-edit", report),
        edit_form(report, summary="A short update.\r\n\r\nSecond paragraph.", reference="C 1"),
    )
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.texts["summary"] == "A short update.\n\nSecond paragraph."
    assert (report.reference, report.version) == ("C 1", 3)
    events = AuditEvent.objects.filter(object_type="committee_report", object_id=report.pk)
    assert list(events.order_by("-id").values_list("field", "old", "new")[:2]) == [
        (
            "summary",
            "An early update on the project to develop a business case for a shared ICT "
            "service with Allerdale Borough Council, so that the committee's views can be "
            "considered while the business case is being prepared.",
            "A short update.\n\nSecond paragraph.",
        ),
        ("reference", "CORP 00/08 (illustrative)", "C 1"),
    ]


def test_a_stale_edit_is_refused(client: Client, demo: Project, pm: User) -> None:
    report = the_report(demo)
    stale = edit_form(report, summary="Mine.")
    committee_report_update(
        report=report,
        expected_version=report.version,
        title_block=TITLE_BLOCK,
        texts={"summary": "Theirs."},
        by=None,
    )
    client.force_login(pm)
    before = stored(demo)
    response = client.post(url("business-committee-edit", report), stale)
    assert response.status_code == 409
    assert "Someone else saved a change first" in response.content.decode()
    assert stored(demo) == before


def test_a_final_report_needs_a_summary_and_a_recommendation(
    client: Client, demo: Project, pm: User
) -> None:
    report = the_report(demo)
    report = committee_report_update(
        report=report,
        expected_version=report.version,
        title_block=TITLE_BLOCK,
        texts={"summary": "", "recommendations": " "},
        by=None,
    )
    client.force_login(pm)
    before = stored(demo)
    response = client.post(
        url("business-committee-finalise", report), {"version": str(report.version)}
    )
    assert response.status_code == 422
    assert "A final report needs the summary and a recommendation." in response.content.decode()
    assert stored(demo) == before


def test_a_final_report_never_changes(client: Client, demo: Project, pm: User) -> None:
    report = the_report(demo)
    client.force_login(pm)
    response = client.post(
        url("business-committee-finalise", report), {"version": str(report.version)}
    )
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.status == "final"
    before = stored(demo)
    refused = (
        "Issue 1 of the report “ICT shared service with Allerdale: progress report” to "
        "Corporate Resources Overview and Scrutiny Committee was made final on"
    )
    edit = client.get(url("business-committee-edit", report))
    assert edit.status_code == 409
    assert refused in edit.content.decode()
    for name, data in (
        ("business-committee-edit", edit_form(report, summary="Changed.")),
        ("business-committee-refresh", {"version": str(report.version)}),
        ("business-committee-finalise", {"version": str(report.version)}),
    ):
        response = client.post(url(name, report), data)
        assert response.status_code == 409, name
        assert refused in response.content.decode()
        assert stored(demo) == before


def test_a_new_draft_starts_from_a_final_report(client: Client, demo: Project, pm: User) -> None:
    report = the_report(demo)
    client.force_login(pm)
    before = stored(demo)
    response = client.post(url("business-committee-new-draft", report))
    assert response.status_code == 409  # a draft: edit it instead
    assert "Issue 1 is still a draft: edit it instead." in response.content.decode()
    assert stored(demo) == before
    committee_report_finalise(report=report, expected_version=report.version, by=None)
    response = client.post(url("business-committee-new-draft", report))
    assert response.status_code == 303
    second = CommitteeReport.objects.get(project=demo, issue=2)
    assert response["Location"] == url("business-committee-detail", second)
    assert (second.status, second.based_on_id, second.committee) == ("draft", report.pk, SCRUTINY)
    assert second.texts == the_report(demo).texts
    before = stored(demo)
    response = client.post(url("business-committee-new-draft", report))
    assert response.status_code == 409
    assert "Issue 2 has already been started from issue 1." in response.content.decode()
    assert stored(demo) == before


# -- the printed report ----------------------------------------------------------------------


def test_the_word_file_is_the_standard_form(
    client: Client, demo: Project, board_member: User
) -> None:
    report = the_report(demo)
    client.force_login(board_member)
    response = client.get(url("business-committee-export", report, fmt="docx"))
    assert response["Content-Disposition"] == (
        'attachment; filename="committee-report-corporate-resources-overview-and-scrutiny-'
        'committee-ccc-2008-06-05-issue-1-draft.docx"'
    )
    read = read_docx(response.content)
    assert read.core_properties.title == "ICT shared service with Allerdale: progress report"
    assert cells(read.tables[0]) == [
        ["Report to", SCRUTINY],
        ["Council", "Carlisle City Council"],
        ["Date of meeting", "05/06/2008"],
        ["Report of", "Director of Corporate Services"],
        ["Report reference", "CORP 00/08 (illustrative)"],
        ["Project", "Allerdale–Carlisle Shared ICT Service – Business Case"],
        ["Status", "Draft, issue 1"],
    ]
    styled = [(p.style.name if p.style else "", p.text) for p in read.paragraphs]
    assert [t for s, t in styled if s == "Heading 1"] == [
        "Summary",
        "1. Background information and options",
        "2. Consultation",
        "3. Recommendations",
        "4. Implications",
        "Contact officer",
        "Background papers",
    ]
    assert [t for s, t in styled if s == "Heading 2"] == [
        "2.1 Consultation to date",
        "2.2 Consultation proposed",
        "Staffing/Resources",
        "Financial",
        "Legal",
        "Risk Management",
        "Equality Issues",
        "Environmental",
        "Crime and Disorder",
    ]
    texts = [t for _, t in styled]
    assert f"1.\t{RECOMMENDATION}" in texts
    numbered = [t for t in texts if t[:3] in {f"{n}.\t" for n in range(1, 10)} or t[:4] == "10.\t"]
    assert len(numbered) == 11  # ten paragraphs of background, one recommendation
    assert numbered[1].startswith("2.\tThe committee heard of a possible shared ICT service")
    assert FINANCIAL in texts
    assert cells(read.tables[1]) == [FINANCIAL_COLUMNS, *FINANCIAL_ROWS]
    assert read.sections[0].footer.paragraphs[0].text == (
        f"{SCRUTINY}, 05/06/2008 – CORP 00/08 (illustrative), issue 1 (draft)    Page  of "
    )


def test_the_pdf_opens_with_the_title_block(client: Client, demo: Project, pm: User) -> None:
    report = the_report(demo)
    client.force_login(pm)
    response = client.get(url("business-committee-export", report, fmt="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.7\n")
    pages = pdf_pages(committee_document(report))
    assert len(pages) == 3
    assert pages[0][:18] == [
        "ICT shared service with Allerdale: progress",
        "report",
        "Report to",
        SCRUTINY,
        "Council",
        "Carlisle City Council",
        "Date of meeting",
        "05/06/2008",
        "Report of",
        "Director of Corporate Services",
        "Report reference",
        "CORP 00/08 (illustrative)",
        "Project",
        "Allerdale–Carlisle Shared ICT Service – Business Case",
        "Status",
        "Draft, issue 1",
        "Summary",
        "An early update on the project to develop a business case for a shared ICT service with",
    ]
    for number, texts in enumerate(pages, start=1):
        assert texts[-1] == f"Page {number} of 3"
    assert client.get(url("business-committee-export", report, fmt="html")).status_code == 404
