"""Plan tables as XLSX: ``table_rows(plan, schedule)`` to a workbook, as ``write_csv`` does
to CSV. The header row is bold and frozen and columns are as wide as their text.

Every cell is written as text, exactly as given, so reading the workbook back gives the
same rows (a name starting with ``=`` stays text, never becoming a formula). The bytes do
not depend on the clock: the document dates and the zip entries' times are fixed.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

SHEET_TITLE = "Plan"
MIN_WIDTH = 6
MAX_WIDTH = 60
FIXED_TIME = datetime(2000, 1, 1)  # document created/modified: a constant, for stable bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def write_xlsx(rows: list[list[str]]) -> bytes:
    """The rows (header first) as a one-sheet XLSX workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    widths: dict[int, int] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # text, even if it looks like a number or a formula
            if r == 1:
                cell.font = bold
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[c] = max(widths.get(c, 0), longest)
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )
    sheet.freeze_panes = "A2"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ``_ZIP_TIME`` (openpyxl stamps the clock)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
