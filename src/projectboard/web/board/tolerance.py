"""The time-tolerance check: is a work package forecast to finish later than its due date
plus its tolerance, in working days of the project's calendar?

A work package's forecast finish is the latest finish of its tasks in the schedule the engine
computes from the project (as on the plan pages). Its due date means the end of that working
day (the project's default finish time), as ``projects.plan`` gives it to the engine. The
slip is the working time from the due date to the forecast finish, in days of the project's
``minutes_per_day``; the package is in exception when the slip is more than its tolerance.

Cost tolerances are shown but not checked: there is no cost data yet (see docs/board.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule
from projectboard.web.projects.models import Project, WorkPackage
from projectboard.web.projects.plan import project_plan, project_schedule

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class ToleranceCheck:
    """One work package against its tolerances."""

    work_package: WorkPackage
    time_tolerance_days: int
    time_tolerance_is_own: bool  # False: the project's
    cost_tolerance_percent: Decimal
    cost_tolerance_is_own: bool
    due: date | None
    forecast_finish: datetime | None  # None: the package has no tasks
    slip_days: Decimal | None  # working days after the due date; negative: early
    in_exception: bool

    @property
    def over_by_days(self) -> Decimal:
        """How far beyond the tolerance the slip goes (0 when within)."""
        if self.slip_days is None:
            return Decimal("0.00")
        return max(Decimal("0.00"), self.slip_days - self.time_tolerance_days)


def tolerance_checks(
    project: Project, *, plan: Plan | None = None, result: Schedule | None = None
) -> list[ToleranceCheck]:
    """Every work package of ``project`` in the PID's order, checked against the schedule.
    A caller that has the project's plan and its schedule already (a highlight report's
    capture) passes both; otherwise the plan is read and the schedule is the one cached for
    its revision (``project_schedule``)."""
    if (plan is None) != (result is None):
        raise TypeError("pass both the plan and its schedule, or neither")
    if plan is None or result is None:
        plan, result = project_plan(project), project_schedule(project)
    work_time = WorkTime(plan.calendars[plan.calendar])
    finish_minutes = project.default_finish_time
    forecast: dict[str, datetime] = {}
    for task in result.tasks:
        if task.work_package is not None and not task.summary:
            current = forecast.get(task.work_package)
            if current is None or task.finish > current:
                forecast[task.work_package] = task.finish
    checks: list[ToleranceCheck] = []
    for wp in project.work_packages.order_by("position", "code"):
        days = wp.time_tolerance_days
        percent = wp.cost_tolerance_percent
        finish = forecast.get(wp.code)
        slip: Decimal | None = None
        if wp.due is not None and finish is not None:
            due_at = datetime.combine(wp.due, time(finish_minutes // 60, finish_minutes % 60))
            minutes = work_time.working_minutes(to_minutes(due_at), to_minutes(finish))
            slip = (Decimal(minutes) / project.minutes_per_day).quantize(HUNDREDTH)
        effective_days = project.time_tolerance_days if days is None else days
        checks.append(
            ToleranceCheck(
                work_package=wp,
                time_tolerance_days=effective_days,
                time_tolerance_is_own=days is not None,
                cost_tolerance_percent=Decimal(
                    project.cost_tolerance_percent if percent is None else percent
                ).quantize(HUNDREDTH),
                cost_tolerance_is_own=percent is not None,
                due=wp.due,
                forecast_finish=finish,
                slip_days=slip,
                in_exception=slip is not None and slip > effective_days,
            )
        )
    return checks


def work_package_check(project: Project, code: str) -> ToleranceCheck | None:
    return next((c for c in tolerance_checks(project) if c.work_package.code == code), None)
