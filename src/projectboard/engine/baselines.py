"""Baselines as Microsoft Project keeps them, and the variance of a schedule against one.

A baseline is a snapshot, per task, of its start, finish and duration when it was saved.
MS Project keeps eleven: *Baseline* (number 0) and *Baseline 1* to *Baseline 10*.
Variances are measured as MS Project's Start/Finish/Duration Variance fields are, current
minus baseline, but in working time on the *project* calendar (so that tasks on different
calendars compare alike); a task has slipped when it finishes later than its baseline.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.durations import Duration, TimeSettings
from projectboard.engine.errors import E_BAD_VALUE, PlanError
from projectboard.engine.model import BaselineTask, Plan
from projectboard.engine.scheduler import Schedule

BASELINE_NUMBERS = range(11)
E_NO_BASELINE = "E_NO_BASELINE"


def baseline_name(number: int) -> str:
    """MS Project's name for a baseline: ``Baseline``, ``Baseline 1`` ... ``Baseline 10``."""
    return "Baseline" if number == 0 else f"Baseline {number}"


def check_number(number: int) -> int:
    if number not in BASELINE_NUMBERS:
        raise PlanError(E_BAD_VALUE, f"baseline number {number} must be 0 to 10", value=number)
    return number


def duration_of(minutes: int, settings: TimeSettings) -> Duration:
    """Minutes as a duration in days when that is exact to 1/100 d, else in minutes."""
    days = Decimal(minutes) / settings.minutes_per_day
    if days == days.quantize(Decimal("0.01")):
        return Duration(days.normalize(), "d")
    return Duration(Decimal(minutes), "m")


def snapshot_baseline(plan: Plan, result: Schedule) -> dict[int, BaselineTask]:
    """What *Set Baseline* stores for every task: its scheduled start and finish, and its
    duration (a leaf's as typed; a summary's its span in working time)."""
    durations = {t.id: t.duration for t in plan.tasks}
    out: dict[int, BaselineTask] = {}
    for row in result.tasks:
        duration = (
            duration_of(row.duration_minutes, plan.settings) if row.summary else durations[row.id]
        )
        out[row.id] = BaselineTask(row.start, row.finish, duration)
    return out


def save_baseline(plan: Plan, result: Schedule, number: int = 0) -> Plan:
    """A copy of ``plan`` with baseline ``number`` (0-10) set from ``result``, replacing any
    saved there before; the other baselines and the tasks are shared with ``plan``."""
    check_number(number)
    baselines = dict(plan.baselines)
    baselines[number] = snapshot_baseline(plan, result)
    return dataclasses.replace(plan, baselines=dict(sorted(baselines.items())))


def baseline(plan: Plan, number: int) -> dict[int, BaselineTask]:
    check_number(number)
    found = plan.baselines.get(number)
    if found is None:
        saved = ", ".join(str(n) for n in sorted(plan.baselines)) or "none"
        raise PlanError(
            E_NO_BASELINE,
            f"the plan has no {baseline_name(number).lower()} (saved baselines: {saved})",
            value=number,
        )
    return found


class TaskVariance(NamedTuple):
    """A task against its baseline; variances are current minus baseline, in working
    minutes on the project calendar (positive: later or longer)."""

    id: int
    name: str
    summary: bool
    work_package: str | None
    baseline_start: datetime
    baseline_finish: datetime
    baseline_duration_minutes: int
    start: datetime
    finish: datetime
    duration_minutes: int
    start_variance_minutes: int
    finish_variance_minutes: int
    duration_variance_minutes: int
    slipped: bool  # finishes later than its baseline finish


def variances(plan: Plan, result: Schedule, number: int = 0) -> list[TaskVariance]:
    """Every task of the schedule that has a start and finish in baseline ``number``, in
    schedule order (tasks added since the baseline are left out: they have no variance)."""
    saved = baseline(plan, number)
    axis = WorkTime(plan.calendars[plan.calendar])
    out = []
    for row in result.tasks:
        base = saved.get(row.id)
        if base is None or base.start is None or base.finish is None:
            continue
        finish_var = _between(axis, base.finish, row.finish)
        base_minutes = base.duration.minutes(plan.settings)
        out.append(
            TaskVariance(
                row.id,
                row.name,
                row.summary,
                row.work_package,
                base.start,
                base.finish,
                base_minutes,
                row.start,
                row.finish,
                row.duration_minutes,
                _between(axis, base.start, row.start),
                finish_var,
                row.duration_minutes - base_minutes,
                finish_var > 0,
            )
        )
    return out


class WorkPackageVariance(NamedTuple):
    """A work package's tasks against the baseline: the earliest start and latest finish
    of its (non-summary) tasks then and now."""

    work_package: str
    tasks: int
    slipped_tasks: int
    baseline_start: datetime
    baseline_finish: datetime
    start: datetime
    finish: datetime
    start_variance_minutes: int
    finish_variance_minutes: int
    slipped: bool


def work_package_variances(plan: Plan, rows: list[TaskVariance]) -> list[WorkPackageVariance]:
    """Roll ``variances`` up per work package, in work package code order."""
    axis = WorkTime(plan.calendars[plan.calendar])
    groups: dict[str, list[TaskVariance]] = {}
    for row in rows:
        if row.work_package is not None and not row.summary:
            groups.setdefault(row.work_package, []).append(row)
    out = []
    for code in sorted(groups):
        group = groups[code]
        base_start = min(r.baseline_start for r in group)
        base_finish = max(r.baseline_finish for r in group)
        start = min(r.start for r in group)
        finish = max(r.finish for r in group)
        finish_var = _between(axis, base_finish, finish)
        out.append(
            WorkPackageVariance(
                code,
                len(group),
                sum(r.slipped for r in group),
                base_start,
                base_finish,
                start,
                finish,
                _between(axis, base_start, start),
                finish_var,
                finish_var > 0,
            )
        )
    return out


def _between(axis: WorkTime, then: datetime, now: datetime) -> int:
    return axis.working_minutes(to_minutes(then), to_minutes(now))


__all__ = [
    "BASELINE_NUMBERS",
    "E_NO_BASELINE",
    "TaskVariance",
    "WorkPackageVariance",
    "baseline",
    "baseline_name",
    "save_baseline",
    "snapshot_baseline",
    "variances",
    "work_package_variances",
]
