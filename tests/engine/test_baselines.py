"""Baselines: saving one, variance against it, and diffs of snapshots."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from projectboard.engine import schedule
from projectboard.engine.baselines import (
    baseline_name,
    save_baseline,
    variances,
    work_package_variances,
)
from projectboard.engine.calendar import WorkTime
from projectboard.engine.diff import (
    baseline_snapshot,
    diff_snapshots,
    format_diff,
    schedule_snapshot,
)
from projectboard.engine.durations import parse_duration
from projectboard.engine.errors import PlanError
from projectboard.engine.model import BaselineTask, Task
from projectboard.planfile import read_plan_file

SEED = Path(__file__).resolve().parents[2] / "examples" / "shared-ict" / "plan.yaml"


def test_save_baseline_snapshots_every_task() -> None:
    plan = read_plan_file(SEED)
    saved = save_baseline(plan, schedule(plan), 3)
    assert plan.baselines == {}  # the original is left alone
    assert list(saved.baselines) == [3]
    assert saved.baselines[3][6] == BaselineTask(
        datetime(2008, 4, 18, 13, 0), datetime(2008, 5, 14, 9, 36), parse_duration("17.7d")
    )
    assert [baseline_name(n) for n in (0, 1, 10)] == ["Baseline", "Baseline 1", "Baseline 10"]


def test_baseline_numbers_are_0_to_10() -> None:
    plan = read_plan_file(SEED)
    with pytest.raises(PlanError) as caught:
        save_baseline(plan, schedule(plan), 11)
    assert (caught.value.code, caught.value.message) == (
        "E_BAD_VALUE",
        "baseline number 11 must be 0 to 10",
    )


def test_a_missing_baseline_is_an_error() -> None:
    plan = read_plan_file(SEED)
    with pytest.raises(PlanError) as caught:
        variances(plan, schedule(plan), 1)
    assert (caught.value.code, caught.value.message) == (
        "E_NO_BASELINE",
        "the plan has no baseline 1 (saved baselines: none)",
    )


def test_variance_in_working_days_on_the_project_calendar() -> None:
    plan = read_plan_file(SEED)
    plan = save_baseline(plan, schedule(plan), 0)
    tasks = {t.id: t for t in plan.tasks}
    tasks[6].duration = parse_duration("19.7d")  # Finance takes 2 days longer
    rows = {v.id: v for v in variances(plan, schedule(plan), 0)}
    # 6 finishes 2 d late (14/05 09:36 -> 16/05 09:36); 7 follows it: starts 2 d late.
    assert (rows[6].start_variance_minutes, rows[6].finish_variance_minutes) == (0, 960)
    assert (rows[6].duration_variance_minutes, rows[6].slipped) == (960, True)
    assert (rows[7].start_variance_minutes, rows[7].slipped) == (960, True)
    assert rows[5].slipped is False
    # 7 had 23.5 d of float, so the project finish (task 19) does not move.
    assert rows[19].finish_variance_minutes == 0
    packages = {w.work_package: w for w in work_package_variances(plan, list(rows.values()))}
    assert (packages["WP-FIN"].finish_variance_minutes, packages["WP-FIN"].slipped) == (960, True)
    assert packages["WP-PART"].finish == datetime(2008, 6, 3, 9, 36)
    assert packages["WP-GOV"].slipped is False


def test_diff_of_a_baseline_and_now_added_removed_moved() -> None:
    plan = read_plan_file(SEED)
    plan = save_baseline(plan, schedule(plan), 0)
    tasks = {t.id: t for t in plan.tasks}
    tasks[10].duration = parse_duration("26.5d")  # Telephony 2 d longer
    plan.tasks = [t for t in plan.tasks if t.id != 9]  # Technical Infrastructure dropped
    tasks[16].predecessors = [link for link in tasks[16].predecessors if link.predecessor != 9]
    plan.tasks.append(Task(20, "Procurement", parse_duration("2d"), tasks[5].predecessors))
    now = schedule(plan)
    diff = diff_snapshots(
        baseline_snapshot(plan, 0),
        schedule_snapshot(now, "now"),
        WorkTime(plan.calendars[plan.calendar]),
        480,
    )
    assert format_diff(diff) == (
        "--- Baseline\n"
        "+++ now\n"
        "project finish: 2008-07-01 17:00 -> 2008-07-01 17:00 (0 d)\n"
        "added (1):\n"
        "  + 20 Procurement: 2008-04-11 10:38 to 2008-04-15 10:38\n"
        "moved (3):\n"
        "  ~ 10 Telephony: start 0 d (2008-04-18 13:00 -> 2008-04-18 13:00); finish +2 d "
        "(2008-05-22 17:00 -> 2008-05-26 17:00); duration +2 d; critical ? -> no\n"
        "  ~ 11 Business Continuity/Disaster Recovery: start +2 d (2008-05-23 08:00 -> "
        "2008-05-27 08:00); finish +2 d (2008-06-16 17:00 -> 2008-06-18 17:00); "
        "critical ? -> no\n"
        # 16 follows 11 (and had 1 d of float): it moves 1 d.
        "  ~ 16 Organisational Structure: start +1 d (2008-06-18 08:00 -> 2008-06-19 08:00); "
        "finish +1 d (2008-06-24 17:00 -> 2008-06-25 17:00); critical ? -> no\n"
    )
    # As in MS Project, a task deleted from the plan takes its baseline with it: task 9 is
    # not in the baseline snapshot, so it is not "removed" (two schedules do report it).
    assert [c.id for c in diff.changes] == [20, 10, 11, 16]
