"""Write a plan (and its schedule) as MS Project XML (MSPDI), for MS Project and MPXJ.

Elements are written in the order of Microsoft's schema (``mspdi_pj12.xsd``) and in the
formats MS Project itself writes (checked against files it saved): durations as
``PT{h}H{m}M0S``, links' ``LinkLag`` and tasks' ``TotalSlack``/``FreeSlack`` in tenths of a
minute, dates as ``YYYY-MM-DDTHH:MM:SS``. Nothing depends on the clock, so the same plan
always gives the same bytes.

Calendars are written flattened: MS Project requires a task or project calendar to be a
*base* calendar (only resource calendars derive from another), so a calendar deriving from
a base is written with its inherited week and exceptions resolved. Exceptions use the
Project 2007+ ``Exceptions`` form, one per run of consecutive dates with the same hours;
recurring exceptions and UK bank holidays are expanded into dated exceptions (bank holidays
and open-ended recurrences over the whole years the plan spans).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lxml import etree

from projectboard.engine.calendar import (
    BANK_HOLIDAY_REGIONS,
    Calendar,
    DayHours,
    WorkTime,
    to_minutes,
)
from projectboard.engine.durations import Duration, Lag, PercentLag, TimeSettings
from projectboard.engine.errors import PlanError
from projectboard.engine.files import collector_paused
from projectboard.engine.model import BaselineTask, Plan, Task, done_minutes, percent_done
from projectboard.engine.progress import COMPLETE, has_progress, task_progress
from projectboard.engine.scheduler import Schedule, ScheduledTask
from projectboard.engine.scheduler import schedule as schedule_plan

NS = "http://schemas.microsoft.com/project"
SAVE_VERSION = 14  # Project 2010 and later
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# DurationFormat / LagFormat: the unit's code, +1 if elapsed, +32 if estimated.
UNIT_FORMATS = {"m": 3, "h": 5, "d": 7, "w": 9, "mo": 11}
ESTIMATED_FORMAT = 32
PERCENT_FORMAT = 19  # 20 is elapsed percent, which the engine has no notation for
LINK_TYPE_CODES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
_CONSTRAINT_ORDER = ("ASAP", "ALAP", "MSO", "MFO", "SNET", "SNLT", "FNET", "FNLT")
CONSTRAINT_CODES = {name: code for code, name in enumerate(_CONSTRAINT_ORDER)}  # ASAP 0 .. FNLT 7
# A percent lag's LinkLag is the percentage itself (50% -> 50), not tenths of a minute. The
# MSPDI documentation only says "tenths of a minute" and is silent on percent; this follows
# MPXJ, whose reader (fixed in 7.6.2 "to correctly read percent lag durations from MSPDI
# files") and writer both use the plain percentage. Not verified against a file MS Project
# saved: none of the corpus files has a percent lag. Set to 10 if MS Project proves to use
# tenths of a percent.
PERCENT_LAG_SCALE = 1
NO_CALENDAR = -1
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_mspdi(plan: Plan, schedule: Schedule | None = None) -> bytes:
    """The plan as MSPDI XML (UTF-8, with declaration); dates and slack from ``schedule``."""
    with collector_paused():
        return _write_mspdi(plan, schedule)


def _write_mspdi(plan: Plan, schedule: Schedule | None) -> bytes:
    root = etree.Element(_q("Project"), nsmap={None: NS})
    first, last = _date_range(plan, schedule)
    calendar_uids = _calendar_uids(plan)
    _project_fields(root, plan, schedule, calendar_uids)
    calendars = _sub(root, "Calendars")
    for name, uid in calendar_uids.items():
        _write_calendar(calendars, plan.calendars[name], uid, first, last)
    _write_tasks(_sub(root, "Tasks"), plan, schedule, calendar_uids)
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return XML_DECLARATION + body


# -- codes and formats ---------------------------------------------------------------------
def duration_format(duration: Duration) -> int:
    """MSPDI DurationFormat / LagFormat of a duration's unit: 7 = d, 8 = ed, 39 = d?..."""
    code = UNIT_FORMATS[duration.unit] + (1 if duration.elapsed else 0)
    return code + (ESTIMATED_FORMAT if duration.estimated else 0)


