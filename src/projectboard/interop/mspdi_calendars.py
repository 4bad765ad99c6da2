"""MS Project calendars (MSPDI ``<Calendars>``) into engine ``Calendar``s.

MSPDI spreads a calendar over forms from different MS Project versions: the working week with
Project 2003's dated exceptions inside ``<WeekDays>``, recurring ``<Exceptions>``, and Project
2007's alternative ``<WorkWeeks>``. Resolving them into the engine's week and dated exceptions
is a job of its own, apart from reading tasks (``mspdi``). A recurrence the engine cannot
express is left out with a ``W_CALENDAR_PATTERN`` warning, never dropped silently.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from projectboard.engine.calendar import Calendar, DayHours, RecurringException
from projectboard.interop.mspdi_fields import ElementReader, child_text, children, local_name

_SUNDAY_FIRST = (6, 0, 1, 2, 3, 4, 5)  # MSPDI DayType 1..7 (Sunday first) -> Python weekday


def read_calendars(xml: ElementReader, section: Any) -> tuple[dict[str, Calendar], dict[int, str]]:
    """The calendars by name, and their names by UID (tasks and the project name a UID)."""
    calendars: dict[str, Calendar] = {}
    by_uid: dict[int, str] = {}
    bases: dict[int, int] = {}
    if section is None:
        return calendars, by_uid
    for element in section:
        if not isinstance(element.tag, str) or local_name(element.tag) != "Calendar":
            continue
        fields = children(element)
        uid = xml.integer(fields, "UID")
        if uid is None:
            raise xml.fail("a calendar has no <UID>", element)
        name = child_text(fields, "Name") or f"Calendar {uid}"
        if name in calendars:
            name = f"{name} (UID {uid})"
        calendar = Calendar(name, uid=uid)
        _week_days(xml, fields.get("WeekDays"), calendar)
        _exceptions(xml, fields.get("Exceptions"), calendar)
        _work_weeks(xml, fields.get("WorkWeeks"), calendar)
        base = xml.integer(fields, "BaseCalendarUID", -1)
        if base is not None and base >= 0 and not xml.flag(fields, "IsBaseCalendar"):
            bases[uid] = base
        calendars[name] = calendar
        by_uid[uid] = name
    for uid, base_uid in bases.items():
        if base_uid in by_uid:
            calendars[by_uid[uid]].base = calendars[by_uid[base_uid]]
    return calendars, by_uid


def _hours(xml: ElementReader, fields: dict[str, Any], element: Any) -> DayHours:
    if child_text(fields, "DayWorking") != "1":
        return ()
    times = fields.get("WorkingTimes")
    intervals = []
    for working in times if times is not None else ():
        if not isinstance(working.tag, str):
            continue
        wf = children(working)
        start = xml.time_of_day(child_text(wf, "FromTime"), working)
        end = xml.time_of_day(child_text(wf, "ToTime"), working)
        intervals.append((start, end if end > start else 1440))
    if not intervals:  # "working" with no times: MS Project's default hours
        return ((480, 720), (780, 1020))
    return tuple(sorted(intervals))


def _week_days(xml: ElementReader, section: Any, calendar: Calendar) -> None:
    for element in section if section is not None else ():
        if not isinstance(element.tag, str):
            continue
        fields = children(element)
        day_type = xml.integer(fields, "DayType", -1)
        if day_type is not None and 1 <= day_type <= 7:
            calendar.week[_SUNDAY_FIRST[day_type - 1]] = _hours(xml, fields, element)
        elif day_type == 0:  # Project 2003's exception form
            first, last = _period(xml, fields, element)
            hours = _hours(xml, fields, element)
            for ordinal in range(first.toordinal(), last.toordinal() + 1):
                calendar.exceptions[date.fromordinal(ordinal)] = hours


def _period(xml: ElementReader, fields: dict[str, Any], element: Any) -> tuple[date, date]:
    period = fields.get("TimePeriod")
    if period is None:
        raise xml.fail("a calendar exception has no <TimePeriod>", element)
    pf = children(period)
    first, last = xml.when(pf, "FromDate"), xml.when(pf, "ToDate")
    if first is None or last is None:
        raise xml.fail("a calendar exception's <TimePeriod> lacks a date", period)
    return first.date(), last.date()


def _exceptions(xml: ElementReader, section: Any, calendar: Calendar) -> None:
    for element in section if section is not None else ():
        if not isinstance(element.tag, str):
            continue
        fields = children(element)
        first, last = _period(xml, fields, element)
        hours = _hours(xml, fields, element)
        kind = xml.integer(fields, "Type", 1)
        period = xml.integer(fields, "Period", 1) or 1
        occurrences = xml.integer(fields, "Occurrences")
        name = child_text(fields, "Name") or ""
        common: dict[str, Any] = dict(
            name=name,
            hours=hours,
            start=first,
            end=last,
            occurrences=occurrences,
            period=period,
        )
        if kind == 1 or kind == 7:
            rule = RecurringException(
                pattern="daily", **{**common, "period": period if kind == 7 else 1}
            )
        elif kind == 6:
            mask = xml.integer(fields, "DaysOfWeek", 0) or 0
            days = tuple(_SUNDAY_FIRST[bit] for bit in range(7) if mask & (1 << bit))
            rule = RecurringException(pattern="weekly", weekdays=days, **common)
        elif kind in (2, 3, 4, 5):
            pattern = "yearly" if kind in (2, 3) else "monthly"
            month = xml.integer(fields, "Month")
            extra: dict[str, Any] = {"month": month + 1 if month is not None else None}
            if kind in (2, 4):
                extra["month_day"] = xml.integer(fields, "MonthDay")
            else:
                item = xml.integer(fields, "MonthItem", 0) or 0
                if not 3 <= item <= 9:
                    xml.warn(
                        "W_CALENDAR_PATTERN",
                        f"calendar {calendar.name!r}: exception {name!r} recurs on a 'day', "
                        "'weekday' or 'weekend day' position, which is not modelled; "
                        "it is left out",
                        element,
                    )
                    continue
                extra["weekday"] = (item - 4) % 7
                extra["week_of_month"] = (xml.integer(fields, "MonthPosition", 0) or 0) + 1
            rule = RecurringException(pattern=pattern, **extra, **common)
        else:
            xml.warn(
                "W_CALENDAR_PATTERN",
                f"calendar {calendar.name!r}: exception {name!r} has recurrence type {kind}, "
                "which is not modelled; it is left out",
                element,
            )
            continue
        for day in rule.dates():
            calendar.exceptions.setdefault(day, hours)


def _work_weeks(xml: ElementReader, section: Any, calendar: Calendar) -> None:
    """Project 2007+'s alternative work weeks: a weekly pattern for a date range."""
    for element in section if section is not None else ():
        if not isinstance(element.tag, str):
            continue
        fields = children(element)
        first, last = _period(xml, fields, element)
        pattern = Calendar(calendar.name)
        _week_days(xml, fields.get("WeekDays"), pattern)
        day = first
        while day <= last:
            if day.weekday() in pattern.week:
                calendar.exceptions.setdefault(day, pattern.week[day.weekday()])
            day += timedelta(days=1)
