"""Working calendars as MS Project defines them, and their compiled working-time axis.

A calendar says which minutes of each day are working time: a working week (intervals per
weekday), exceptions on dates (a holiday, or changed hours), recurring exceptions, optional
UK bank holidays, and a base calendar it derives from. Intervals are minutes after
midnight, ``[start, end)``; an interval may end at 1440, and work that runs past midnight
(MS Project's Night Shift) is two intervals on consecutive days.

``WorkTime`` compiles a calendar onto an axis of working minutes, so the scheduler adds
durations with integer arithmetic. Instants are "absolute minutes": ``date.toordinal() *
1440 + minute of day``, in local wall-clock time, which is what MS Project schedules in (it
has no time zones; a day is 08:00-17:00 whether or not British Summer Time applies).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from projectboard.engine.errors import E_BAD_CALENDAR, E_BAD_DATE, E_NO_WORKING_TIME, PlanError

Interval = tuple[int, int]
DayHours = tuple[Interval, ...]

DAY = 1440
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STANDARD_HOURS: DayHours = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
BANK_HOLIDAY_REGIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


def check_hours(hours: DayHours, *, calendar: str, where: str) -> DayHours:
    """Intervals must be inside the day, non-empty, sorted and not overlapping."""
    previous_end = -1
    for start, end in hours:
        if not (0 <= start < end <= DAY) or start < previous_end:
            raise PlanError(
                E_BAD_CALENDAR,
                f"calendar {calendar!r}: {where}: working time {format_hours(hours)!r} must be "
                "increasing, non-overlapping intervals within 00:00-24:00",
                value=format_hours(hours),
            )
        previous_end = end
    return hours


def format_hours(hours: DayHours) -> str:
    def hhmm(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return ", ".join(f"{hhmm(s)}-{hhmm(e)}" for s, e in hours)


@dataclass(frozen=True)
class RecurringException:
    """An exception repeating on a pattern, as MS Project's "Details..." dialog sets up.

    ``pattern`` is daily, weekly, monthly or yearly; ``period`` repeats every N of them.
    Monthly and yearly use either ``month_day`` or ``week_of_month`` (1-4, 5 = last) with
    ``weekday``. The series ends at ``end`` or after ``occurrences``.
    """

    name: str
    hours: DayHours
    start: date
    pattern: str
    end: date | None = None
    occurrences: int | None = None
    period: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    month: int | None = None
    week_of_month: int | None = None
    weekday: int | None = None
    week_start: int = 6  # weekly series count weeks from this day: MS Project's default, Sunday

    def dates(self) -> Iterator[date]:
        count = 0
        limit = self.occurrences if self.occurrences is not None else 100_000
        for day in self._candidates():
            if self.end is not None and day > self.end:
                return
            if day < self.start:
                continue
            yield day
            count += 1
            if count >= limit:
                return

    def _candidates(self) -> Iterator[date]:
        step = max(1, self.period)
        if self.pattern == "daily":
            day = self.start
            while True:
                yield day
                day += timedelta(days=step)
        elif self.pattern == "weekly":
            first = self.start - timedelta(days=(self.start.weekday() - self.week_start) % 7)
            offsets = sorted(
                (wd - self.week_start) % 7 for wd in self.weekdays or (self.start.weekday(),)
            )
            while True:
                for offset in offsets:
                    yield first + timedelta(days=offset)
                first += timedelta(weeks=step)
        elif self.pattern in ("monthly", "yearly"):
            year, month = self.start.year, self.month or self.start.month
            if self.pattern == "monthly":
                month = self.start.month
            months = step if self.pattern == "monthly" else 12 * step
            while True:
                found = self._day_in_month(year, month)
                if found is not None:
                    yield found
                month += months
                year += (month - 1) // 12
                month = (month - 1) % 12 + 1
        else:
            raise PlanError(
                E_BAD_CALENDAR,
                f"recurring exception {self.name!r}: unknown pattern {self.pattern!r}",
                value=self.pattern,
            )

    def _day_in_month(self, year: int, month: int) -> date | None:
        first = date(year, month, 1)
        next_month = date(year + month // 12, month % 12 + 1, 1)
        length = (next_month - first).days
        if self.week_of_month is not None and self.weekday is not None:
            if self.week_of_month >= 5:
                last = next_month - timedelta(days=1)
                return last - timedelta(days=(last.weekday() - self.weekday) % 7)
            offset = (self.weekday - first.weekday()) % 7
            return first + timedelta(days=offset + 7 * (self.week_of_month - 1))
        day = self.month_day or self.start.day
        return date(year, month, day) if day <= length else None


@dataclass
class Calendar:
    """A working calendar. Weekdays missing from ``week`` inherit from ``base``."""

    name: str
    week: dict[int, DayHours] = field(default_factory=dict)
    exceptions: dict[date, DayHours] = field(default_factory=dict)
    recurring: list[RecurringException] = field(default_factory=list)
    base: Calendar | None = None
    bank_holidays: str | None = None
    uid: int | None = None

    def __post_init__(self) -> None:
        for wd, hours in self.week.items():
            check_hours(hours, calendar=self.name, where=WEEKDAYS[wd])
        for day, hours in self.exceptions.items():
            check_hours(hours, calendar=self.name, where=day.isoformat())
        if self.bank_holidays is not None and self.bank_holidays not in BANK_HOLIDAY_REGIONS:
            raise PlanError(
                E_BAD_CALENDAR,
                f"calendar {self.name!r}: bank_holidays {self.bank_holidays!r} is not one of "
                f"{', '.join(BANK_HOLIDAY_REGIONS)}",
                value=self.bank_holidays,
            )
        self._expanded: dict[date, DayHours] | None = None

    def _own_exceptions(self) -> Mapping[date, DayHours]:
        if self._expanded is None:
            expanded: dict[date, DayHours] = {}
            for rec in self.recurring:
                for day in rec.dates():
                    expanded[day] = rec.hours
            expanded.update(self.exceptions)
            self._expanded = expanded
        return self._expanded

    def exception_on(self, day: date) -> DayHours | None:
        """The exception in force on ``day``: this calendar's own first, then its bases'."""
        own = self._own_exceptions().get(day)
        if own is not None:
            return own
        if self.bank_holidays and _is_bank_holiday(self.bank_holidays, day):
            return ()
        return self.base.exception_on(day) if self.base else None

    def weekday_hours(self, weekday: int) -> DayHours:
        if weekday in self.week:
            return self.week[weekday]
        return self.base.weekday_hours(weekday) if self.base else ()

    def hours_on(self, day: date) -> DayHours:
        exception = self.exception_on(day)
        return exception if exception is not None else self.weekday_hours(day.weekday())

    def has_working_week(self) -> bool:
        return any(self.weekday_hours(wd) for wd in range(7))


@cache
def _bank_holiday_dates(region: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(
        holidays.country_holidays("GB", subdiv=BANK_HOLIDAY_REGIONS[region], years=year).keys()
    )


def _is_bank_holiday(region: str, day: date) -> bool:
    return day in _bank_holiday_dates(region, day.year)


def standard_calendar(name: str = "Standard") -> Calendar:
    """MS Project's Standard: Monday-Friday 08:00-12:00 and 13:00-17:00."""
    return Calendar(name, week={wd: STANDARD_HOURS if wd < 5 else () for wd in range(7)})


