"""Progress and baselines in YAML plan files: read strictly, written back the same."""

from __future__ import annotations

from datetime import datetime

import pytest

from projectboard.engine.durations import parse_duration
from projectboard.engine.errors import PlanError
from projectboard.engine.model import BaselineTask, Plan
from projectboard.planfile import dump_plan, read_plan_text

PLAN = """\
project:
  name: Demo
  start: 2008-03-03
  status_date: 2008-03-07
tasks:
  - {id: 1, name: Design, duration: 3d, actual_start: 2008-03-03, actual_finish: 2008-03-05}
  - id: 2
    name: Build
    duration: 4d
    predecessors: 1
    actual_start: 2008-03-06
    percent_complete: 25
    remaining: 3d
    resume: 2008-03-10
  - {id: 3, name: Docs, duration: 2d, predecessors: 2}
baselines:
  0:
    - {id: 1, start: 2008-03-03, finish: 2008-03-05, duration: 3d}
    - {id: 2, start: 2008-03-06, finish: 2008-03-11, duration: 4d}
  10:
    - {id: 3, start: 2008-03-12 13:00, finish: 2008-03-14 12:00, duration: 2d}
"""


def read(text: str) -> Plan:
    return read_plan_text(text, "plan.yaml")


def error(text: str) -> PlanError:
    with pytest.raises(PlanError) as caught:
        read(text)
    return caught.value


def test_progress_and_baselines_are_read() -> None:
    plan = read(PLAN)
    build = plan.tasks[1]
    assert plan.status_date == datetime(2008, 3, 7, 17, 0)  # a bare date: the finish time
    assert (build.percent_complete, build.remaining, build.resume) == (
        25,
        parse_duration("3d"),
        datetime(2008, 3, 10, 8, 0),
    )
    assert plan.baselines == {
        0: {
            1: BaselineTask(
                datetime(2008, 3, 3, 8), datetime(2008, 3, 5, 17), parse_duration("3d")
            ),
            2: BaselineTask(
                datetime(2008, 3, 6, 8), datetime(2008, 3, 11, 17), parse_duration("4d")
            ),
        },
        10: {
            3: BaselineTask(
                datetime(2008, 3, 12, 13), datetime(2008, 3, 14, 12), parse_duration("2d")
            )
        },
    }


def test_round_trip() -> None:
    plan = read(PLAN)
    text = dump_plan(plan)
    assert read(text) == plan
    assert dump_plan(read(text)) == text
    assert "  percent_complete: 25\n  remaining: 3d\n  resume: '2008-03-10'\n" in text
    assert text.endswith(
        "baselines:\n  0:\n  - id: 1\n    start: '2008-03-03'\n    finish: '2008-03-05'\n"
        "    duration: 3d\n  - id: 2\n    start: '2008-03-06'\n    finish: '2008-03-11'\n"
        "    duration: 4d\n  10:\n  - id: 3\n    start: 2008-03-12 13:00\n"
        "    finish: 2008-03-14 12:00\n    duration: 2d\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "message", "line"),
    [
        (
            "    actual_start: 2008-03-06\n",
            "",
            "E_MISSING_KEY",
            "task 2: remaining needs actual_start",
            12,
        ),
        (
            "    remaining: 3d\n",
            "    remaining: 2d\n",
            "E_BAD_VALUE",
            "task 2: remaining 2d of 4d means 50% complete, not percent_complete 25",
            13,
        ),
        (
            "    remaining: 3d\n",
            "    remaining: 5d\n",
            "E_BAD_VALUE",
            "task 2: remaining 5d is more than 4d",
            13,
        ),
        (
            "actual_finish: 2008-03-05}",
            "actual_finish: 2008-03-05, percent_complete: 90}",
            "E_BAD_VALUE",
            "task 1: percent_complete 90 with an actual_finish (a finished task is 100% complete)",
            6,
        ),
        (
            "  10:\n",
            "  11:\n",
            "E_BAD_VALUE",
            "baselines: '11' is not a baseline number 0 to 10",
            20,
        ),
        (
            "    - {id: 3, start: 2008-03-12 13:00",
            "    - {id: 9, start: 2008-03-12 13:00",
            "E_UNKNOWN_REFERENCE",
            "baseline 10: task 9 is not in tasks",
            21,
        ),
        (
            "    - {id: 2, start: 2008-03-06",
            "    - {id: 1, start: 2008-03-06",
            "E_DUPLICATE_ID",
            "baseline 0: task 1 is listed twice",
            19,
        ),
        (
            "duration: 3d}\n    - {id: 2",
            "duration: 3d, slip: 1d}\n    - {id: 2",
            "E_UNKNOWN_KEY",
            "baseline 0: task: unknown key 'slip' (expected one of: id, start, finish, duration)",
            18,
        ),
    ],
)
def test_progress_errors_name_the_line(
    old: str, new: str, code: str, message: str, line: int
) -> None:
    assert old in PLAN
    text = PLAN.replace(old, new, 1)
    err = error(text)
    assert (err.code, err.message) == (code, message)
    assert (err.location.file, err.location.line) == ("plan.yaml", line)
