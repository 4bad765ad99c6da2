"""A small document model (a title, metadata, headings, paragraphs, lists, tables and
figures) and its renderings: HTML, PDF (through WeasyPrint) and Word (through python-docx).

Every text is plain text: the HTML escapes it, the Word file stores it as runs, so nothing a
user typed is ever read as markup. The one exception is a ``Figure``'s SVG, which must come
from ``reports.charts`` (it escapes every text it draws): HTML and PDF show the chart, the
Word file shows the figure's table instead (no SVG-to-image library is installed). A blank
line is not kept inside a paragraph (make two paragraphs); a single line break is. Control
characters that XML cannot hold are dropped.

Both printed forms are laid out for A4: a title block (the title and the metadata), then the
blocks in order; a footer on every page with the document's footer text and "Page n of m";
table header rows repeat on every page a table runs onto.

PDF rendering fetches nothing: the only URLs it will open are ``data:`` URIs, so no file,
host or network is ever read, whatever the HTML refers to. This module does not import Django.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape
from typing import Any

import docx
import weasyprint  # type: ignore[import-untyped]
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class DocumentError(ValueError):
    """A document that cannot be rendered; the message says which block and why."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title; sections are 2, subsections 3


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False  # italic: a note rather than content


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class NumberedList:
    """Numbered paragraphs, such as a committee report's recommendations (1, 2, 3...)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """A chart drawn by ``reports.charts`` (a standalone ``<svg>`` element) with its caption,
    and the table that says the same in figures: the Word file prints the table."""

    svg: str
    table: Table
    caption: str


Block = Heading | Paragraph | BulletList | NumberedList | Table | Figure

# What a chart never holds: scripts, foreign content, references to other resources, event
# handlers. reports.charts draws rect, line, polyline, circle and text only.
_UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignobject|iframe|image|use|a)\b|<[^>]*\s(on\w+|href|xlink:href)\s*=", re.I
)


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...] = ()
    # Shown under the title as label: value pairs (project, period, author, status...).
    metadata: tuple[tuple[str, str], ...] = ()
    author: str = ""
    footer: str = ""  # beside the page number on every page
    language: str = "en-GB"

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise DocumentError("the document needs a title")
        for position, block in enumerate(self.blocks, start=1):
            if isinstance(block, Heading) and block.level not in (2, 3):
                raise DocumentError(
                    f"block {position}: heading {block.text!r} has level {block.level}; "
                    "headings are level 2 or 3 (level 1 is the title)"
                )
            if isinstance(block, Table):
                _check_table(position, block)
            if isinstance(block, Figure):
                _check_figure(position, block)


def _check_table(position: int, block: Table) -> None:
    if not block.columns:
        raise DocumentError(f"block {position}: table {block.caption!r} has no columns")
    for number, row in enumerate(block.rows, start=1):
        if len(row) != len(block.columns):
            raise DocumentError(
                f"block {position}: table {block.caption!r}: row {number} has "
                f"{len(row)} cells; the header has {len(block.columns)}"
            )


def _check_figure(position: int, block: Figure) -> None:
    svg = block.svg.strip()
    if not (svg.startswith("<svg ") and svg.endswith("</svg>")):
        raise DocumentError(
            f"block {position}: figure {block.caption!r} is not a standalone <svg> element"
        )
    unsafe = _UNSAFE_SVG.search(svg)
    if unsafe:
        raise DocumentError(
            f"block {position}: figure {block.caption!r} contains {unsafe.group(0)!r}; "
            "a figure may only hold a chart drawn by reports.charts"
        )
    _check_table(position, block.table)


def clean(text: str) -> str:
    """``text`` without the control characters XML cannot hold, with LF line ends, trimmed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


# -- HTML ------------------------------------------------------------------------------------

PRINT_CSS = """
@page {
  size: A4;
  margin: 20mm 18mm 22mm 18mm;
  @bottom-left { content: element(footer); font-size: 8.5pt; color: #333; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt;
                  color: #333; white-space: nowrap; }
}
html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt;
       line-height: 1.4; color: #000; }
body { margin: 0; }
.footer { position: running(footer); }
.title-block { border-bottom: 1.5pt solid #000; margin-bottom: 8mm; padding-bottom: 4mm; }
h1 { font-size: 20pt; margin: 0 0 4mm 0; }
h2 { font-size: 14pt; margin: 7mm 0 2mm 0; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; orphans: 2; widows: 2; }
.note { font-style: italic; }
.metadata { border: none; margin: 0; }
.metadata th, .metadata td { border: none; padding: 0.6mm 4mm 0.6mm 0; }
.metadata th { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 1.5mm; caption-side: top; }
th, td { border: 0.6pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th { background: #e8e8e8; }
tr { break-inside: avoid; }
ul, ol { margin: 0 0 3mm 0; padding-left: 6mm; }
ol li { margin-bottom: 1.5mm; }
figure { margin: 2mm 0 5mm 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-weight: bold; padding-bottom: 1.5mm; }
"""