def twenty_four_hours_calendar(name: str = "24 Hours") -> Calendar:
    return Calendar(name, week={wd: ((0, DAY),) for wd in range(7)})


def night_shift_calendar(name: str = "Night Shift") -> Calendar:
    """MS Project's Night Shift: Monday 23:00 to Saturday 08:00, with 03:00-04:00 off."""
    night: DayHours = ((0, 180), (240, 480), (1380, DAY))
    return Calendar(
        name,
        week={
            0: ((1380, DAY),),
            1: night,
            2: night,
            3: night,
            4: night,
            5: ((0, 180), (240, 480)),
            6: (),
        },
    )


# How far the axis will look for working time before declaring a calendar impossible.
_SEARCH_LIMIT_DAYS = 366 * 50
_CHUNK_DAYS = 366 * 2
_ANCHOR_DAY = date(2000, 1, 3).toordinal()
_FIRST_DAY = date(1900, 1, 1).toordinal()  # well inside what datetime and MS Project handle
_LAST_DAY = date(9000, 1, 1).toordinal()


@cache
def _day_tables(hours: DayHours) -> tuple[list[int], list[int]]:
    """For one day pattern: ``before[m]``, the working minutes that begin before minute ``m``
    of the day (0..1440), and ``nth[k]``, the minute of the day of its ``k``-th working
    minute. They turn every conversion into a list lookup."""
    before = [0] * (DAY + 1)
    nth: list[int] = []
    for s, e in hours:
        nth.extend(range(s, e))
    count = 0
    working = set(nth)
    for m in range(DAY):
        before[m] = count
        if m in working:
            count += 1
    before[DAY] = count
    return before, nth


