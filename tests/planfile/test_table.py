"""Plan tables: reproducing the seed table, XLSX, date formats and located errors."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from projectboard.engine.errors import PlanError
from projectboard.planfile.table import import_table, table_rows

SEED_TABLE = Path(__file__).resolve().parents[2] / "examples" / "shared-ict" / "seed-plan.csv"
SEED_ROWS = list(csv.DictReader(SEED_TABLE.read_text().splitlines()))


def uk(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%y").date()


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"task{r['ID']}")
def test_seed_table_reproduces_row_by_row(seed_table: Path, row: dict[str, str]) -> None:
    result = import_table(seed_table).schedule.by_id()[int(row["ID"])]
    assert (result.start.date(), result.finish.date()) == (uk(row["Start"]), uk(row["End"]))


def test_typed_starts_become_start_no_earlier_than(seed_table: Path) -> None:
    imported = import_table(seed_table)
    assert sorted(imported.inferred) == [3, 4, 5, 14]
    constraints = {t.id: t.constraint for t in imported.plan.tasks if t.constraint}
    assert {i: (c.type, c.date) for i, c in constraints.items()} == {
        3: ("SNET", datetime(2008, 4, 8, 8, 0)),
        4: ("SNET", datetime(2008, 4, 8, 8, 0)),
        5: ("SNET", datetime(2008, 4, 14, 8, 0)),
        14: ("SNET", datetime(2008, 4, 18, 8, 0)),
    }
    assert imported.mismatches == []


def test_table_written_back_equals_the_seed(seed_table: Path) -> None:
    imported = import_table(seed_table)
    rows = table_rows(imported.plan, imported.schedule)
    with seed_table.open() as f:
        assert rows == list(csv.reader(f))


def test_xlsx_with_us_dates(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Name", "Duration", "Start", "Finish", "Predecessors"])
    sheet.append([1, "Design", "2 d", "03/07/2008", "03/10/2008", None])
    sheet.append([2, "Build", 3, "03/11/2008", "03/13/2008", "1"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    imported = import_table(path, date_format="%m/%d/%Y")
    assert imported.mismatches == []
    assert [(t.start, t.finish) for t in imported.schedule.tasks] == [
        (datetime(2008, 3, 7, 8, 0), datetime(2008, 3, 10, 17, 0)),
        (datetime(2008, 3, 11, 8, 0), datetime(2008, 3, 13, 17, 0)),
    ]


def test_a_row_that_cannot_be_reproduced_is_reported_with_both_dates(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "ID,Task Name,Duration,Start,End,Predecessors\n"
        "1,Design,2 d,07/03/08,10/03/08,\n"
        "2,Build,3 d,10/03/08,12/03/08,1\n"  # starts before its predecessor ends
    )
    [mismatch, *rest] = import_table(path).mismatches
    err = mismatch.error(str(path))
    assert err.code == "E_TABLE_MISMATCH"
    assert (err.location.line, err.task) == (3, "2")
    assert "Start is 10/03/08 in the table but schedules to 11/03/08" in err.message
    assert [m.field for m in rest] == ["End"]


@pytest.mark.parametrize(
    ("content", "code", "line", "fragment"),
    [
        ("ID,Name\n", "E_TABLE_COLUMNS", 1, "Duration"),
        ("ID,Task Name,Duration,Start\nx,A,1d,07/03/08\n", "E_BAD_VALUE", 2, "'x'"),
        ("ID,Task Name,Duration,Start\n1,A,1d,2008/03/07\n", "E_BAD_DATE", 2, "'2008/03/07'"),
        ("ID,Task Name,Duration,Start\n1,A,1q,07/03/08\n", "E_BAD_DURATION", 2, "'1q'"),
        (
            "ID,Task Name,Duration,Start,End,Predecessors\n1,A,1d,07/03/08,,9\n",
            "E_UNKNOWN_PREDECESSOR",
            2,
            "'9'",
        ),
        (
            "ID,Task Name,Duration,Start\n1,A,1d,07/03/08\n1,B,1d,07/03/08\n",
            "E_DUPLICATE_ID",
            3,
            "line 2",
        ),
    ],
)
def test_bad_tables(tmp_path: Path, content: str, code: str, line: int, fragment: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(PlanError) as caught:
        import_table(path)
    assert (caught.value.code, caught.value.location.file, caught.value.location.line) == (
        code,
        str(path),
        line,
    )
    assert fragment in caught.value.message


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("hello")
    with pytest.raises(PlanError) as caught:
        import_table(path)
    assert caught.value.code == "E_FILE"
