"""The plan corpus: small plan files, each with its expected schedule in its header.

``tests/corpus/*.yaml`` each show one scheduling behaviour. Their leading comment block holds
one ``# expect:`` line per checked task and a ``# source:`` line saying where the numbers come
from (hand computation under MS Project's rules)::

    # expect: 2 start=2008-03-10T08:00 finish=2008-03-11T17:00 total_float=0 critical=true
    # source: hand-computed from the Standard calendar (...)

Dates are compared to the minute, floats and durations in working minutes.

``tests/corpus/errors/*.yaml`` are plans that must be refused, with a header::

    # error: E_CODE line=N
    # message: a substring of the message
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from projectboard.engine import PlanError, ScheduledTask, schedule
from projectboard.planfile import read_plan_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PLAN_FILES = sorted(CORPUS.glob("*.yaml"))
ERROR_FILES = sorted((CORPUS / "errors").glob("*.yaml"))

DATE_FIELDS = {
    "start": "start",
    "finish": "finish",
    "early_start": "early_start",
    "early_finish": "early_finish",
    "late_start": "late_start",
    "late_finish": "late_finish",
}
INT_FIELDS = {
    "total_float": "total_float_minutes",
    "free_float": "free_float_minutes",
    "duration": "duration_minutes",
}
BOOL_FIELDS = {
    "critical": "critical",
    "deadline_missed": "deadline_missed",
    "milestone": "milestone",
    "summary": "summary",
}
_EXPECT_RE = re.compile(r"^#\s*expect:\s*(?P<id>\d+)(?P<fields>(?:\s+\w+=\S+)*)\s*$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


@dataclass(frozen=True)
class Expectation:
    task_id: int
    fields: dict[str, str]
    line: int


def _header(path: Path) -> list[tuple[int, str]]:
    """The leading comment block, as (line number, text) pairs."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("#"):
            break
        out.append((number, line))
    return out


def parse_expectations(path: Path) -> list[Expectation]:
    header = _header(path)
    expectations: list[Expectation] = []
    sources = 0
    for number, line in header:
        if line.startswith("# source:"):
            sources += 1
            continue
        if not re.match(r"^#\s*expect:", line):
            continue
        match = _EXPECT_RE.match(line)
        assert match, f"{path.name}:{number}: malformed expect line {line!r}"
        fields: dict[str, str] = {}
        for item in match.group("fields").split():
            key, _, value = item.partition("=")
            known = key in DATE_FIELDS or key in INT_FIELDS or key in BOOL_FIELDS
            assert known, f"{path.name}:{number}: unknown field {key!r}"
            assert key not in fields, f"{path.name}:{number}: {key!r} given twice"
            fields[key] = value
        expectations.append(Expectation(int(match.group("id")), fields, number))
    assert expectations, f"{path.name}: no '# expect:' lines in the header"
    assert sources, f"{path.name}: no '# source:' line in the header"
    return expectations


def _actual(task: ScheduledTask, key: str) -> str:
    if key in DATE_FIELDS:
        value: datetime = getattr(task, DATE_FIELDS[key])
        return value.isoformat(timespec="minutes")
    if key in INT_FIELDS:
        return str(getattr(task, INT_FIELDS[key]))
    return "true" if getattr(task, BOOL_FIELDS[key]) else "false"


def _check_value(key: str, value: str) -> None:
    if key in DATE_FIELDS:
        assert _DATETIME_RE.match(value), f"{key}={value!r} is not YYYY-MM-DDTHH:MM"
    elif key in INT_FIELDS:
        assert re.match(r"^-?\d+$", value), f"{key}={value!r} is not whole minutes"
    else:
        assert value in ("true", "false"), f"{key}={value!r} is not true/false"


def test_corpus_is_there() -> None:
    assert len(PLAN_FILES) >= 25
    assert len(ERROR_FILES) >= 15


@pytest.mark.parametrize("path", PLAN_FILES, ids=[p.name for p in PLAN_FILES])
def test_corpus_plan(path: Path) -> None:
    expectations = parse_expectations(path)
    result = schedule(read_plan_file(path)).by_id()
    mismatches: list[str] = []
    for expected in expectations:
        assert expected.task_id in result, f"{path.name}: no task {expected.task_id}"
        task = result[expected.task_id]
        for key, value in expected.fields.items():
            _check_value(key, value)
            got = _actual(task, key)
            if got != value:
                mismatches.append(
                    f"line {expected.line}: task {expected.task_id} {key}: "
                    f"expected {value}, got {got}"
                )
    assert not mismatches, f"{path.name}:\n" + "\n".join(mismatches)


_ERROR_RE = re.compile(r"^#\s*error:\s*(?P<code>E_[A-Z_]+)\s+line=(?P<line>\d+)\s*$")
_MESSAGE_RE = re.compile(r"^#\s*message:\s?(?P<text>.*?)\s*$")


def parse_error_header(path: Path) -> tuple[str, int, str | None]:
    code: str | None = None
    line = 0
    message: str | None = None
    for number, text in _header(path):
        if match := _ERROR_RE.match(text):
            code, line = match.group("code"), int(match.group("line"))
        elif match := _MESSAGE_RE.match(text):
            message = match.group("text")
        elif re.match(r"^#\s*(error|message):", text):
            raise AssertionError(f"{path.name}:{number}: malformed header line {text!r}")
    assert code is not None, f"{path.name}: no '# error: E_CODE line=N' header"
    return code, line, message


@pytest.mark.parametrize("path", ERROR_FILES, ids=[p.name for p in ERROR_FILES])
def test_corpus_error(path: Path) -> None:
    code, line, message = parse_error_header(path)
    with pytest.raises(PlanError) as caught:
        schedule(read_plan_file(path))
    err = caught.value
    assert (err.code, err.location.line) == (code, line), str(err)
    if message is not None:
        assert message in err.message, str(err)
