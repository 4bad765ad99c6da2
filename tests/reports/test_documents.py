"""The document model and its three renderings: the HTML is escaped, the PDF is A4 with the
text, footer and page numbers on each page and the table header repeated, the Word file
reads back with python-docx with the same content. Numbered lists keep their numbers; a
figure is a chart in the HTML and PDF, and its table in the Word file.

PDF text is read from WeasyPrint's own layout of the document (the boxes it draws into the
PDF), since poppler's pdftotext is not installed; the PDF bytes are checked for their
structure: page size, page count, metadata and bookmarks.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import weasyprint  # type: ignore[import-untyped]
from docx.oxml.ns import qn
from weasyprint.formatting_structure.boxes import (  # type: ignore[import-untyped]
    ReplacedBox,
    TextBox,
)

from projectboard.reports.documents import (
    BulletList,
    DataOnlyFetcher,
    Document,
    DocumentError,
    Figure,
    Heading,
    NumberedList,
    Paragraph,
    Table,
    to_docx,
    to_html,
    to_pdf,
)

ROWS = tuple((f"T{n}", f"Task {n} <b>&", "Fri 11/04/2008") for n in range(1, 81))


def report(**changes: object) -> Document:
    fields: dict[str, object] = {
        "title": "Highlight report <draft>",
        "author": "Hazel Cushin",
        "footer": "Shared ICT – highlight report, issue 1",
        "metadata": (("Project", "Shared ICT"), ("Period", "25/03/2008 to 07/04/2008")),
        "blocks": (
            Heading("Summary"),
            Paragraph("Work is progressing well.\nThe HR aspect needs caution."),
            Paragraph("Figures are from the schedule.", emphasis=True),
            BulletList(("Agree the PID", "Ratify the stop/go decision")),
            Heading("Detail", level=3),
            Table(("ID", "Task", "Finish"), ROWS, caption="Finishes"),
        ),
    }
    fields.update(changes)
    return Document(**fields)  # type: ignore[arg-type]


# -- the model -------------------------------------------------------------------------------


def test_a_table_row_must_match_its_header() -> None:
    with pytest.raises(DocumentError) as caught:
        Document(title="R", blocks=(Heading("A"), Table(("A", "B"), (("1", "2"), ("3",)), "T")))
    assert str(caught.value) == "block 2: table 'T': row 2 has 1 cells; the header has 2"


def test_headings_are_level_2_or_3() -> None:
    with pytest.raises(DocumentError) as caught:
        Document(title="R", blocks=(Heading("Top", level=1),))
    assert str(caught.value) == (
        "block 1: heading 'Top' has level 1; headings are level 2 or 3 (level 1 is the title)"
    )


def test_a_document_needs_a_title() -> None:
    with pytest.raises(DocumentError, match=r"^the document needs a title$"):
        Document(title="  ")


# -- HTML ------------------------------------------------------------------------------------


def test_html_escapes_every_text() -> None:
    html = to_html(report())
    assert "<title>Highlight report &lt;draft&gt;</title>" in html
    assert "<h1>Highlight report &lt;draft&gt;</h1>" in html
    assert "<td>Task 1 &lt;b&gt;&amp;</td>" in html
    assert "<b>" not in html
    assert '<p class="note">Figures are from the schedule.</p>' in html
    assert "<p>Work is progressing well.<br>\nThe HR aspect needs caution.</p>" in html
    assert '<tr><th scope="row">Period</th><td>25/03/2008 to 07/04/2008</td></tr>' in html
    assert '<thead><tr><th scope="col">ID</th><th scope="col">Task</th>' in html
    assert '<html lang="en-GB">' in html


def test_html_drops_control_characters() -> None:
    html = to_html(Document(title="R\x00\x07", blocks=(Paragraph("a\x0bb\r\nc"),)))
    assert "<h1>R</h1>" in html
    assert "<p>ab<br>\nc</p>" in html


# -- PDF -------------------------------------------------------------------------------------


def _texts(box: object) -> Iterator[str]:
    if isinstance(box, TextBox):
        yield box.text
    for child in getattr(box, "children", None) or ():
        yield from _texts(child)


def _pages(document: Document) -> list[list[str]]:
    """The text of each page as WeasyPrint lays it out (the layout ``to_pdf`` writes)."""
    laid_out = weasyprint.HTML(string=to_html(document), url_fetcher=DataOnlyFetcher()).render()
    return [list(_texts(page._page_box)) for page in laid_out.pages]


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    inflated = [
        zlib.decompress(m.group(1))
        for m in re.finditer(rb"/FlateDecode.*?stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    ]
    return pdf + b"".join(inflated)


def test_the_pdf_is_a4_with_metadata_and_bookmarks() -> None:
    pdf = to_pdf(report())
    assert pdf.startswith(b"%PDF-1.7\n")
    assert pdf.rstrip().endswith(b"%%EOF")
    objects = _pdf_objects(pdf)
    assert objects.count(b"/MediaBox [0 0 595.275591 841.889764]") == 3  # A4 in points
    assert b"/Type /Pages/Kids [6 0 R 8 0 R 10 0 R]/Count 3>>" in objects
    assert b"/Author (Hazel Cushin)" in objects
    assert b"/Lang (en-GB)" in objects
    # Headings become bookmarks: the title, and the sections under it.
    assert b"/Title (Highlight report <draft>)" in objects
    assert b"/Title (Summary)" in objects
    assert b"/Title (Detail)" in objects


def test_every_pdf_page_has_the_footer_and_its_number() -> None:
    pages = _pages(report())
    assert len(pages) == 3
    for number, texts in enumerate(pages, start=1):
        assert texts[-2:] == ["Shared ICT – highlight report, issue 1", f"Page {number} of 3"]


def test_the_pdf_starts_with_the_title_block() -> None:
    first = _pages(report())[0]
    assert first[:14] == [
        "Highlight report <draft>",
        "Project",
        "Shared ICT",
        "Period",
        "25/03/2008 to 07/04/2008",
        "Summary",
        "Work is progressing well.",
        "The HR aspect needs caution.",
        "Figures are from the schedule.",
        "• ",
        "Agree the PID",
        "• ",
        "Ratify the stop/go decision",
        "Detail",
    ]
    assert first[14:18] == ["Finishes", "ID", "Task", "Finish"]


def test_the_pdf_repeats_table_headers_and_keeps_every_row() -> None:
    pages = _pages(report())
    for texts in pages[1:]:
        assert texts[:3] == ["ID", "Task", "Finish"]
    rows = [t for texts in pages for t in texts if re.fullmatch(r"T\d+", t)]
    assert rows == [f"T{n}" for n in range(1, 81)]


def _png() -> bytes:
    """A one-pixel green PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\xff\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _with_background(url: str) -> Document:
    """A figure whose SVG element has a background image at ``url``."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" '
        f'style="background-image: url({url})"><rect width="10" height="10"/></svg>'
    )
    return Document(title="R", blocks=(Figure(svg, NPV_TABLE, "NPV"),))


def _has_image(pdf: bytes) -> bool:
    return b"/Subtype /Image" in _pdf_objects(pdf)


def test_pdf_rendering_embeds_data_uris() -> None:
    data = "data:image/png;base64," + base64.b64encode(_png()).decode()
    assert _has_image(to_pdf(_with_background(data)))


@pytest.mark.parametrize(
    "where",
    [
        "file",
        "http://127.0.0.1:9/logo.png",  # the discard port: nothing is listening
    ],
)
def test_pdf_rendering_refuses_every_other_url(
    where: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if where == "file":
        image = tmp_path / "logo.png"
        image.write_bytes(_png())
        where = image.as_uri()
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = to_pdf(_with_background(where))
    assert not _has_image(pdf)
    assert [r.getMessage() for r in caplog.records if r.name == "weasyprint"] == [
        f"Failed to load image at {where!r}: ValueError: refused to fetch {where!r}: "
        "documents may only embed data: URIs"
    ]


# -- Word ------------------------------------------------------------------------------------


def _read_docx(document: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(to_docx(document)))


def test_the_word_file_has_the_title_block_and_every_block() -> None:
    read = _read_docx(report())
    assert read.core_properties.title == "Highlight report <draft>"
    assert read.core_properties.author == "Hazel Cushin"
    assert [(p.style.name if p.style else "", p.text) for p in read.paragraphs if p.text] == [
        ("Title", "Highlight report <draft>"),
        ("Heading 1", "Summary"),
        ("Normal", "Work is progressing well.\nThe HR aspect needs caution."),
        ("Normal", "Figures are from the schedule."),
        ("List Bullet", "Agree the PID"),
        ("List Bullet", "Ratify the stop/go decision"),
        ("Heading 2", "Detail"),
        ("Caption", "Finishes"),
    ]
    note = next(p for p in read.paragraphs if p.text == "Figures are from the schedule.")
    assert [r.italic for r in note.runs] == [True]
    metadata, table = read.tables
    assert [[c.text for c in row.cells] for row in metadata.rows] == [
        ["Project", "Shared ICT"],
        ["Period", "25/03/2008 to 07/04/2008"],
    ]
    assert [c.text for c in table.rows[0].cells] == ["ID", "Task", "Finish"]
    assert [c.text for c in table.rows[1].cells] == ["T1", "Task 1 <b>&", "Fri 11/04/2008"]
    assert len(table.rows) == 81


def test_the_word_table_repeats_its_header_row() -> None:
    table = _read_docx(report()).tables[1]
    header = table.rows[0]._tr.trPr
    assert header is not None
    flags = [child.tag for child in header]
    assert flags == [qn("w:cantSplit"), qn("w:tblHeader")]
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None  # type: ignore[union-attr]


def test_the_word_file_is_a4_with_a_numbered_footer() -> None:
    read = _read_docx(report())
    section = read.sections[0]
    # Word keeps sizes in twentieths of a point: A4 is 11906 by 16838.
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    footer = section.footer.paragraphs[0]
    assert footer.text == "Shared ICT – highlight report, issue 1    Page  of "
    fields = footer._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]


def test_the_word_file_drops_control_characters() -> None:
    read = _read_docx(Document(title="R\x00", blocks=(Paragraph("a\x0bb\x1fc"),)))
    assert [p.text for p in read.paragraphs if p.text] == ["R", "abc"]


# -- numbered lists and figures ----------------------------------------------------------------

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100" '
    'role="img"><title>NPV by option</title><rect x="10" y="10" width="20" height="80" '
    'fill="#0072B2"><title>NPV, DN: £0.00</title></rect></svg>'
)
NPV_TABLE = Table(("Option", "NPV"), (("DN", "£0.00"), ("HOST", "£436,346.63")), "ignored")


def with_figure() -> Document:
    return Document(
        title="Business case",
        blocks=(
            Heading("Recommendations"),
            NumberedList(("Note the progress.", "Comment on the <proposal>.")),
            Figure(CHART, NPV_TABLE, "Net present value by option"),
        ),
    )


def test_html_numbers_the_list_and_embeds_the_chart() -> None:
    html = to_html(with_figure())
    assert "<ol><li>Note the progress.</li><li>Comment on the &lt;proposal&gt;.</li></ol>" in html
    assert f"<figure><figcaption>Net present value by option</figcaption>{CHART}</figure>" in html


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        ('<svg x="1"><script>alert(1)</script></svg>', "'<script'"),
        ('<svg x="1"><rect onclick="alert(1)"/></svg>', "'<rect onclick='"),
        ('<svg x="1"><image href="file:///etc/passwd"/></svg>', "'<image'"),
        ('<svg x="1"><foreignObject/></svg>', "'<foreignObject'"),
    ],
)
def test_a_figure_holds_only_a_chart(svg: str, found: str) -> None:
    with pytest.raises(DocumentError) as caught:
        Document(title="R", blocks=(Figure(svg, NPV_TABLE, "NPV"),))
    assert str(caught.value) == (
        f"block 1: figure 'NPV' contains {found}; a figure may only hold a chart drawn by "
        "reports.charts"
    )


def test_a_figure_is_an_svg_element() -> None:
    with pytest.raises(DocumentError) as caught:
        Document(title="R", blocks=(Figure("<p>chart</p>", NPV_TABLE, "NPV"),))
    assert str(caught.value) == "block 1: figure 'NPV' is not a standalone <svg> element"


def test_a_figure_table_must_match_its_header() -> None:
    bad = Table(("Option", "NPV"), (("DN",),), "NPV")
    with pytest.raises(DocumentError) as caught:
        Document(title="R", blocks=(Figure(CHART, bad, "NPV"),))
    assert str(caught.value) == "block 1: table 'NPV': row 1 has 1 cells; the header has 2"


def _svgs(box: object) -> Iterator[ReplacedBox]:
    if isinstance(box, ReplacedBox):
        yield box
    for child in getattr(box, "children", None) or ():
        yield from _svgs(child)


def test_the_pdf_draws_the_chart_and_numbers_the_list() -> None:
    laid_out = weasyprint.HTML(
        string=to_html(with_figure()), url_fetcher=DataOnlyFetcher()
    ).render()
    (page,) = laid_out.pages
    assert list(_texts(page._page_box))[:7] == [
        "Business case",
        "Recommendations",
        "1. ",
        "Note the progress.",
        "2. ",
        "Comment on the <proposal>.",
        "Net present value by option",
    ]
    (chart,) = _svgs(page._page_box)
    tree = chart.replacement._svg.tree
    assert [(node.tag, node.text) for node in tree if node.tag == "title"] == [
        ("title", "NPV by option")
    ]
    assert round(chart.width) == 658  # the width of the text: 174 mm at 96 px to the inch
    assert to_pdf(with_figure()).startswith(b"%PDF-1.7\n")


def test_the_word_file_numbers_the_list_and_gives_the_figure_as_a_table() -> None:
    read = _read_docx(with_figure())
    assert [p.text for p in read.paragraphs if p.text] == [
        "Business case",
        "Recommendations",
        "1.\tNote the progress.",
        "2.\tComment on the <proposal>.",
        "Net present value by option",
    ]
    (table,) = read.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Option", "NPV"],
        ["DN", "£0.00"],
        ["HOST", "£436,346.63"],
    ]
