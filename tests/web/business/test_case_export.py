"""The business case as PDF and Word: the title block with the review status, the five
cases with their text, charts and tables, the external review at the end; a safe attachment
name; every member may download it (like reading it), outsiders get 404."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.business.case import review_verify
from projectboard.web.business.export import business_case_document
from projectboard.web.projects.models import Project

from .documents import cells, pdf_charts, pdf_pages, read_docx

NAME = "business-case-allerdalecarlisle-shared-ict-service-business-case"
TITLE = "Business case: Allerdale–Carlisle Shared ICT Service – Business Case"
FOOTER = "Allerdale–Carlisle Shared ICT Service – Business Case – business case (not verified)"


def export_url(project: Project, fmt: str) -> str:
    return reverse("business-case-export", kwargs={"project_id": project.pk, "fmt": fmt})


def test_the_pdf_is_an_attachment_with_a_safe_name(
    client: Client, demo: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    response = client.get(export_url(demo, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{NAME}.pdf"'
    assert response.content.startswith(b"%PDF-1.7\n")


def test_an_unknown_format_is_404(client: Client, demo: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(export_url(demo, "odt")).status_code == 404


def test_the_pdf_starts_with_the_title_block_and_review_status(demo: Project) -> None:
    pages = pdf_pages(business_case_document(demo))
    assert len(pages) == 5
    assert pages[0][:13] == [
        "Business case: Allerdale–Carlisle Shared",
        "ICT Service – Business Case",
        "Project",
        "Allerdale–Carlisle Shared ICT Service – Business Case",
        "Partners",
        "Allerdale Borough Council and Carlisle City Council",
        "Preferred option",
        "FULL Fuller shared service",
        "External review",
        "Not verified yet",
        "Figures",
        "Illustrative",
        "Illustrative figures: the amounts, scores and survey answers in this document are "
        "examples,",
    ]
    for number, texts in enumerate(pages, start=1):
        assert texts[-2:] == [FOOTER, f"Page {number} of 5"]
    headings = [
        t
        for texts in pages
        for t in texts
        if t[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ") or t == "External review and sign-off"
    ]
    assert headings == [
        "1. Strategic case",
        "2. Economic case",
        "3. Commercial case",
        "4. Financial case",
        "5. Management case",
        "External review and sign-off",
    ]
    assert pages[-1][-5:-2] == [
        "change to any section afterwards clears the verification.",
        "Not verified yet.",
        "Reviewer's comments awaiting a response: 0.",
    ]


def test_the_pdf_draws_npv_by_option_and_cost_per_partner_per_year(demo: Project) -> None:
    document = business_case_document(demo)
    # Three options; five years of two partners.
    assert pdf_charts(document) == [
        (2, "Net present value by option", 3),
        (3, "Net cost per partner per year", 10),
    ]
    pages = pdf_pages(document)
    assert pages[1][0] == "Net present value by option"
    assert "Net cost per partner per year: FULL Fuller shared service" in pages[2]


def test_the_word_file_reads_back(client: Client, demo: Project, board_member: User) -> None:
    client.force_login(board_member)
    response = client.get(export_url(demo, "docx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{NAME}.docx"'
    read = read_docx(response.content)
    assert read.core_properties.title == TITLE
    metadata = read.tables[0]
    assert cells(metadata) == [
        ["Project", "Allerdale–Carlisle Shared ICT Service – Business Case"],
        ["Partners", "Allerdale Borough Council and Carlisle City Council"],
        ["Preferred option", "FULL Fuller shared service"],
        ["External review", "Not verified yet"],
        ["Figures", "Illustrative"],
    ]
    headings = [p.text for p in read.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == [
        "1. Strategic case",
        "2. Economic case",
        "3. Commercial case",
        "4. Financial case",
        "5. Management case",
        "External review and sign-off",
    ]
    captions = [p.text for p in read.paragraphs if p.style and p.style.name == "Caption"]
    assert captions == [
        "User satisfaction baseline (scores 1-5, 95% confidence intervals)",
        "Net present value by option",
        "Options appraisal: weighted scores (0-10), highest first",
        "Net present value at the Green Book's 3.5% (optimism bias 10%)",
        "Recharges between the partners (FULL, host CCC)",
        "Net cost per partner per year: FULL Fuller shared service",
        "Medium-term financial plan: FULL Fuller shared service",
        "Net cost per partner over the plan (after apportionment)",
        "Capital investment profile",
        "The project's own funding and spend against it",
    ]
    # The charts' tables stand in for them in Word.
    npv, cost = read.tables[2], read.tables[6]
    assert cells(npv) == [
        ["Option", "NPV"],
        ["DN Do nothing", "£0.00"],
        ["HOST Shared service hosted by one council", "£436,346.63"],
        ["FULL Fuller shared service", "£384,244.85"],
    ]
    assert cells(cost) == [
        ["Year", "ABC", "CCC"],
        ["2009/10", "£337,941.18", "£232,058.82"],
        ["2010/11", "-£18,571.43", "£38,571.43"],
        ["2011/12", "-£162,857.14", "-£227,142.86"],
        ["2012/13", "-£162,857.14", "-£227,142.86"],
        ["2013/14", "-£162,857.14", "-£227,142.86"],
    ]
    funding = read.tables[-1]
    assert cells(funding)[1:] == [
        ["Allerdale Borough Council", "£10,000.00", "£7,300.00", "£2,700.00"],
        ["Carlisle City Council", "£10,000.00", "£3,250.00", "£6,750.00"],
        ["Total", "£20,000.00", "£10,550.00", "£9,450.00"],
    ]
    texts = [p.text for p in read.paragraphs]
    assert "Not verified yet." in texts
    assert texts.count("Not written yet.") == 3  # the economic, commercial and financial cases
    assert read.sections[0].footer.paragraphs[0].text == f"{FOOTER}    Page  of "


def test_a_verified_case_says_by_whom_and_when(demo: Project, observer: User) -> None:
    review_verify(project=demo, note="Figures checked.", on=date(2008, 7, 10), by=observer)
    document = business_case_document(demo)
    assert dict(document.metadata)["External review"] == (
        "Verified by Olive Observer on 10/07/2008"
    )
    assert (
        document.footer == "Allerdale–Carlisle Shared ICT Service – Business Case – business case"
    )
    pages = pdf_pages(document)
    last = pages[-1]
    start = last.index("External review and sign-off")
    assert last[start + 3 : start + 10] == [
        "External verification",
        "Reviewer",
        "Verified on",
        "Note",
        "Olive Observer",
        "10/07/2008",
        "Figures checked.",
    ]
