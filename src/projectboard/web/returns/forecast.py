"""The schedule's view of each work package: its forecast finish and the suggested RAG for
time (``engine.periods.suggested_rag``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projectboard.engine.periods import Suggestion, suggested_rag
from projectboard.web.projects.models import Project, WorkPackage
from projectboard.web.projects.plan import project_schedule


@dataclass(frozen=True)
class Forecast:
    """``finish``: the last finish of the work package's tasks in the schedule (None: it has
    none); ``tolerance_days``: its own time tolerance, or the project's."""

    finish: date | None
    due: date | None
    tolerance_days: int
    suggestion: Suggestion | None


def tolerance_days(wp: WorkPackage, project: Project) -> int:
    return project.time_tolerance_days if wp.time_tolerance_days is None else wp.time_tolerance_days


def forecasts(project: Project) -> dict[str, Forecast]:
    """Every work package's forecast, by code, from the schedule of the plan as it is now
    (``project_schedule``: do not call it inside a transaction that changes the plan)."""
    finishes: dict[str, date] = {}
    for task in project_schedule(project).tasks:
        if task.work_package is None or task.summary:
            continue
        day = task.finish.date()
        finishes[task.work_package] = max(day, finishes.get(task.work_package, day))
    found: dict[str, Forecast] = {}
    for wp in project.work_packages.all():
        finish, tolerance = finishes.get(wp.code), tolerance_days(wp, project)
        found[wp.code] = Forecast(
            finish,
            wp.due,
            tolerance,
            suggested_rag(forecast_finish=finish, due=wp.due, tolerance_days=tolerance),
        )
    return found
