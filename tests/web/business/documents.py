"""Reading back what the exports produce: the text of each PDF page as WeasyPrint lays it
out (the layout ``to_pdf`` writes; poppler is not installed), the charts drawn on them, and
the Word file through python-docx."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import weasyprint  # type: ignore[import-untyped]
from weasyprint.formatting_structure.boxes import (  # type: ignore[import-untyped]
    ReplacedBox,
    TextBox,
)

from projectboard.reports.documents import DataOnlyFetcher, Document, to_html


def _walk(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def pdf_pages(document: Document) -> list[list[str]]:
    laid_out = weasyprint.HTML(string=to_html(document), url_fetcher=DataOnlyFetcher()).render()
    return [
        [b.text for b in _walk(page._page_box) if isinstance(b, TextBox)] for page in laid_out.pages
    ]


def pdf_charts(document: Document) -> list[tuple[int, str, int]]:
    """Each chart drawn: its page (from 1), its SVG title and how many bars it has."""
    laid_out = weasyprint.HTML(string=to_html(document), url_fetcher=DataOnlyFetcher()).render()
    found = []
    for number, page in enumerate(laid_out.pages, start=1):
        for box in _walk(page._page_box):
            if isinstance(box, ReplacedBox):
                tree = box.replacement._svg.tree
                title = next(node.text for node in tree if node.tag == "title")
                bars = [
                    node
                    for node in tree
                    if node.tag == "rect" and any(c.tag == "title" for c in node)
                ]
                found.append((number, title, len(bars)))
    return found


def read_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def cells(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]
