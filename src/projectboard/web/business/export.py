"""The business case and the committee reports as printable documents
(``reports.documents``): PDF and Word, A4, a title block, then the sections in order.

The business case adds two charts where a picture reads faster than a table: the preferred
option's net cost per partner per year, and the NPV by option (``reports.charts``). The PDF
draws them; the Word file gives their table instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from projectboard.finance.money import format_money
from projectboard.reports.charts import Series, Value, bar_chart
from projectboard.reports.documents import (
    Block,
    Document,
    Figure,
    Heading,
    NumberedList,
    Paragraph,
    Table,
    to_docx,
    to_pdf,
)
from projectboard.web.business.committee_content import (
    BACKGROUND,
    CONSULTATION,
    IMPLICATIONS,
    RECOMMENDATIONS,
    SUMMARY,
    CapturedTable,
)
from projectboard.web.business.costs import appraisals, cost_page
from projectboard.web.business.models import CommitteeReport
from projectboard.web.business.queries import (
    BusinessCaseContent,
    business_case_content,
    preferred_scenario,
)
from projectboard.web.projects.models import Project

FORMATS: dict[str, tuple[str, Callable[[Document], bytes]]] = {
    "pdf": ("application/pdf", to_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx,
    ),
}
NOT_WRITTEN = "Not written yet."
ILLUSTRATIVE = (
    "Illustrative figures: the amounts, scores and survey answers in this document are "
    "examples, not the councils' figures."
)


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _text_blocks(text: str) -> list[Block]:
    found = paragraphs(text)
    if not found:
        return [Paragraph(NOT_WRITTEN, emphasis=True)]
    return [Paragraph(p) for p in found]


def _slug(text: str, limit: int = 50) -> str:
    return slugify(text)[:limit].strip("-")


def _money_label(value: Value) -> str:
    return format_money(Decimal(str(value)))


# -- the business case -----------------------------------------------------------------------


def cost_chart(project: Project) -> Figure | None:
    """The preferred option's net cost per partner per year."""
    preferred = preferred_scenario(project)
    if preferred is None:
        return None
    plan = cost_page(project, preferred).plan
    if plan is None:
        return None
    years = [str(y) for y in plan.years]
    series = [
        Series(p, tuple(plan.net_by_partner[p][y] for y in plan.years)) for p in plan.partners
    ]
    caption = f"Net cost per partner per year: {preferred.code} {preferred.name}"
    svg = bar_chart(
        chart_id="cost-per-partner",
        title="Net cost per partner per year",
        description=f"Bars per financial year, one per partner, for {preferred.code}.",
        categories=years,
        series=series,
        label=_money_label,
    )
    rows = tuple(
        (year, *(format_money(plan.net_by_partner[p][y]) for p in plan.partners))
        for year, y in zip(years, plan.years, strict=True)
    )
    return Figure(svg, Table(("Year", *plan.partners), rows, caption), caption)


def npv_chart(project: Project) -> Figure | None:
    """Each option's net present value, for all partners."""
    _, found = appraisals(project)
    computed = [(a.scenario, a.overall) for a in found if a.overall is not None]
    if not computed:
        return None
    caption = "Net present value by option"
    svg = bar_chart(
        chart_id="npv-by-option",
        title=caption,
        description="One bar per option.",
        categories=[s.code for s, _ in computed],
        series=[Series("NPV", tuple(o.npv for _, o in computed))],
        label=_money_label,
    )
    rows = tuple((f"{s.code} {s.name}", format_money(o.npv)) for s, o in computed)
    return Figure(svg, Table(("Option", "NPV"), rows, caption), caption)


def review_line(content: BusinessCaseContent) -> str:
    """ "Verified by Rita Reviewer on 01/07/2008" or "Not verified yet"."""
    if not content.verified:
        return "Not verified yet"
    return "; ".join(f"Verified by {v.by} on {v.on:%d/%m/%Y}" for v in content.verified)


def business_case_document(project: Project) -> Document:
    content = business_case_content(project)
    figures = {"economic": npv_chart(project), "financial": cost_chart(project)}
    blocks: list[Block] = []
    if content.illustrative:
        blocks.append(Paragraph(ILLUSTRATIVE, emphasis=True))
    for number, section in enumerate(content.sections, start=1):
        blocks.append(Heading(f"{number}. {section.title}"))
        blocks.extend(_text_blocks(section.text))
        figure = figures.get(section.key)
        if figure is not None:
            blocks.append(figure)
        blocks.extend(Table(t.header, t.rows, t.caption) for t in section.tables)
    blocks.append(Heading("External review and sign-off"))
    blocks.append(
        Paragraph(
            "The business case is verified by an external reviewer before it goes to both "
            "councils. A change to any section afterwards clears the verification."
        )
    )
    if content.verified:
        blocks.append(
            Table(
                ("Reviewer", "Verified on", "Note"),
                tuple((v.by, f"{v.on:%d/%m/%Y}", v.note) for v in content.verified),
                "External verification",
            )
        )
    else:
        blocks.append(Paragraph("Not verified yet.", emphasis=True))
    blocks.append(Paragraph(f"Reviewer's comments awaiting a response: {content.comments_open}."))
    metadata = [
        ("Project", content.project),
        ("Partners", " and ".join(content.partners)),
        ("Preferred option", content.preferred_option or "None yet"),
        ("External review", review_line(content)),
    ]
    if content.illustrative:
        metadata.append(("Figures", "Illustrative"))
    footer = f"{content.project} – business case"
    if not content.verified:
        footer += " (not verified)"
    return Document(
        title=f"Business case: {content.project}",
        metadata=tuple(metadata),
        footer=footer,
        blocks=tuple(blocks),
    )


