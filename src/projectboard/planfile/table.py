"""Plan tables: the ID / Task Name / Duration / Start / Finish / Predecessors table that MS
Project prints and councils paste into PIDs, read from CSV or XLSX and written back.

Importing infers what MS Project inferred when the dates were typed: a start later than the
links allow is a Start No Earlier Than constraint. The imported plan is then scheduled and
every row compared with the table; rows that differ are reported with both dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from projectboard.engine.durations import parse_duration
from projectboard.engine.errors import (
    E_BAD_DATE,
    E_BAD_VALUE,
    E_DUPLICATE_ID,
    E_FILE,
    E_MISSING_KEY,
    E_TABLE_COLUMNS,
    E_TABLE_MISMATCH,
    Location,
    PlanError,
)
from projectboard.engine.files import decode_utf8, read_limited
from projectboard.engine.model import Plan, Task
from projectboard.engine.scheduler import Schedule, infer_start_constraints, schedule
from projectboard.planfile.syntax import format_predecessors, parse_predecessors

UK_DATE_FORMAT = "%d/%m/%y"
MAX_TABLE_BYTES = 32 * 1024 * 1024
COLUMNS = ("ID", "Task Name", "Duration", "Start", "End", "Predecessors")
# Accepted header spellings (case-insensitive) for each column.
_ALIASES = {
    "id": "ID",
    "task name": "Task Name",
    "name": "Task Name",
    "duration": "Duration",
    "start": "Start",
    "end": "End",
    "finish": "End",
    "predecessors": "Predecessors",
}
_REQUIRED = ("ID", "Task Name", "Duration")
_WEEKDAY_PREFIX = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    line: int
    id: int
    name: str
    duration: str
    start: date | None
    finish: date | None
    predecessors: str


@dataclass(frozen=True)
class Mismatch:
    id: int
    line: int
    field: str
    table: date
    scheduled: date

    def error(self, filename: str) -> PlanError:
        return PlanError(
            E_TABLE_MISMATCH,
            f"{self.field} is {self.table:%d/%m/%y} in the table but schedules to "
            f"{self.scheduled:%d/%m/%y}",
            location=Location(filename, self.line),
            task=str(self.id),
            value=self.table.isoformat(),
        )


@dataclass
class TableImport:
    plan: Plan
    rows: list[Row]
    inferred: list[int]
    schedule: Schedule
    mismatches: list[Mismatch]


def read_rows(path: str | Path, *, date_format: str = UK_DATE_FORMAT) -> list[Row]:
    path = Path(path)
    data = read_limited(path, MAX_TABLE_BYTES, "a table")
    if path.suffix.lower() == ".xlsx":
        records = _xlsx_records(path, data)
    else:
        text = decode_utf8(data, path, bom=True)
        records = list(enumerate(csv.reader(io.StringIO(text)), start=1))
    return _rows(records, str(path), date_format)


def _xlsx_records(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanError(
            E_FILE, f"is not a readable XLSX workbook ({exc})", location=Location(str(path))
        ) from None
    sheet = workbook.worksheets[0]
    records = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        records.append((number, [_cell_text(v) for v in values]))
    workbook.close()
    return records


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(records: Iterable[tuple[int, list[str]]], filename: str, date_format: str) -> list[Row]:
    it = iter(records)
    header: dict[str, int] = {}
    for line, values in it:
        if not any(v.strip() for v in values):
            continue
        for position, name in enumerate(values):
            column = _ALIASES.get(name.strip().lower())
            if column is not None and column not in header:
                header[column] = position
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise PlanError(
                E_TABLE_COLUMNS,
                f"the header row lacks the column(s) {', '.join(missing)} "
                f"(expected {', '.join(COLUMNS)})",
                location=Location(filename, line),
                value=values,
            )
        break
    else:
        raise PlanError(E_TABLE_COLUMNS, "the table is empty", location=Location(filename))

    rows: list[Row] = []
    seen: dict[int, int] = {}
    for line, values in it:
        if not any(v.strip() for v in values):
            continue

        def cell(column: str, values: list[str] = values) -> str:
            position = header.get(column)
            return (
                values[position].strip() if position is not None and position < len(values) else ""
            )

        where = Location(filename, line)
        raw_id = cell("ID")
        try:
            task_id = int(raw_id)
        except ValueError:
            raise PlanError(
                E_BAD_VALUE, f"ID {raw_id!r} is not a whole number", location=where, value=raw_id
            ) from None
        if task_id in seen:
            raise PlanError(
                E_DUPLICATE_ID,
                f"ID {task_id} is already used on line {seen[task_id]}",
                location=where,
                task=str(task_id),
                value=task_id,
            )
        seen[task_id] = line
        name = cell("Task Name")
        if not name:
            raise PlanError(E_MISSING_KEY, "Task Name is empty", location=where, task=str(task_id))
        rows.append(
            Row(
                line=line,
                id=task_id,
                name=name,
                duration=cell("Duration"),
                start=_date(cell("Start"), date_format, "Start", where, task_id),
                finish=_date(cell("End"), date_format, "End", where, task_id),
                predecessors=cell("Predecessors"),
            )
        )
    return rows


def _date(text: str, fmt: str, column: str, where: Location, task_id: int) -> date | None:
    if not text or text.upper() == "NA":
        return None
    cleaned = _WEEKDAY_PREFIX.sub("", text)
    for candidate in (fmt, "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, candidate).date()
        except ValueError:
            continue
    example = datetime(2008, 3, 7).strftime(fmt)
    raise PlanError(
        E_BAD_DATE,
        f"{column} {text!r} does not match the date format {fmt!r} (like {example}); "
        "use --date-format for another",
        location=where,
        task=str(task_id),
        value=text,
    )


def rows_to_plan(
    rows: list[Row], filename: str, *, name: str, start: datetime | None = None
) -> Plan:
    tasks: list[Task] = []
    for row in rows:
        where = Location(filename, row.line)
        try:
            duration = parse_duration(row.duration or "0d")
            links = parse_predecessors(row.predecessors)
        except PlanError as exc:
            field = "Predecessors" if exc.code == "E_BAD_PREDECESSOR" else "Duration"
            raise PlanError(
                exc.code,
                f"{field}: {exc.message}",
                location=where,
                task=str(row.id),
                value=exc.value,
            ) from None
        tasks.append(
            Task(id=row.id, name=row.name, duration=duration, predecessors=links, line=row.line)
        )
    starts = [r.start for r in rows if r.start is not None]
    if start is None:
        if not starts:
            raise PlanError(
                E_MISSING_KEY,
                "no row has a Start date, so the project start is unknown; give --project-start",
                location=Location(filename),
            )
        start = datetime.combine(min(starts), datetime.min.time()).replace(hour=8)
    return Plan(name=name, start=start, tasks=tasks)


def import_table(
    path: str | Path,
    *,
    date_format: str = UK_DATE_FORMAT,
    name: str | None = None,
    project_start: datetime | None = None,
) -> TableImport:
    """Read a plan table, infer typed-start constraints, schedule, compare with the table."""
    path = Path(path)
    rows = read_rows(path, date_format=date_format)
    plan = rows_to_plan(rows, str(path), name=name or path.stem, start=project_start)
    try:
        inferred = infer_start_constraints(
            plan, {r.id: r.start for r in rows if r.start is not None}
        )
        result = schedule(plan)
    except PlanError as exc:
        raise exc.located(Location(str(path))) from None
    by_id = result.by_id()
    mismatches = []
    for row in rows:
        scheduled = by_id[row.id]
        if row.start is not None and scheduled.start.date() != row.start:
            mismatches.append(
                Mismatch(row.id, row.line, "Start", row.start, scheduled.start.date())
            )
        if row.finish is not None and scheduled.finish.date() != row.finish:
            mismatches.append(
                Mismatch(row.id, row.line, "End", row.finish, scheduled.finish.date())
            )
    return TableImport(plan, rows, inferred, result, mismatches)


def table_rows(
    plan: Plan, result: Schedule, *, date_format: str = UK_DATE_FORMAT
) -> list[list[str]]:
    """The schedule as the seed table: header row then one row per task."""
    tasks = {t.id: t for t in plan.tasks}
    out = [list(COLUMNS)]
    for st in result.tasks:
        task = tasks[st.id]
        out.append(
            [
                str(st.id),
                st.name,
                _duration_text(st.duration_minutes, plan),
                st.start.strftime(date_format),
                st.finish.strftime(date_format),
                format_predecessors(task.predecessors),
            ]
        )
    return out


def _duration_text(minutes: int, plan: Plan) -> str:
    days = minutes / plan.settings.minutes_per_day
    text = f"{days:.2f}".rstrip("0").rstrip(".")
    return f"{text} d"


def write_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
