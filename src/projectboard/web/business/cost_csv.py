"""Bulk entry of cost lines from a CSV file, read safely: a size limit, UTF-8 only, and the
first bad value stops the import with the file, line, field and value (``CostCsvError``).
Nothing is written here: the rows become ``LineDraft``s that ``cost_lines_import`` adds all
together or not at all.

Columns (a header row, names as below in any order, then one column per financial year,
headed like ``2009/10``): ``option`` (a scenario code; blank: every option), ``name``,
``kind`` (``current``, ``implementation_staff_interim``, ``implementation_staff_final``,
``implementation_infrastructure``, ``revenue``, ``capital``, ``saving``, or their labels),
``partner`` (a partner code). One row per line and partner; rows with the same option and
name make one line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from projectboard.finance.costs import CostKind
from projectboard.finance.errors import FinanceError
from projectboard.finance.money import parse_money
from projectboard.finance.years import FinancialYear
from projectboard.web.business.cost_services import LineDraft, first_error, validate_line
from projectboard.web.business.costs import frame_of, partner_codes
from projectboard.web.business.models import Scenario
from projectboard.web.projects.models import Project

MAX_CSV_BYTES = 1024 * 1024
COLUMNS = ("option", "name", "kind", "partner")
REQUIRED = ("name", "kind", "partner")


@dataclass(frozen=True)
class CostCsvError(Exception):
    code: str
    message: str
    file: str
    line: int | None = None
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f": field '{self.field}' value {self.value!r}" if self.field else ""
        return f"{where}{column}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class CsvLine:
    line: int  # the first row of the line in the file
    draft: LineDraft


def _kinds() -> dict[str, CostKind]:
    found = {kind.value: kind for kind in CostKind}
    found.update({kind.label.lower(): kind for kind in CostKind})
    return found


def read_cost_csv(data: bytes, filename: str, project: Project) -> list[CsvLine]:
    """The cost lines of the file, each checked as ``cost_line_create`` would."""
    if len(data) > MAX_CSV_BYTES:
        raise CostCsvError("E_FILE", f"larger than {MAX_CSV_BYTES // 1024} KiB", filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CostCsvError("E_FILE", f"not UTF-8 text: {exc.reason}", filename) from None
    frame = frame_of(project)
    years = {str(y): y for y in frame.years}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        for h in header:
            if h not in COLUMNS and h not in years:
                raise CostCsvError(
                    "E_HEADER",
                    f"unknown column; the columns are {', '.join(COLUMNS)} and the model's "
                    f"years {', '.join(years)}",
                    filename,
                    1,
                    "header",
                    h,
                )
        for column in REQUIRED:
            if column not in header:
                raise CostCsvError("E_HEADER", f"missing column '{column}'", filename, 1, "header")
        drafts: dict[tuple[str, str], tuple[int, LineDraft]] = {}
        scenarios = {s.code.lower(): s for s in Scenario.objects.filter(project=project)}
        partners = set(partner_codes(project))
        kinds = _kinds()
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise CostCsvError(
                    "E_FIELDS", f"{len(values)} values for {len(header)} columns", filename, line
                )
            cells = dict(zip(header, (v.strip() for v in values), strict=True))

            def bad(
                column: str,
                message: str,
                code: str = "E_VALUE",
                line: int = line,
                cells: dict[str, str] = cells,
            ) -> CostCsvError:
                return CostCsvError(code, message, filename, line, column, cells.get(column, ""))

            option = cells.get("option", "")
            if option and option.lower() not in scenarios:
                raise bad("option", "no option (scenario) with this code")
            kind = kinds.get(cells["kind"].lower())
            if kind is None:
                raise bad("kind", "not a kind of cost line")
            if cells["partner"] not in partners:
                raise bad("partner", "not a partner of this project", "E_UNKNOWN_PARTNER")
            amounts: dict[tuple[str, int], Decimal] = {}
            for column, year in years.items():
                if cells.get(column, ""):
                    try:
                        amounts[(cells["partner"], year.start)] = parse_money(cells[column])
                    except FinanceError as exc:
                        raise bad(column, exc.message, exc.code) from None
            key = (option.lower(), cells["name"])
            first, draft = drafts.get(
                key,
                (line, LineDraft(cells["name"], kind.value, scenarios.get(option.lower()))),
            )
            if draft.kind != kind.value:
                raise bad("kind", f"line '{cells['name']}' is '{draft.kind}' on line {first}")
            if any(k in draft.amounts for k in amounts):
                raise bad(
                    "partner",
                    f"line '{cells['name']}' already has this partner on line {first}",
                    "E_DUPLICATE",
                )
            drafts[key] = (
                first,
                LineDraft(draft.name, draft.kind, draft.scenario, {**draft.amounts, **amounts}),
            )
    except csv.Error as exc:
        raise CostCsvError("E_FILE", f"not CSV: {exc}", filename, reader.line_num) from None
    if not drafts:
        raise CostCsvError("E_FILE", "no cost lines in the file", filename)
    found: list[CsvLine] = []
    for first, draft in drafts.values():
        try:
            validate_line(project, draft, frame)
        except ValidationError as exc:
            name, code, message = first_error(exc)
            raise CostCsvError(code, message, filename, first, name, draft.name) from None
        found.append(CsvLine(first, draft))
    return found


def total(draft: LineDraft) -> Decimal:
    return sum(draft.amounts.values(), Decimal(0))


def years_of(draft: LineDraft) -> str:
    return ", ".join(str(FinancialYear(y)) for y in sorted({y for _, y in draft.amounts}))
