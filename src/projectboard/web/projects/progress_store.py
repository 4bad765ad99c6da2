"""Progress and baselines between the engine's values and the rows' texts.

The rows keep dates as text, like a constraint's (``2008-03-10``, or ``2008-04-14 13:00``
when the time is not the default), and durations as typed. Baseline entries keep full
``YYYY-MM-DD HH:MM`` dates and the duration as the engine writes it. The services call
these inside their transactions; nothing here checks permissions.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User

from projectboard.engine.model import BaselineTask, Plan
from projectboard.engine.model import Task as PlanTask
from projectboard.planfile.syntax import format_datetime
from projectboard.web.projects.models import Baseline, Project
from projectboard.web.projects.models import BaselineTask as BaselineRow

PROGRESS_FIELDS = ("actual_start", "actual_finish", "percent_complete", "remaining", "resume")


def date_text(value: datetime | None, default_time: int) -> str:
    """A date as the rows keep it: blank for none, the time left out when it is the
    default."""
    return "" if value is None else format_datetime(value, default_time=default_time)


def task_progress_fields(task: PlanTask, project: Project) -> dict[str, object]:
    """A plan task's progress in the texts a ``Task`` row keeps."""
    start, finish = project.default_start_time, project.default_finish_time
    return {
        "actual_start": date_text(task.actual_start, start),
        "actual_finish": date_text(task.actual_finish, finish),
        "percent_complete": task.percent_complete,
        "remaining": "" if task.remaining is None else str(task.remaining),
        "resume": date_text(task.resume, start),
    }


def plan_status_text(plan: Plan, project: Project) -> str:
    return date_text(plan.status_date, project.default_finish_time)


def _full(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def write_baseline(
    project: Project,
    number: int,
    entries: dict[int, BaselineTask],
    *,
    by: User | None,
) -> tuple[Baseline, Baseline | None]:
    """Store baseline ``number`` with ``entries`` (task ID -> what it was), replacing any
    saved under that number. Returns the new row and a copy of the one it replaced (its
    ``saved`` time, for the audit event), or None."""
    old = Baseline.objects.filter(project=project, number=number).first()
    if old is not None:
        old.delete()
    row = Baseline.objects.create(
        project=project, number=number, saved_by=by, status_date=project.status_date
    )
    BaselineRow.objects.bulk_create(
        BaselineRow(
            baseline=row,
            task_number=task_id,
            start=_full(entry.start),
            finish=_full(entry.finish),
            duration=str(entry.duration),
        )
        for task_id, entry in sorted(entries.items())
    )
    return row, old
