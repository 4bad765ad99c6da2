"""Progress as Microsoft Project records it, and its "reschedule uncompleted work" command.

A task's progress is its **actual start**, **actual finish**, **percent complete** and
**remaining duration**. As in MS Project, ``duration`` is always the whole duration: the
actual duration (the part done) is ``duration - remaining`` when a remaining duration is
given, otherwise ``duration x percent complete``; the remaining duration is the rest.

How the scheduler places a task with progress (``passes.Passes.forward_task``):

- **complete** (an actual finish): at its actual start and actual finish, whatever its links
  say; it is never critical;
- **in progress** (an actual start, no actual finish): it starts at its actual start; the
  done part runs to the *stop* date and the rest follows at once, or from ``resume`` when
  that is later (a split task, as MS Project's Update Project leaves it); its late start is
  its actual start, so its total float is its finish float;
- **not started**: scheduled as any other task.

The status date moves nothing by itself, as in MS Project. ``reschedule_uncompleted_work``
is MS Project's *Update Project > Reschedule uncompleted work to start after*: it returns
a copy of the plan in which in-progress work resumes after the status date and tasks that
have not started, but were due to, get a *Start No Earlier Than* the status date.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import NamedTuple

from projectboard.engine.calendar import to_datetime, to_minutes
from projectboard.engine.compiled import CompiledPlan
from projectboard.engine.errors import E_MISSING_KEY, PlanError
from projectboard.engine.model import Constraint, Plan, done_minutes, percent_done
from projectboard.engine.scheduler import Schedule, schedule

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"


def has_progress(plan: Plan) -> bool:
    return plan.status_date is not None or any(
        t.actual_start is not None or t.percent_complete or t.remaining is not None
        for t in plan.tasks
    )


class TaskProgress(NamedTuple):
    """A task's progress, as MS Project's tracking table shows it."""

    id: int
    status: str  # NOT_STARTED, IN_PROGRESS or COMPLETE
    percent_complete: int
    actual_start: datetime | None
    actual_finish: datetime | None
    actual_minutes: int
    remaining_minutes: int
    stop: datetime | None  # where the done part ends (started tasks)
    resume: datetime | None  # where the remaining part starts (started, unfinished tasks)


def task_progress(plan: Plan, result: Schedule) -> dict[int, TaskProgress]:
    """Every task's progress; a summary's percent complete is its leaves' done time over
    their duration (as MS Project rolls it up), its actual start their earliest."""
    c = CompiledPlan(plan)
    settings = plan.settings
    rows = result.by_id()
    out: dict[int, TaskProgress] = {}
    done = [0] * c.n
    for i, task in enumerate(c.tasks):
        if c.summary[i]:
            continue
        total = c.dur[i]
        row = rows[task.id]
        started = task.actual_start is not None or task.actual_finish is not None
        d = done_minutes(task, total, settings) if started or task.percent_complete else 0
        done[i] = d
        finished = task.actual_finish is not None or (started and d == total)
        stop = resume = None
        if started or d:
            begin = to_minutes(task.actual_start or row.start)
            stop_at = _after(c, i, begin, d)
            stop = to_datetime(stop_at)
            if not finished:
                wanted = max(stop_at, to_minutes(task.resume) if task.resume else stop_at)
                resume = to_datetime(c.axis[i].next_work_start(wanted))
        status = COMPLETE if finished else IN_PROGRESS if started or d else NOT_STARTED
        out[task.id] = TaskProgress(
            task.id,
            status,
            100 if finished else percent_done(d, total),
            task.actual_start or (row.start if status != NOT_STARTED else None),
            task.actual_finish or (row.finish if finished else None),
            d,
            total - d,
            stop,
            resume,
        )
    for i in c.summaries_bottom_up:
        leaves = c.leaves(i)
        kids = [out[c.tasks[k].id] for k in leaves]
        d, total = sum(done[k] for k in leaves), sum(c.dur[k] for k in leaves)
        starts = [k.actual_start for k in kids if k.actual_start is not None]
        finished = all(k.status == COMPLETE for k in kids)
        status = COMPLETE if finished else IN_PROGRESS if starts else NOT_STARTED
        finishes = [k.actual_finish for k in kids if k.actual_finish is not None]
        out[c.tasks[i].id] = TaskProgress(
            c.tasks[i].id,
            status,
            100 if finished else percent_done(d, total),
            min(starts) if starts else None,
            max(finishes) if finished and finishes else None,
            d,
            total - d,
            None,
            None,
        )
    return out


def _after(c: CompiledPlan, i: int, begin: int, minutes: int) -> int:
    if minutes == 0:
        return begin
    if c.elapsed[i]:
        return begin + minutes
    axis = c.axis[i]
    return axis.end_of(axis.index_at(begin) + minutes)


def reschedule_uncompleted_work(plan: Plan, after: datetime | None = None) -> Plan:
    """MS Project's *Reschedule uncompleted work to start after* ``after`` (default: the
    status date), on the whole project. Returns a changed copy; ``plan`` is left alone.

    - complete tasks, summaries and manually scheduled tasks are not touched;
    - a started task (an actual start, or a percent complete or remaining duration, which
      starts it at its scheduled start as MS Project does) whose remaining work would
      resume before ``after`` is split: ``resume`` becomes the first working minute after it;
    - a task that has not started and is scheduled to start before ``after`` gets *Start No
      Earlier Than* ``after``, unless it has a constraint other than As Soon As Possible
      (MS Project 2002 and later leave those alone).
    """
    when = after or plan.status_date
    if when is None:
        raise PlanError(
            E_MISSING_KEY,
            "rescheduling uncompleted work needs a status date (project status_date)",
            value="status_date",
        )
    at = to_minutes(when)
    result = schedule(plan)
    rows = result.by_id()
    new = copy.deepcopy(plan)
    new.source = plan.source
    c = CompiledPlan(new)
    for i, task in enumerate(new.tasks):
        if c.summary[i] or task.manual or task.actual_finish is not None:
            continue
        row = rows[task.id]
        total = c.dur[i]
        started = (
            task.actual_start is not None
            or task.percent_complete > 0
            or (task.remaining is not None and task.remaining.minutes(new.settings) < total)
        )
        if started:
            d = done_minutes(task, total, new.settings)
            if d == total and total > 0:
                continue  # all done: nothing left to move
            if task.actual_start is None:
                task.actual_start = row.start
            stop = _after(c, i, to_minutes(task.actual_start), d)
            resume = max(stop, to_minutes(task.resume) if task.resume else stop)
            if resume < at:
                task.resume = to_datetime(c.axis[i].next_work_start(at))
        elif to_minutes(row.start) < at and (
            task.constraint is None or task.constraint.type == "ASAP"
        ):
            task.constraint = Constraint("SNET", when)
    return new


__all__ = [
    "COMPLETE",
    "IN_PROGRESS",
    "NOT_STARTED",
    "TaskProgress",
    "done_minutes",
    "has_progress",
    "reschedule_uncompleted_work",
    "task_progress",
]