class WorkTime:
    """A calendar compiled to an axis of working minutes.

    ``index_at(t)`` counts the working minutes that begin before instant ``t``.
    ``start_of(w)`` is the instant working minute ``w`` begins (a task's start);
    ``end_of(w)`` the instant working minute ``w - 1`` ends (a task's finish). So a task of
    ``d`` working minutes starting at ``s`` finishes at ``end_of(index_at(s) + d)``, and a
    start at 17:00 moves to the next working morning while a finish stays at 17:00: MS
    Project's convention. Indexes are relative to an anchor day and may be negative; the
    axis grows on demand in both directions.
    """

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self._first_day = 0  # ordinal of the first compiled day
        self._cum: list[int] = []  # working minutes before each compiled day (+1 sentinel)
        self._before: list[list[int]] = []  # per compiled day, its ``before`` table
        self._nth: list[list[int]] = []  # per compiled day, its ``nth`` table

    # -- compilation -------------------------------------------------------------------------
    def _compile(self, first: int, last: int) -> tuple[list[list[int]], list[list[int]]]:
        if first < _FIRST_DAY or last > _LAST_DAY:
            raise PlanError(
                E_BAD_DATE,
                f"calendar {self.calendar.name!r}: the schedule runs outside the years "
                f"{date.fromordinal(_FIRST_DAY).year}-{date.fromordinal(_LAST_DAY).year}",
                value=self.calendar.name,
            )
        hours_on = self.calendar.hours_on
        tables = [_day_tables(hours_on(date.fromordinal(d))) for d in range(first, last)]
        return [b for b, _ in tables], [n for _, n in tables]

    def _ensure_day(self, day: int) -> int:
        """Make sure ``day`` (an ordinal) is compiled; return its position in the arrays."""
        if not self._cum:
            first = day - _CHUNK_DAYS // 2
            before, nth = self._compile(first, first + _CHUNK_DAYS)
            cum = [0]
            for n in nth:
                cum.append(cum[-1] + len(n))
            self._first_day, self._cum, self._before, self._nth = first, cum, before, nth
        while day < self._first_day:
            grow = max(_CHUNK_DAYS, len(self._nth))
            first = self._first_day - grow
            before, nth = self._compile(first, self._first_day)
            prefix = [self._cum[0]]
            for n in reversed(nth):
                prefix.append(prefix[-1] - len(n))
            prefix.reverse()
            self._cum = prefix[:-1] + self._cum
            self._before = before + self._before
            self._nth = nth + self._nth
            self._first_day = first
        last = self._first_day + len(self._nth)
        while day >= last:
            grow = max(_CHUNK_DAYS, len(self._nth))
            before, nth = self._compile(last, last + grow)
            cum = self._cum
            for n in nth:
                cum.append(cum[-1] + len(n))
            self._before.extend(before)
            self._nth.extend(nth)
            last += grow
        return day - self._first_day

    def _ensure_index(self, w: int) -> None:
        """Compile until working minute ``w`` lies inside the axis."""
        if not self._cum:
            self._ensure_day(_ANCHOR_DAY)
        idle = 0  # days compiled in a row without finding any working time
        while w >= self._cum[-1] or w < self._cum[0]:
            days, low, high = len(self._nth), self._cum[0], self._cum[-1]
            if w >= high:
                self._ensure_day(self._first_day + days)
                gained = self._cum[-1] - high
            else:
                self._ensure_day(self._first_day - 1)
                gained = low - self._cum[0]
            idle = 0 if gained else idle + len(self._nth) - days
            if idle > _SEARCH_LIMIT_DAYS:
                raise PlanError(
                    E_NO_WORKING_TIME,
                    f"calendar {self.calendar.name!r} has no working time within "
                    f"{_SEARCH_LIMIT_DAYS // 366} years",
                    value=self.calendar.name,
                )

    # -- conversions (hot: called several times per task) -------------------------------------
    def index_at(self, t: int) -> int:
        day, offset = divmod(t, DAY)
        pos = day - self._first_day
        if pos < 0 or pos >= len(self._nth):
            pos = self._ensure_day(day)
        return self._cum[pos] + self._before[pos][offset]

    def start_of(self, w: int) -> int:
        cum = self._cum
        if not cum or w >= cum[-1] or w < cum[0]:
            self._ensure_index(w)
            cum = self._cum
        pos = bisect_right(cum, w) - 1
        return (self._first_day + pos) * DAY + self._nth[pos][w - cum[pos]]

    def end_of(self, w: int) -> int:
        cum = self._cum
        if not cum or w > cum[-1] or w <= cum[0]:
            self._ensure_index(w - 1)
            cum = self._cum
        pos = bisect_left(cum, w) - 1
        return (self._first_day + pos) * DAY + self._nth[pos][w - cum[pos] - 1] + 1

    # -- MS Project's date operations ----------------------------------------------------------
    def next_work_start(self, t: int) -> int:
        """``t`` if it is working time, else the start of the next working period."""
        return self.start_of(self.index_at(t))

    def previous_work_finish(self, t: int) -> int:
        """``t`` if it is working time, else the end of the previous working period."""
        return self.end_of(self.index_at(t))

    def add(self, t: int, minutes: int) -> int:
        """``t`` moved by ``minutes`` of working time (forward ends at a finish, back at a
        start), as MS Project's date arithmetic does; zero leaves ``t`` alone."""
        if minutes > 0:
            return self.end_of(self.index_at(t) + minutes)
        if minutes < 0:
            return self.start_of(self.index_at(t) + minutes)
        return t

    def working_minutes(self, t1: int, t2: int) -> int:
        """Working minutes from ``t1`` to ``t2`` (negative when ``t2`` is earlier)."""
        return self.index_at(t2) - self.index_at(t1)


_MIDNIGHTS: dict[int, datetime] = {}
_MINUTES = [timedelta(minutes=m) for m in range(DAY)]


def to_minutes(value: datetime | date) -> int:
    """Absolute minutes of a wall-clock datetime (a date means its midnight)."""
    if isinstance(value, datetime):
        return value.toordinal() * DAY + value.hour * 60 + value.minute
    return value.toordinal() * DAY


def to_datetime(t: int) -> datetime:
    day, minute = divmod(t, DAY)
    midnight = _MIDNIGHTS.get(day)
    if midnight is None:
        midnight = _MIDNIGHTS[day] = datetime.combine(date.fromordinal(day), time())
    return midnight + _MINUTES[minute]


def require_working_time(calendar: Calendar) -> None:
    """Refuse a calendar with no working week at all (MS Project would never finish)."""
    if not calendar.has_working_week():
        raise PlanError(
            E_NO_WORKING_TIME,
            f"calendar {calendar.name!r} has no working time on any weekday",
            value=calendar.name,
        )
