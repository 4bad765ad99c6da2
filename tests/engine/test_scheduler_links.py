"""Scheduler behaviour around summary tasks and percent lags (regressions found by the
benchmark plans)."""

from __future__ import annotations

from projectboard.engine import schedule
from projectboard.planfile import read_plan_text

SUMMARY_PERCENT = """\
project: {name: P, start: 2026-01-05}
tasks:
  - id: 1
    name: Phase
    tasks:
      - {id: 2, name: A, duration: 5d}
      - {id: 3, name: B, duration: 1d}
  - {id: 4, name: C, duration: 1d, predecessors: "1FS+100%"}
  - {id: 5, name: D, duration: 20d}
"""


def test_percent_lag_from_a_summary_is_of_the_summary_span_both_ways() -> None:
    # Phase spans Mon 5 - Fri 9 Jan (5 days), so C waits 5 days: Mon 19 Jan.
    # D ends Fri 30 Jan; C may start as late as Fri 30 Jan 08:00, so the Phase's subtasks
    # may finish 5 working days earlier: Thu 22 Jan 17:00.
    result = schedule(read_plan_text(SUMMARY_PERCENT)).by_id()
    assert result[4].start.isoformat() == "2026-01-19T08:00:00"
    assert result[2].late_finish.isoformat() == "2026-01-22T17:00:00"
    assert result[3].late_finish.isoformat() == "2026-01-22T17:00:00"
    assert result[2].total_float_minutes == 9 * 480  # Fri 9 -> Thu 22 Jan
    assert result[3].total_float_minutes == 13 * 480  # Mon 5 -> Thu 22 Jan
    assert result[4].total_float_minutes == 9 * 480  # Mon 19 -> Fri 30 Jan


def test_every_task_problem_is_reported_together() -> None:
    import pytest

    from projectboard.engine import PlanErrors
    from projectboard.engine.validate import validate

    plan = read_plan_text(
        """\
project: {name: P, start: 2026-01-05}
tasks:
  - {id: 1, name: A, duration: 1d, predecessors: "1"}
  - {id: 2, name: B, duration: 1d}
  - {id: 2, name: C, duration: 1d, predecessors: "7"}
""",
        "p.yaml",
    )
    with pytest.raises(PlanErrors) as caught:
        schedule(plan)
    assert [(e.code, e.location.line, e.task) for e in caught.value.errors] == [
        ("E_DUPLICATE_ID", 5, "2"),
        ("E_SELF_LINK", 3, "1"),
        ("E_UNKNOWN_PREDECESSOR", 5, "2"),
    ]
    assert [e.code for e in validate(plan)] == [e.code for e in caught.value.errors]
