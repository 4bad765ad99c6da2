"""Plan tables as XLSX: what is written reads back the same."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from projectboard.engine import schedule
from projectboard.planfile import read_plan_file
from projectboard.planfile.table import import_table, table_rows, write_csv
from projectboard.planfile.table_write import write_xlsx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "shared-ict" / "plan.yaml"


def read_back(data: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def seed_rows() -> list[list[str]]:
    plan = read_plan_file(EXAMPLE)
    return table_rows(plan, schedule(plan))


def test_rows_read_back_equal() -> None:
    rows = seed_rows()
    assert len(rows) == 20
    assert read_back(write_xlsx(rows)) == rows


def test_header_bold_frozen_and_columns_sized() -> None:
    rows = seed_rows()
    sheet = load_workbook(io.BytesIO(write_xlsx(rows))).worksheets[0]
    assert sheet.title == "Plan"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["B2"].font.b
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEF"}
    longest_name = max(len(r[1]) for r in rows)
    assert widths["B"] == longest_name + 2
    assert widths["A"] == 6  # the minimum: "ID" and numbers are short
    assert all(6 <= w <= 60 for w in widths.values())


def test_text_stays_text() -> None:
    rows = [["ID", "Task Name"], ["007", '=HYPERLINK("x")'], ["2", "1.50"]]
    data = write_xlsx(rows)
    assert read_back(data) == rows
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["B2"].data_type == "s"


def test_output_is_deterministic() -> None:
    rows = seed_rows()
    assert write_xlsx(rows) == write_xlsx(rows)


def test_xlsx_imports_like_the_csv(tmp_path: Path) -> None:
    rows = seed_rows()
    xlsx = tmp_path / "plan.xlsx"
    xlsx.write_bytes(write_xlsx(rows))
    csv = tmp_path / "plan.csv"
    csv.write_text(write_csv(rows), encoding="utf-8")
    from_xlsx, from_csv = import_table(xlsx), import_table(csv)
    assert from_xlsx.rows == from_csv.rows
    assert from_xlsx.mismatches == [] == from_csv.mismatches
