"""Write a ``Plan`` as a YAML plan file that ``read_plan_text`` reads back equal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from projectboard.engine.calendar import WEEKDAYS, Calendar, DayHours, format_hours
from projectboard.engine.model import BaselineTask, Plan, Task
from projectboard.planfile.syntax import format_constraint, format_datetime, format_predecessors


def _hours(hours: DayHours) -> str:
    return format_hours(hours) if hours else "nonworking"


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    start_t, finish_t = plan.default_start_time, plan.default_finish_time

    def start(value: Any) -> str:
        return format_datetime(value, default_time=start_t)

    def finish(value: Any) -> str:
        return format_datetime(value, default_time=finish_t)

    project: dict[str, Any] = {"name": plan.name}
    if plan.start is not None:
        project["start"] = start(plan.start)
    if plan.finish is not None:
        project["finish"] = finish(plan.finish)
    if plan.schedule_from != "start":
        project["schedule_from"] = plan.schedule_from
    project["calendar"] = plan.calendar
    s = plan.settings
    if (s.minutes_per_day, s.minutes_per_week, s.days_per_month) != (480, 2400, 20):
        project.update(
            minutes_per_day=s.minutes_per_day,
            minutes_per_week=s.minutes_per_week,
            days_per_month=s.days_per_month,
        )
    if start_t != 480:
        project["default_start_time"] = _time(start_t)
    if finish_t != 1020:
        project["default_finish_time"] = _time(finish_t)
    if plan.status_date is not None:
        project["status_date"] = finish(plan.status_date)
    out: dict[str, Any] = {"project": project}
    out["calendars"] = [_calendar(c) for c in plan.calendars.values()]
    if plan.partners:
        out["partners"] = [_compact(vars(p)) for p in plan.partners]
    if plan.people:
        out["people"] = [_compact(vars(p)) for p in plan.people]
    if plan.board:
        out["board"] = [_compact(vars(b)) for b in plan.board]
    if plan.project_manager:
        out["project_manager"] = plan.project_manager
    if plan.work_packages:
        wps = []
        for wp in plan.work_packages:
            d = _compact(vars(wp))
            if wp.due is not None:
                d["due"] = finish(wp.due)
            wps.append(d)
        out["work_packages"] = wps
    children: dict[int | None, list[Task]] = {}
    for task in plan.tasks:
        children.setdefault(task.parent, []).append(task)

    def task_dict(task: Task) -> dict[str, Any]:
        d: dict[str, Any] = {"id": task.id}
        if task.uid is not None:
            d["uid"] = task.uid
        d["name"] = task.name
        kids = children.get(task.id, [])
        if not kids:
            d["duration"] = str(task.duration)
        if task.predecessors:
            d["predecessors"] = format_predecessors(task.predecessors)
        c = task.constraint
        if c is not None and not (c.type == "ASAP" and plan.schedule_from == "start"):
            d["constraint"] = (
                format_constraint(c, start_time=start_t, finish_time=finish_t) or "ASAP"
            )
        if task.deadline is not None:
            d["deadline"] = finish(task.deadline)
        if task.calendar:
            d["calendar"] = task.calendar
        if task.manual:
            d["manual"] = True
        for key, fmt in (
            ("start", start),
            ("finish", finish),
            ("actual_start", start),
            ("actual_finish", finish),
        ):
            value = getattr(task, key)
            if value is not None:
                d[key] = fmt(value)
        if task.milestone is not None:
            d["milestone"] = task.milestone
        if task.work_package:
            d["work_package"] = task.work_package
        if task.wbs:
            d["wbs"] = task.wbs
        if task.notes:
            d["notes"] = task.notes
        if task.percent_complete:
            d["percent_complete"] = task.percent_complete
        if task.remaining is not None:
            d["remaining"] = str(task.remaining)
        if task.resume is not None:
            d["resume"] = start(task.resume)
        if kids:
            d["tasks"] = [task_dict(k) for k in kids]
        return d

    out["tasks"] = [task_dict(t) for t in children.get(None, [])]
    if plan.baselines:
        out["baselines"] = {
            number: [
                _baseline_task(task_id, entry, start, finish) for task_id, entry in saved.items()
            ]
            for number, saved in sorted(plan.baselines.items())
        }
    return out


def _baseline_task(
    task_id: int, entry: BaselineTask, start: Callable[[Any], str], finish: Callable[[Any], str]
) -> dict[str, Any]:
    d: dict[str, Any] = {"id": task_id}
    if entry.start is not None:
        d["start"] = start(entry.start)
    if entry.finish is not None:
        d["finish"] = finish(entry.finish)
    d["duration"] = str(entry.duration)
    return d


def _calendar(cal: Calendar) -> dict[str, Any]:
    d: dict[str, Any] = {"name": cal.name}
    if cal.base is not None:
        d["base"] = cal.base.name
    if cal.week:
        d["week"] = {WEEKDAYS[wd]: _hours(cal.week[wd]) for wd in sorted(cal.week)}
    if cal.exceptions:
        d["exceptions"] = [
            {"date": day.isoformat(), "hours": _hours(hours)}
            for day, hours in sorted(cal.exceptions.items())
        ]
    if cal.recurring:
        recs = []
        for r in cal.recurring:
            rec: dict[str, Any] = {
                "name": r.name,
                "pattern": r.pattern,
                "from": r.start.isoformat(),
            }
            if r.period != 1:
                rec["every"] = r.period
            if r.weekdays:
                rec["on"] = [WEEKDAYS[w] for w in r.weekdays]
            if r.month_day is not None:
                rec["day"] = r.month_day
            if r.month is not None:
                rec["month"] = r.month
            if r.week_of_month is not None:
                rec["week"] = r.week_of_month
            if r.weekday is not None:
                rec["weekday"] = WEEKDAYS[r.weekday]
            if r.end is not None:
                rec["until"] = r.end.isoformat()
            if r.occurrences is not None:
                rec["occurrences"] = r.occurrences
            rec["hours"] = _hours(r.hours)
            recs.append(rec)
        d["recurring"] = recs
    if cal.bank_holidays:
        d["bank_holidays"] = cal.bank_holidays
    return d


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], False) and k != "due"}


def dump_plan(plan: Plan) -> str:
    return yaml.safe_dump(
        plan_to_dict(plan), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
