"""A highlight report as a printable document (``reports.documents``): the title block with
the project, period, author and status, then each section's text and its captured table."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.text import slugify

from projectboard.reports.documents import (
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
    to_docx,
    to_pdf,
)
from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.highlights.sections import SECTIONS, TableData

FORMATS = {
    "pdf": ("application/pdf", to_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx,
    ),
}
NOTHING = "Nothing recorded."


def status_line(report: HighlightReport) -> str:
    """ "Published 08/04/2008 09:30" or "Draft, not published"."""
    if report.status == Status.PUBLISHED and report.published_at is not None:
        return f"Published {timezone.localtime(report.published_at):%d/%m/%Y %H:%M}"
    return "Draft, not published"


def overall_line(report: HighlightReport) -> str:
    if not report.overall_rag:
        return "Not set"
    rag = report.get_overall_rag_display()
    return f"{rag}: {report.overall_comment}" if report.overall_comment else str(rag)


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def report_document(report: HighlightReport) -> Document:
    project = report.project
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks.append(Heading(section.title))
        texts = paragraphs(report.texts.get(section.key, ""))
        stored = report.tables.get(section.key)
        if not texts and stored is None:
            blocks.append(Paragraph(NOTHING, emphasis=True))
        blocks.extend(Paragraph(text) for text in texts)
        if stored is not None:
            table = TableData.from_json(stored)
            if table.rows:
                blocks.append(
                    Table(
                        tuple(table.columns),
                        tuple(tuple(row) for row in table.rows),
                        caption=section.title,
                    )
                )
            blocks.extend(Paragraph(note, emphasis=True) for note in table.notes)
    captured = timezone.localtime(report.captured_at)
    return Document(
        title=f"Highlight report: {report.period_label}",
        author=report.author_name,
        footer=f"{project.name} – highlight report {report.period_label}, issue {report.issue}"
        + ("" if report.is_published else " (draft)"),
        metadata=(
            ("Project", project.name),
            ("Period", report.period_label),
            ("Author", report.author_name),
            ("Status", status_line(report)),
            ("Issue", str(report.issue)),
            ("Overall status", overall_line(report)),
            (
                "Data captured",
                f"{captured:%d/%m/%Y %H:%M}, plan revision {report.plan_revision}",
            ),
        ),
        blocks=tuple(blocks),
    )


def filename(report: HighlightReport, fmt: str) -> str:
    """A safe attachment name: ASCII letters, digits and hyphens, then the extension."""
    project = slugify(report.project.name)[:50].strip("-") or "project"
    draft = "-draft" if not report.is_published else ""
    return (
        f"highlight-report-{project}-{report.period_start:%Y-%m-%d}-to-"
        f"{report.period_end:%Y-%m-%d}-issue-{report.issue}{draft}.{fmt}"
    )


def export(report: HighlightReport, fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, its media type and its name. ``fmt``: a key of ``FORMATS``."""
    media_type, render = FORMATS[fmt]
    return render(report_document(report)), media_type, filename(report, fmt)
