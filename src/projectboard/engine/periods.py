"""Reporting periods and the schedule's suggested RAG: pure date arithmetic, no Django.

Work-package leads report to the project manager every ``cadence_days`` calendar days (the
seed's fortnight), counted from the project's start: period 1 runs from the start for
``cadence_days`` days, period 2 from the day after, and so on. A period's return is due
``DUE_WORKING_DAYS`` working days after its last day. Working days are Monday to Friday, as
on the Standard calendar the web app stores (no holidays).

The suggested RAG compares a work package's forecast finish with its due date and its time
tolerance, in working days:

- Green: it finishes on or before the due date;
- Amber: it finishes after the due date, by no more than the tolerance;
- Red: it finishes more than the tolerance after the due date.

It has no suggestion when the work package has no due date or no forecast finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Rag = Literal["green", "amber", "red"]
GREEN: Rag = "green"
AMBER: Rag = "amber"
RED: Rag = "red"

# A return is due this many working days after its period's last day.
DUE_WORKING_DAYS = 2

E_BAD_CADENCE = "E_BAD_CADENCE"
E_BAD_TOLERANCE = "E_BAD_TOLERANCE"


class PeriodError(ValueError):
    """A bad argument: ``code`` is stable, ``message`` names the argument and the value."""

    def __init__(self, code: str, message: str, *, value: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value


@dataclass(frozen=True)
class Period:
    """Reporting period ``number`` (from 1): ``start`` to ``end`` inclusive; the return is
    due on ``due``."""

    number: int
    start: date
    end: date
    due: date


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``n`` >= 0; 0 is ``day`` itself)."""
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_after(due: date, finish: date) -> int:
    """How many working days ``finish`` is after ``due``: the working days in
    ``(due, finish]``; 0 when it is not after."""
    if finish <= due:
        return 0
    whole_weeks, rest = divmod((finish - due).days, 7)
    count = whole_weeks * 5
    day = due + timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def periods_until(
    first_start: date, cadence_days: int, until: date, *, first_number: int = 1
) -> list[Period]:
    """Consecutive periods of ``cadence_days`` days, the first numbered ``first_number`` and
    starting on ``first_start``, up to the one containing ``until`` (none if ``until`` is
    before ``first_start``)."""
    _check_cadence(cadence_days)
    found: list[Period] = []
    start, number = first_start, first_number
    while start <= until:
        end = start + timedelta(days=cadence_days - 1)
        found.append(Period(number, start, end, add_working_days(end, DUE_WORKING_DAYS)))
        start, number = end + timedelta(days=1), number + 1
    return found


def _check_cadence(cadence_days: int) -> None:
    if cadence_days < 1:
        raise PeriodError(
            E_BAD_CADENCE,
            f"reporting cadence {cadence_days!r}: must be at least 1 day",
            value=cadence_days,
        )


@dataclass(frozen=True)
class Suggestion:
    """The schedule's RAG for time, and how many working days the forecast finish is after
    the due date (0 when on time)."""

    rag: Rag
    slip_days: int


def suggested_rag(
    *, forecast_finish: date | None, due: date | None, tolerance_days: int
) -> Suggestion | None:
    """Green on or before ``due``; Amber late by at most ``tolerance_days`` working days;
    Red later than that. None without a due date or a forecast."""
    if tolerance_days < 0:
        raise PeriodError(
            E_BAD_TOLERANCE,
            f"time tolerance {tolerance_days!r}: must be 0 or more working days",
            value=tolerance_days,
        )
    if forecast_finish is None or due is None:
        return None
    slip = working_days_after(due, forecast_finish)
    if forecast_finish <= due:
        return Suggestion(GREEN, 0)
    return Suggestion(AMBER if slip <= tolerance_days else RED, slip)
