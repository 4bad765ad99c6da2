"""Monthly meeting dates: "the first Tuesday", "the last Wednesday", or "the 15th".

Pure date arithmetic (no Django), used by the series generator. A fixed day of the month is
1 to 28, so that every month has it; one that falls on a Saturday or Sunday moves to the
following Monday. Bank holidays are not skipped: the seed plan's calendar has none.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


@dataclass(frozen=True)
class MonthlyRule:
    """``kind="weekday"``: the ``ordinal`` (1-4, or -1 for the last) ``weekday`` (Monday 0)
    of each month. ``kind="day"``: day ``ordinal`` (1-28) of each month."""

    kind: Literal["weekday", "day"]
    ordinal: int
    weekday: int = 0

    def __post_init__(self) -> None:
        if self.kind == "weekday":
            if self.ordinal not in ORDINALS:
                raise ValueError(f"ordinal {self.ordinal} is not 1-4 or -1 (last)")
            if not 0 <= self.weekday <= 6:
                raise ValueError(f"weekday {self.weekday} is not 0 (Monday) to 6 (Sunday)")
        elif not 1 <= self.ordinal <= 28:
            raise ValueError(f"day {self.ordinal} is not 1 to 28")

    def on(self, year: int, month: int) -> date:
        """The meeting day in ``month`` of ``year``."""
        if self.kind == "day":
            day = date(year, month, self.ordinal)
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            return day
        if self.ordinal == -1:
            last = date(year, month, calendar.monthrange(year, month)[1])
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.ordinal - 1))

    def describe(self) -> str:
        if self.kind == "day":
            return f"day {self.ordinal} of each month (a weekend moves to the Monday after)"
        return f"the {ORDINALS[self.ordinal]} {WEEKDAYS[self.weekday]} of each month"


def monthly_dates(rule: MonthlyRule, *, start: date, count: int) -> list[date]:
    """``count`` meeting days by ``rule``, one a month, the first on or after ``start``."""
    year, month = start.year, start.month
    if rule.on(year, month) < start:
        year, month = _next_month(year, month)
    days: list[date] = []
    for _ in range(count):
        days.append(rule.on(year, month))
        year, month = _next_month(year, month)
    return days


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