def _html_text(text: str) -> str:
    return escape(clean(text)).replace("\n", "<br>\n")


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        css = ' class="note"' if block.emphasis else ""
        return f"<p{css}>{_html_text(block.text)}</p>"
    if isinstance(block, BulletList):
        items = "".join(f"<li>{_html_text(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, NumberedList):
        items = "".join(f"<li>{_html_text(item)}</li>" for item in block.items)
        return f"<ol>{items}</ol>"
    if isinstance(block, Figure):
        # The SVG is a chart from reports.charts, which escapes its texts (checked above).
        caption = f"<figcaption>{_html_text(block.caption)}</figcaption>"
        return f"<figure>{caption}{block.svg.strip()}</figure>"
    caption = f"<caption>{_html_text(block.caption)}</caption>" if block.caption else ""
    head = "".join(f'<th scope="col">{_html_text(c)}</th>' for c in block.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html_text(cell)}</td>" for cell in row) + "</tr>"
        for row in block.rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(document: Document) -> str:
    """The document as a standalone HTML page, with its print stylesheet."""
    metadata = "".join(
        f'<tr><th scope="row">{_html_text(label)}</th><td>{_html_text(value)}</td></tr>'
        for label, value in document.metadata
    )
    meta_author = (
        f'<meta name="author" content="{escape(clean(document.author))}">'
        if document.author
        else ""
    )
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(document.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_html_text(document.title)}</title>",
        meta_author,
        f"<style>{PRINT_CSS}</style>",
        "</head>",
        "<body>",
        # A running element must come before the content it is the footer of.
        f'<div class="footer">{_html_text(document.footer)}</div>',
        '<header class="title-block">',
        f"<h1>{_html_text(document.title)}</h1>",
        f'<table class="metadata"><tbody>{metadata}</tbody></table>' if metadata else "",
        "</header>",
        "<main>",
        *(_html_block(block) for block in document.blocks),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


# -- PDF -------------------------------------------------------------------------------------


class DataOnlyFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """Opens ``data:`` URIs and refuses every other URL: no files, no hosts, no network."""

    def fetch(self, url: str, headers: object = None) -> Any:  # weasyprint is untyped
        if not url.lower().startswith("data:"):
            raise ValueError(f"refused to fetch {url!r}: documents may only embed data: URIs")
        return super().fetch(url, headers)


def to_pdf(document: Document) -> bytes:
    """The document as an A4 PDF."""
    html = weasyprint.HTML(string=to_html(document), url_fetcher=DataOnlyFetcher())
    pdf = html.write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


# -- Word ------------------------------------------------------------------------------------


def _docx_text(paragraph: DocxParagraph, text: str, *, bold: bool = False) -> None:
    """Add ``text`` as runs, a line break before each line after the first."""
    for number, line in enumerate(clean(text).split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break(WD_BREAK.LINE)
        run.add_text(line)
        if bold:
            run.bold = True


def _repeat_header(table: DocxTable) -> None:
    """Keep each row on one page, and mark the first as a header row, which Word repeats
    on every page the table runs onto (``cantSplit`` comes before ``tblHeader`` in
    ``w:trPr``)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) showing ``shown`` until Word updates it."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _docx_numbered(paragraph: DocxParagraph, number: int, text: str) -> None:
    """``1.``, a tab, then the text, with a hanging indent: the number is part of the text,
    so it stays the same whatever Word's list numbering would do."""
    paragraph.paragraph_format.left_indent = Mm(8)
    paragraph.paragraph_format.first_line_indent = Mm(-8)
    paragraph.add_run(f"{number}.").add_tab()
    _docx_text(paragraph, text)


def _docx_table(out: docx.document.Document, block: Table) -> None:
    if block.caption:
        caption = out.add_paragraph(style="Caption")
        _docx_text(caption, block.caption)
        caption.paragraph_format.keep_with_next = True
    table = out.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        _docx_text(cell.paragraphs[0], name, bold=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            _docx_text(cell.paragraphs[0], value)
    _repeat_header(table)
    out.add_paragraph()  # Word runs two adjacent tables together without one


def to_docx(document: Document) -> bytes:
    """The document as a Word (.docx) file on A4."""
    out = docx.Document()
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.left_margin = section.right_margin = Mm(18)
    out.styles["Normal"].font.size = Pt(10.5)
    props = out.core_properties
    props.title = clean(document.title)
    props.author = clean(document.author)
    props.language = document.language
    props.comments = ""
    _docx_text(out.add_paragraph(style="Title"), document.title)
    if document.metadata:
        table = out.add_table(rows=len(document.metadata), cols=2)
        for row, (label, value) in zip(table.rows, document.metadata, strict=True):
            _docx_text(row.cells[0].paragraphs[0], label, bold=True)
            _docx_text(row.cells[1].paragraphs[0], value)
        out.add_paragraph()
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = out.add_heading(level=block.level - 1)
            _docx_text(heading, block.text)
        elif isinstance(block, Paragraph):
            paragraph = out.add_paragraph()
            _docx_text(paragraph, block.text)
            if block.emphasis:
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, BulletList):
            for item in block.items:
                _docx_text(out.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, NumberedList):
            for number, item in enumerate(block.items, start=1):
                _docx_numbered(out.add_paragraph(), number, item)
        elif isinstance(block, Figure):
            _docx_table(out, Table(block.table.columns, block.table.rows, block.caption))
        else:
            _docx_table(out, block)
    footer = section.footer.paragraphs[0]
    if document.footer:
        footer.add_run(clean(document.footer) + "    ")
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
