"""Reading progress and baselines: variance against a baseline, what moved between two
snapshots, and the milestones' forecast finish at each saved baseline (the slip chart).

The plan and its schedule come from ``plan.project_plan_and_schedule`` (the schedule cached
per revision), read once per page: a page showing both the variance and the slip chart reads
them once and hands them to both. The rest is the engine's pure functions; nothing here
writes. The highlight report uses ``moved_since``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projectboard.engine.baselines import (
    TaskVariance,
    WorkPackageVariance,
    baseline_name,
    variances,
    work_package_variances,
)
from projectboard.engine.calendar import WorkTime
from projectboard.engine.diff import (
    PlanDiff,
    Snapshot,
    baseline_snapshot,
    diff_snapshots,
    schedule_snapshot,
)
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule
from projectboard.web.projects.models import Baseline, Project
from projectboard.web.projects.plan import project_plan_and_schedule, status_date


def saved_baselines(project: Project) -> list[Baseline]:
    """The project's saved baselines, by number."""
    return list(Baseline.objects.filter(project=project).order_by("number"))


def now_label(project: Project) -> str:
    when = status_date(project)
    return f"now (status date {when:%d/%m/%Y})" if when else "now"


def _snapshot(plan: Plan, result: Schedule, number: int | None, label: str) -> Snapshot:
    if number is None:
        return schedule_snapshot(result, label)
    return baseline_snapshot(plan, number)


def moved_since(
    project: Project, baseline_number: int, new_baseline_number: int | None = None
) -> PlanDiff:
    """What was added, removed or moved between baseline ``baseline_number`` and the
    schedule now (or baseline ``new_baseline_number``), slips in working time on the
    project calendar. Raises the engine's ``PlanError`` (``E_NO_BASELINE``) for a
    baseline that was not saved."""
    plan, result = project_plan_and_schedule(project)
    old = baseline_snapshot(plan, baseline_number)
    new = _snapshot(plan, result, new_baseline_number, now_label(project))
    axis = WorkTime(plan.calendars[plan.calendar])
    return diff_snapshots(old, new, axis, plan.settings.minutes_per_day)


@dataclass(frozen=True)
class Variance:
    number: int
    tasks: list[TaskVariance]
    work_packages: list[WorkPackageVariance]
    minutes_per_day: int


def variance(plan: Plan, result: Schedule, number: int) -> Variance:
    """Every task's and work package's variance against baseline ``number``, for ``plan``
    and its schedule ``result``."""
    rows = variances(plan, result, number)
    return Variance(number, rows, work_package_variances(plan, rows), plan.settings.minutes_per_day)


@dataclass(frozen=True)
class SlipSeries:
    """One milestone (or work package, or the project) and its forecast finish at each
    point of the slip chart (None: not in that baseline)."""

    name: str
    finishes: list[datetime | None]


@dataclass(frozen=True)
class SlipChart:
    points: list[str]  # "Baseline (status date 14/03/2008)", ..., "now (...)"
    series: list[SlipSeries]
    what: str  # "milestones" or "work packages"


def slip_chart(project: Project, plan: Plan, result: Schedule) -> SlipChart:
    """The forecast finish of each milestone at each saved baseline of ``project``, in the
    order they were saved, and now (``plan`` and its schedule ``result``); with the project's
    finish. A plan without milestones (the seed's) shows each work package's finish instead."""
    baselines = sorted(saved_baselines(project), key=lambda b: (b.saved, b.number))
    points = [
        baseline_name(b.number) + (f" (status date {_day(b.status_date)})" if b.status_date else "")
        for b in baselines
    ]
    points.append(now_label(project))
    snapshots = [plan.baselines.get(b.number, {}) for b in baselines]
    now = result.by_id()
    milestones = [t for t in result.tasks if t.milestone and not t.summary]
    series: list[SlipSeries] = []
    what = "milestones"
    if milestones:
        for t in milestones:
            then = [s[t.id].finish if t.id in s else None for s in snapshots]
            series.append(SlipSeries(f"{t.id} {t.name}", [*then, now[t.id].finish]))
    else:
        what = "work packages"
        for wp in plan.work_packages:
            ids = [t.id for t in result.tasks if t.work_package == wp.code and not t.summary]
            if not ids:
                continue
            then = [_latest([s[i].finish for i in ids if i in s]) for s in snapshots]
            series.append(SlipSeries(wp.code, [*then, _latest([now[i].finish for i in ids])]))
    series.append(
        SlipSeries(
            "Project finish",
            [*(_latest([e.finish for e in s.values()]) for s in snapshots), result.finish],
        )
    )
    return SlipChart(points, series, what)


def _latest(values: list[datetime | None]) -> datetime | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _day(text: str) -> str:
    return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