def link_lag(lag: Lag, settings: TimeSettings) -> tuple[int, int]:
    """``(LinkLag, LagFormat)``: working or elapsed minutes x 10, or a percentage."""
    if isinstance(lag, PercentLag):
        return _round(lag.percent * PERCENT_LAG_SCALE), PERCENT_FORMAT
    return lag.minutes(settings) * 10, duration_format(lag)


def format_duration(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def format_datetime(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat(timespec="seconds")


def format_time(minute_of_day: int) -> str:
    """``HH:MM:SS``; the end of the day (1440) is ``00:00:00``, as MS Project writes it."""
    hours, minutes = divmod(minute_of_day % 1440, 60)
    return f"{hours:02d}:{minutes:02d}:00"


def _round(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


# -- tree helpers --------------------------------------------------------------------------
def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: Any, tag: str, value: object = None) -> Any:
    element = etree.SubElement(parent, _q(tag))
    if value is not None:
        element.text = _text(value)
    return element


def _text(value: object) -> str:
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)  # XML 1.0 cannot hold control characters
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return format_datetime(value)
    return str(value)


# -- project -------------------------------------------------------------------------------
def _project_fields(
    root: Any, plan: Plan, schedule: Schedule | None, calendar_uids: dict[str, int]
) -> None:
    from_start = plan.schedule_from != "finish"
    if from_start:
        start = plan.start or (schedule.start if schedule else None)
        finish = schedule.finish if schedule else plan.finish
    else:
        start = schedule.start if schedule else plan.start
        finish = plan.finish or (schedule.finish if schedule else None)
    _sub(root, "SaveVersion", SAVE_VERSION)
    _sub(root, "Name", plan.name)
    _sub(root, "Title", plan.name)
    _sub(root, "ScheduleFromStart", from_start)
    if start is not None:
        _sub(root, "StartDate", start)
    if finish is not None:
        _sub(root, "FinishDate", finish)
    _sub(root, "CalendarUID", calendar_uids[plan.calendar])
    _sub(root, "DefaultStartTime", format_time(plan.default_start_time))
    _sub(root, "DefaultFinishTime", format_time(plan.default_finish_time))
    _sub(root, "MinutesPerDay", plan.settings.minutes_per_day)
    _sub(root, "MinutesPerWeek", plan.settings.minutes_per_week)
    _sub(root, "DaysPerMonth", plan.settings.days_per_month)
    if plan.status_date is not None:
        _sub(root, "StatusDate", plan.status_date)


def _date_range(plan: Plan, schedule: Schedule | None) -> tuple[date, date]:
    """From 1 January of the first year the plan mentions to 31 December of the last."""
    dates: list[datetime] = [d for d in (plan.start, plan.finish, plan.status_date) if d]
    for task in plan.tasks:
        constraint = task.constraint.date if task.constraint else None
        dates.extend(
            d
            for d in (constraint, task.deadline, task.start, task.finish, task.actual_start)
            if d is not None
        )
        if task.actual_finish is not None:
            dates.append(task.actual_finish)
    if schedule is None:
        # The schedule says which years calendars must cover (bank holidays...). An
        # unschedulable plan still exports; its calendars then cover its own dates.
        with suppress(PlanError):
            schedule = schedule_plan(plan)
    if schedule is not None:
        dates.extend((schedule.start, schedule.finish))
        for row in schedule.tasks:
            dates.extend((row.early_start, row.late_start, row.late_finish, row.finish))
    if not dates:
        return date(2000, 1, 1), date(2000, 12, 31)  # no date at all: any stable year
    return date(min(dates).year, 1, 1), date(max(dates).year, 12, 31)


# -- calendars -----------------------------------------------------------------------------
def _calendar_uids(plan: Plan) -> dict[str, int]:
    """Calendar name -> UID: the project calendar is 1, the others follow in plan order."""
    names = [plan.calendar, *(n for n in plan.calendars if n != plan.calendar)]
    return {name: uid for uid, name in enumerate(names, start=1)}


def _write_calendar(parent: Any, calendar: Calendar, uid: int, first: date, last: date) -> None:
    element = _sub(parent, "Calendar")
    _sub(element, "UID", uid)
    _sub(element, "Name", calendar.name)
    _sub(element, "IsBaseCalendar", True)
    _sub(element, "BaseCalendarUID", NO_CALENDAR)
    weekdays = _sub(element, "WeekDays")
    for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
        hours = calendar.weekday_hours((day_type + 5) % 7)
        weekday = _sub(weekdays, "WeekDay")
        _sub(weekday, "DayType", day_type)
        _sub(weekday, "DayWorking", bool(hours))
        _working_times(weekday, hours)
    runs = _exception_runs(calendar, first, last)
    if runs:
        exceptions = _sub(element, "Exceptions")
        for start, end, name, hours in runs:
            exception = _sub(exceptions, "Exception")
            _sub(exception, "EnteredByOccurrences", False)
            period = _sub(exception, "TimePeriod")
            _sub(period, "FromDate", f"{start.isoformat()}T00:00:00")
            _sub(period, "ToDate", f"{end.isoformat()}T23:59:00")
            _sub(exception, "Occurrences", 1)
            _sub(exception, "Name", name)
            _sub(exception, "Type", 1)  # daily, every day of the period
            _sub(exception, "DayWorking", bool(hours))
            _working_times(exception, hours)


def _working_times(parent: Any, hours: DayHours) -> None:
    if not hours:
        return
    times = _sub(parent, "WorkingTimes")
    for start, end in hours:
        working_time = _sub(times, "WorkingTime")
        _sub(working_time, "FromTime", format_time(start))
        _sub(working_time, "ToTime", format_time(end))


def _chain(calendar: Calendar) -> list[Calendar]:
    """The calendar and its bases, base-most first."""
    chain: list[Calendar] = []
    current: Calendar | None = calendar
    while current is not None and all(current is not c for c in chain):
        chain.append(current)
        current = current.base
    return chain[::-1]


def _exception_names(calendar: Calendar, first: date, last: date) -> dict[date, str]:
    """Every date that may carry an exception, with its name. The hours come from the
    engine (``Calendar.exception_on``); this only mirrors its order of precedence (a
    calendar's own dates, then its recurring ones, then bank holidays, then its base's)."""
    names: dict[date, str] = {}
    years = range(first.year, last.year + 1)
    for cal in _chain(calendar):
        if cal.bank_holidays:
            import holidays

            region = BANK_HOLIDAY_REGIONS[cal.bank_holidays]
            found = holidays.country_holidays("GB", subdiv=region, years=years)
            names.update((day, str(found[day])) for day in sorted(found) if first <= day <= last)
        for rec in cal.recurring:
            bounded = rec.end is not None or rec.occurrences is not None
            for day in rec.dates():
                if not bounded and day > last:
                    break
                names[day] = rec.name or _default_name(rec.hours)
        names.update((day, _default_name(hours)) for day, hours in cal.exceptions.items())
    return names


def _default_name(hours: DayHours) -> str:
    return "Changed working time" if hours else "Nonworking"


def _exception_runs(
    calendar: Calendar, first: date, last: date
) -> list[tuple[date, date, str, DayHours]]:
    """``(first day, last day, name, hours)`` per run of consecutive equal exceptions."""
    runs: list[tuple[date, date, str, DayHours]] = []
    for day, name in sorted(_exception_names(calendar, first, last).items()):
        hours = calendar.exception_on(day)
        if hours is None:
            continue
        if runs:
            start, end, last_name, last_hours = runs[-1]
            if end + timedelta(days=1) == day and (last_name, last_hours) == (name, hours):
                runs[-1] = (start, day, name, hours)
                continue
        runs.append((day, day, name, hours))
    return runs


# -- tasks ---------------------------------------------------------------------------------
def _outline(tasks: Iterable[Task]) -> dict[int, str]:
    """Task ID -> outline number (``1``, ``1.1``, ``1.2``...) in plan order."""
    numbers: dict[int, str] = {}
    counts: dict[int | None, int] = {}
    for task in tasks:
        parent = task.parent if task.parent in numbers else None
        counts[parent] = counts.get(parent, 0) + 1
        prefix = f"{numbers[parent]}." if parent is not None else ""
        numbers[task.id] = f"{prefix}{counts[parent]}"
    return numbers


def _uid(task: Task) -> int:
    return task.uid if task.uid is not None else task.id


def _write_tasks(
    parent: Any, plan: Plan, schedule: Schedule | None, calendar_uids: dict[str, int]
) -> None:
    scheduled = schedule.by_id() if schedule is not None else {}
    progress = task_progress(plan, schedule) if schedule and has_progress(plan) else {}
    summaries = {t.parent for t in plan.tasks if t.parent is not None}
    uids = {t.id: _uid(t) for t in plan.tasks}
    outline = _outline(plan.tasks)
    leaves = [progress[t.id] for t in plan.tasks if t.id in progress and t.id not in summaries]
    done_minutes_total = sum(r.actual_minutes for r in leaves)
    left = sum(r.remaining_minutes for r in leaves)
    whole = percent_done(done_minutes_total, done_minutes_total + left)
    _write_project_summary(parent, plan, schedule, whole)
    for task in plan.tasks:
        element = _sub(parent, "Task")
        summary = task.id in summaries
        row = scheduled.get(task.id)
        _sub(element, "UID", uids[task.id])
        _sub(element, "ID", task.id)
        _sub(element, "Name", task.name)
        _sub(element, "Manual", task.manual)
        _sub(element, "WBS", task.wbs or outline[task.id])
        _sub(element, "OutlineNumber", outline[task.id])
        _sub(element, "OutlineLevel", outline[task.id].count(".") + 1)
        minutes = task.duration.minutes(plan.settings)
        start, finish = (row.start, row.finish) if row else (task.start, task.finish)
        if row is not None:
            minutes = row.duration_minutes
        if start is not None and (row is not None or task.manual):
            _sub(element, "Start", start)
        if finish is not None and (row is not None or task.manual):
            _sub(element, "Finish", finish)
        if row is not None or not summary:
            _sub(element, "Duration", format_duration(minutes))
        if task.manual and not summary and start is not None and finish is not None:
            _sub(element, "ManualStart", start)
            _sub(element, "ManualFinish", finish)
            _sub(element, "ManualDuration", format_duration(minutes))
        _sub(element, "DurationFormat", duration_format(task.duration))
        done = progress.get(task.id)
        if done is not None and done.stop is not None and done.resume is not None:
            _sub(element, "Stop", done.stop)
            _sub(element, "Resume", done.resume)
        _sub(element, "Estimated", task.duration.estimated and not summary)
        flagged = task.milestone if task.milestone is not None else minutes == 0
        milestone = row.milestone if row else not summary and flagged
        _sub(element, "Milestone", milestone)
        _sub(element, "Summary", summary)
        _scheduled_fields(element, row)
        if done is not None:
            _sub(element, "PercentComplete", done.percent_complete)
            if done.actual_start is not None:
                _sub(element, "ActualStart", done.actual_start)
            if done.actual_finish is not None:
                _sub(element, "ActualFinish", done.actual_finish)
            actual = minutes if done.status == COMPLETE else done.actual_minutes
            work = done.actual_minutes + done.remaining_minutes
            if summary and work:  # MS Project's: the share of its leaves' work done, of its span
                actual = _round(Decimal(minutes * done.actual_minutes) / work)
            _sub(element, "ActualDuration", format_duration(actual))
            _sub(element, "RemainingDuration", format_duration(minutes - actual))
        else:
            _sub(element, "PercentComplete", 0 if summary else task.percent_complete)
            if task.actual_start is not None and not summary:
                _sub(element, "ActualStart", task.actual_start)
            if task.actual_finish is not None and not summary:
                _sub(element, "ActualFinish", task.actual_finish)
            if row is not None or not summary:
                actual = 0 if summary else done_minutes(task, minutes, plan.settings)
                _sub(element, "ActualDuration", format_duration(actual))
                _sub(element, "RemainingDuration", format_duration(minutes - actual))
        constraint = task.constraint
        _sub(element, "ConstraintType", CONSTRAINT_CODES[constraint.type if constraint else "ASAP"])
        _sub(element, "CalendarUID", calendar_uids.get(task.calendar or "", NO_CALENDAR))
        if constraint is not None and constraint.date is not None:
            _sub(element, "ConstraintDate", constraint.date)
        if task.deadline is not None:
            _sub(element, "Deadline", task.deadline)
        if task.notes:
            _sub(element, "Notes", task.notes)
        for link in task.predecessors:
            lag, lag_format = link_lag(link.lag, plan.settings)
            predecessor = _sub(element, "PredecessorLink")
            _sub(predecessor, "PredecessorUID", uids.get(link.predecessor, link.predecessor))
            _sub(predecessor, "Type", LINK_TYPE_CODES[link.type])
            _sub(predecessor, "CrossProject", False)
            _sub(predecessor, "LinkLag", lag)
            _sub(predecessor, "LagFormat", lag_format)
        for number, saved in sorted(plan.baselines.items()):
            entry = saved.get(task.id)
            if entry is not None:
                _write_baseline(element, number, entry, plan.settings)


def _write_baseline(parent: Any, number: int, entry: BaselineTask, settings: TimeSettings) -> None:
    """One ``<Baseline>`` of a task, as MS Project writes it (Number 0 is "Baseline")."""
    element = _sub(parent, "Baseline")
    _sub(element, "Number", number)
    _sub(element, "Interim", False)
    if entry.start is not None:
        _sub(element, "Start", entry.start)
    if entry.finish is not None:
        _sub(element, "Finish", entry.finish)
    _sub(element, "Duration", format_duration(entry.duration.minutes(settings)))
    _sub(element, "DurationFormat", duration_format(entry.duration))
    _sub(element, "EstimatedDuration", entry.duration.estimated)


def _scheduled_fields(element: Any, row: ScheduledTask | None) -> None:
    """Critical, early and late dates and slack (tenths of a minute) from the schedule."""
    if row is None:
        return
    _sub(element, "Critical", row.critical)
    for tag in ("EarlyStart", "EarlyFinish", "LateStart", "LateFinish"):
        _sub(element, tag, getattr(row, _SNAKE[tag]))
    _sub(element, "FreeSlack", row.free_float_minutes * 10)
    _sub(element, "TotalSlack", row.total_float_minutes * 10)


_SNAKE = {
    "EarlyStart": "early_start",
    "EarlyFinish": "early_finish",
    "LateStart": "late_start",
    "LateFinish": "late_finish",
}


def _write_project_summary(
    parent: Any, plan: Plan, schedule: Schedule | None, percent_complete: int
) -> None:
    """Task UID 0: the project summary task MS Project keeps for the whole project."""
    element = _sub(parent, "Task")
    for tag, value in (("UID", 0), ("ID", 0), ("Name", plan.name), ("Manual", False)):
        _sub(element, tag, value)
    _sub(element, "OutlineNumber", 0)
    _sub(element, "OutlineLevel", 0)
    if schedule is not None:
        axis = WorkTime(plan.calendars[plan.calendar])
        minutes = axis.working_minutes(to_minutes(schedule.start), to_minutes(schedule.finish))
        _sub(element, "Start", schedule.start)
        _sub(element, "Finish", schedule.finish)
        _sub(element, "Duration", format_duration(minutes))
    _sub(element, "DurationFormat", UNIT_FORMATS["d"])
    for tag, flag in (("Estimated", False), ("Milestone", False), ("Summary", True)):
        _sub(element, tag, flag)
    if schedule is not None:
        _sub(element, "Critical", any(t.critical for t in schedule.tasks))
        for kind in ("Early", "Late"):
            _sub(element, f"{kind}Start", schedule.start)
            _sub(element, f"{kind}Finish", schedule.finish)
        for tag in ("FreeSlack", "TotalSlack"):
            _sub(element, tag, 0)
    _sub(element, "PercentComplete", percent_complete)
    _sub(element, "ConstraintType", CONSTRAINT_CODES["ASAP"])
    _sub(element, "CalendarUID", NO_CALENDAR)
