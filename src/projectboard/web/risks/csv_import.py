"""Reading the launch workshop's risks from a CSV file, safely: a size limit, UTF-8 only,
the documented columns only, and the first bad value stops the import with the file, the
line, the field and the value (``RiskCsvError``). Nothing is written here: the rows become
``RiskDraft``s that ``services.risk_import`` adds all together or not at all.

Columns (a header row; names as below, any order; only ``title``, ``category``,
``probability`` and ``impact`` are required):

title, kind (threat/opportunity), category, cause, event, effect, probability, impact,
residual_probability, residual_impact, proximity, response, response_actions, owner,
actionee (a person's code, as in the plan file, or full name), review_date (YYYY-MM-DD),
work_packages (codes separated by ``;``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from projectboard.web.projects.models import Person, Project, WorkPackage
from projectboard.web.risks import scoring
from projectboard.web.risks.models import Category, Kind, Proximity, Response
from projectboard.web.risks.services import RiskDraft, validate_risk

MAX_CSV_BYTES = 1024 * 1024
COLUMNS = (
    "title",
    "kind",
    "category",
    "cause",
    "event",
    "effect",
    "probability",
    "impact",
    "residual_probability",
    "residual_impact",
    "proximity",
    "response",
    "response_actions",
    "owner",
    "actionee",
    "review_date",
    "work_packages",
)
REQUIRED = ("title", "category", "probability", "impact")
# The draft's field names where they differ from the columns'.
_DRAFT_FIELD = {"probability": "inherent_probability", "impact": "inherent_impact"}
_COLUMN = {v: k for k, v in _DRAFT_FIELD.items()}

E_FILE = "file"
E_HEADER = "header"
E_VALUE = "bad_value"


@dataclass(frozen=True)
class RiskCsvError(Exception):
    code: str
    message: str
    file: str
    line: int | None = None
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f": {self.field} {self.value!r}" if self.field else ""
        return f"{where}{column}: {self.message}"


@dataclass(frozen=True)
class CsvRow:
    line: int
    draft: RiskDraft


def read_risk_csv(data: bytes, filename: str, project: Project) -> list[CsvRow]:
    """The risks of the file, each checked as ``risk_create`` would; the first problem is
    a ``RiskCsvError``."""
    if len(data) > MAX_CSV_BYTES:
        raise RiskCsvError(E_FILE, f"larger than {MAX_CSV_BYTES // 1024} KiB", filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RiskCsvError(E_FILE, f"not UTF-8 text: {exc.reason}", filename) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        raise RiskCsvError(E_FILE, f"not CSV: {exc}", filename, 1) from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise RiskCsvError(
            E_HEADER,
            f"unknown column; the columns are {', '.join(COLUMNS)}",
            filename,
            1,
            "header",
            unknown[0],
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RiskCsvError(E_HEADER, f"missing column {missing[0]!r}", filename, 1, "header")
    people = _people(project)
    wps = {wp.code.lower(): wp for wp in WorkPackage.objects.filter(project=project)}
    rows: list[CsvRow] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise RiskCsvError(
                    E_VALUE,
                    f"{len(values)} values for {len(header)} columns",
                    filename,
                    line,
                )
            cells = {h: v.strip() for h, v in zip(header, values, strict=True)}
            rows.append(CsvRow(line, _draft(cells, filename, line, project, people, wps)))
    except csv.Error as exc:
        raise RiskCsvError(E_FILE, f"not CSV: {exc}", filename, reader.line_num) from None
    if not rows:
        raise RiskCsvError(E_FILE, "no risks in the file", filename)
    return rows


def _people(project: Project) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for p in Person.objects.filter(memberships__project=project).distinct().order_by("id"):
        found.setdefault(p.name.lower(), p)
        if p.code:
            found.setdefault(p.code.lower(), p)
    return found


def _draft(
    cells: dict[str, str],
    filename: str,
    line: int,
    project: Project,
    people: dict[str, Person],
    wps: dict[str, WorkPackage],
) -> RiskDraft:
    def bad(column: str, message: str) -> RiskCsvError:
        return RiskCsvError(E_VALUE, message, filename, line, column, cells.get(column, ""))

    def score(column: str) -> int | None:
        value = cells.get(column, "")
        if value == "" and column not in REQUIRED:
            return None
        if value not in {str(n) for n in scoring.SCALE}:
            raise bad(column, "expected a whole number from 1 to 5")
        return int(value)

    def person(column: str) -> Person | None:
        value = cells.get(column, "")
        if not value:
            return None
        if value.lower() not in people:
            raise bad(column, "no member of the project has this code or name")
        return people[value.lower()]

    def choice(column: str, choices: type[Category | Kind | Proximity | Response]) -> str:
        value = cells.get(column, "")
        by_label = {str(label).lower(): key for key, label in choices.choices}
        return by_label.get(value.lower(), value.lower())

    review: date | None = None
    if cells.get("review_date"):
        try:
            review = date.fromisoformat(cells["review_date"])
        except ValueError:
            raise bad("review_date", "expected a date as YYYY-MM-DD") from None
    links: list[WorkPackage] = []
    for code in filter(None, (c.strip() for c in cells.get("work_packages", "").split(";"))):
        if code.lower() not in wps:
            raise RiskCsvError(
                E_VALUE,
                "no such work package in this project",
                filename,
                line,
                "work_packages",
                code,
            )
        links.append(wps[code.lower()])
    inherent_p, inherent_i = score("probability"), score("impact")
    assert inherent_p is not None and inherent_i is not None  # required columns
    draft = RiskDraft(
        title=cells.get("title", ""),
        kind=choice("kind", Kind) or Kind.THREAT,
        category=choice("category", Category),
        cause=cells.get("cause", ""),
        event=cells.get("event", ""),
        effect=cells.get("effect", ""),
        inherent_probability=inherent_p,
        inherent_impact=inherent_i,
        residual_probability=score("residual_probability"),
        residual_impact=score("residual_impact"),
        proximity=choice("proximity", Proximity),
        response=choice("response", Response),
        response_actions=cells.get("response_actions", ""),
        owner=person("owner"),
        actionee=person("actionee"),
        review_date=review,
        work_packages=tuple(links),
    )
    try:
        return validate_risk(project, draft)
    except ValidationError as exc:
        # The first bad field in the order of the columns.
        column, errors = min(
            ((_COLUMN.get(name, name), errors) for name, errors in exc.error_dict.items()),
            key=lambda pair: COLUMNS.index(pair[0]) if pair[0] in COLUMNS else len(COLUMNS),
        )
        message = " ".join(str(m) for e in errors for m in e.messages).rstrip(".")
        raise bad(column, message) from None