def business_case_filename(project: Project, fmt: str) -> str:
    """A safe attachment name: ASCII letters, digits and hyphens, then the extension."""
    return f"business-case-{_slug(project.name) or 'project'}.{fmt}"


def business_case_export(project: Project, fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, its media type and its name. ``fmt``: a key of ``FORMATS``."""
    media_type, render = FORMATS[fmt]
    return (
        render(business_case_document(project)),
        media_type,
        business_case_filename(project, fmt),
    )


# -- committee reports -----------------------------------------------------------------------


def status_line(report: CommitteeReport) -> str:
    """ "Final (01/07/2008 10:00), issue 1" or "Draft, issue 2"."""
    if report.is_final and report.finalised_at is not None:
        when = timezone.localtime(report.finalised_at)
        return f"Final ({when:%d/%m/%Y %H:%M}), issue {report.issue}"
    return f"Draft, issue {report.issue}"


def captured_table(report: CommitteeReport, key: str) -> CapturedTable | None:
    data = report.captured.get(key)
    return None if data is None else CapturedTable.from_json(data)


def _table(table: CapturedTable | None) -> list[Block]:
    if table is None or not table.rows:
        return []
    return [Table(table.columns, table.rows, table.caption)]


def _numbered(text: str) -> list[Block]:
    found = paragraphs(text)
    return [NumberedList(tuple(found))] if found else [Paragraph(NOT_WRITTEN, emphasis=True)]


def _entries(sentences: list[str]) -> list[Block]:
    return [Paragraph(s) for s in sentences] or [Paragraph("None.")]


def committee_document(report: CommitteeReport) -> Document:
    texts = report.texts
    blocks: list[Block] = [Heading(SUMMARY.title), *_text_blocks(texts.get("summary", ""))]
    blocks += [Heading(f"1. {BACKGROUND.title}"), *_numbered(texts.get("background", ""))]
    blocks.append(Heading(f"2. {CONSULTATION.title}"))
    blocks += [Paragraph(p) for p in paragraphs(texts.get("consultation", ""))]
    blocks += [Heading("2.1 Consultation to date", 3), *_entries(report.captured.get("held", []))]
    blocks += [
        Heading("2.2 Consultation proposed", 3),
        *_entries(report.captured.get("planned", [])),
    ]
    blocks += [
        Heading(f"3. {RECOMMENDATIONS.title}"),
        *_numbered(texts.get("recommendations", "")),
    ]
    blocks.append(Heading("4. Implications"))
    for section in IMPLICATIONS:
        blocks += [Heading(section.title, 3), *_text_blocks(texts.get(section.key, ""))]
        if section.key == "financial":
            blocks += _table(captured_table(report, "financial"))
        if section.key == "risk":
            blocks += _table(captured_table(report, "risks"))
    blocks += [Heading("Contact officer"), Paragraph(report.contact_officer or "Not given.")]
    papers = texts.get("background_papers", "").strip()
    blocks += [Heading("Background papers"), Paragraph(papers or "None.")]
    meeting = f"{report.meeting_date:%d/%m/%Y}"
    draft = "" if report.is_final else " (draft)"
    return Document(
        title=report.title,
        author=report.author_name,
        metadata=(
            ("Report to", report.committee),
            ("Council", report.partner.name),
            ("Date of meeting", meeting),
            ("Report of", report.report_of),
            ("Report reference", report.reference or "Not given"),
            ("Project", report.project.name),
            ("Status", status_line(report)),
        ),
        footer=f"{report.committee}, {meeting} – {report.reference or report.title}, "
        f"issue {report.issue}{draft}",
        blocks=tuple(blocks),
    )


def committee_filename(report: CommitteeReport, fmt: str) -> str:
    """A safe attachment name: ASCII letters, digits and hyphens, then the extension."""
    committee = _slug(report.committee, 60) or "committee"
    partner = _slug(report.partner.code, 20) or "partner"
    draft = "" if report.is_final else "-draft"
    return (
        f"committee-report-{committee}-{partner}-{report.meeting_date:%Y-%m-%d}-"
        f"issue-{report.issue}{draft}.{fmt}"
    )


def committee_export(report: CommitteeReport, fmt: str) -> tuple[bytes, str, str]:
    media_type, render = FORMATS[fmt]
    return render(committee_document(report)), media_type, committee_filename(report, fmt)
