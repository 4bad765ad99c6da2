"""Calendar arithmetic, as tables of edge cases: end of day, lunch, weekends, holidays,
month and year ends, leap days and British Summer Time changes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from projectboard.engine.calendar import (
    Calendar,
    RecurringException,
    WorkTime,
    night_shift_calendar,
    standard_calendar,
    to_datetime,
    to_minutes,
    twenty_four_hours_calendar,
)
from projectboard.engine.errors import PlanError


def dt(text: str) -> int:
    return to_minutes(datetime.fromisoformat(text))


def iso(t: int) -> str:
    return to_datetime(t).isoformat(timespec="minutes")


STANDARD = WorkTime(standard_calendar())


@pytest.mark.parametrize(
    ("start", "minutes", "finish"),
    [
        # a whole day from the morning ends at 17:00 the same day, not 08:00 the next
        ("2008-03-07T08:00", 480, "2008-03-07T17:00"),
        # half a day ends at lunch, not after it
        ("2008-03-07T08:00", 240, "2008-03-07T12:00"),
        # Friday afternoon + 1 day crosses the weekend
        ("2008-03-07T13:00", 480, "2008-03-10T12:00"),
        # from the end of Friday the work starts on Monday
        ("2008-03-07T17:00", 60, "2008-03-10T09:00"),
        # from a Saturday
        ("2008-03-08T10:00", 480, "2008-03-10T17:00"),
        # month end: Mon 31 March 2008 + 1 day
        ("2008-03-31T08:00", 960, "2008-04-01T17:00"),
        # year end: Wed 31 Dec 2008 -> Thu 1 Jan 2009 (no holidays in Standard)
        ("2008-12-31T13:00", 480, "2009-01-01T12:00"),
        # leap day: Thu 28 Feb 2008 + 2 days ends Fri 29 Feb
        ("2008-02-28T08:00", 960, "2008-02-29T17:00"),
        # BST starts Sun 30 March 2008: wall-clock hours are unchanged on Monday
        ("2008-03-28T08:00", 960, "2008-03-31T17:00"),
        # BST ends Sun 26 October 2008
        ("2008-10-24T13:00", 480, "2008-10-27T12:00"),
        # the seed's Finance/Budgets: 17.7 d from Friday 13:00
        ("2008-04-18T13:00", 8496, "2008-05-14T09:36"),
    ],
)
def test_adding_working_time(start: str, minutes: int, finish: str) -> None:
    assert iso(STANDARD.add(dt(start), minutes)) == finish


@pytest.mark.parametrize(
    ("finish", "minutes", "start"),
    [
        ("2008-03-10T17:00", 480, "2008-03-10T08:00"),
        ("2008-03-10T09:00", 120, "2008-03-07T16:00"),
        ("2008-03-10T08:00", 60, "2008-03-07T16:00"),
        ("2008-03-01T12:00", 480, "2008-02-29T08:00"),
    ],
)
def test_subtracting_working_time(finish: str, minutes: int, start: str) -> None:
    assert iso(STANDARD.add(dt(finish), -minutes)) == start


@pytest.mark.parametrize(
    ("instant", "next_start", "previous_finish"),
    [
        ("2008-03-07T17:00", "2008-03-10T08:00", "2008-03-07T17:00"),
        ("2008-03-07T12:00", "2008-03-07T13:00", "2008-03-07T12:00"),
        ("2008-03-07T12:30", "2008-03-07T13:00", "2008-03-07T12:00"),
        ("2008-03-07T10:15", "2008-03-07T10:15", "2008-03-07T10:15"),
        ("2008-03-09T23:59", "2008-03-10T08:00", "2008-03-07T17:00"),
        ("2008-03-10T08:00", "2008-03-10T08:00", "2008-03-07T17:00"),
        ("2008-03-10T07:00", "2008-03-10T08:00", "2008-03-07T17:00"),
    ],
)
def test_snapping_to_working_time(instant: str, next_start: str, previous_finish: str) -> None:
    assert iso(STANDARD.next_work_start(dt(instant))) == next_start
    assert iso(STANDARD.previous_work_finish(dt(instant))) == previous_finish


def test_holiday_and_changed_hours_exceptions() -> None:
    calendar = standard_calendar()
    calendar.exceptions[date(2008, 3, 21)] = ()  # Good Friday off
    calendar.exceptions[date(2008, 3, 25)] = ((540, 720),)  # Tuesday 09:00-12:00 only
    axis = WorkTime(calendar)
    assert iso(axis.add(dt("2008-03-20T08:00"), 960)) == "2008-03-24T17:00"
    assert iso(axis.add(dt("2008-03-25T08:00"), 240)) == "2008-03-26T09:00"
    assert iso(axis.next_work_start(dt("2008-03-25T08:00"))) == "2008-03-25T09:00"


def test_uk_bank_holidays_by_region() -> None:
    base = standard_calendar()
    england = WorkTime(Calendar("E&W", base=base, bank_holidays="england-and-wales"))
    scotland = WorkTime(Calendar("Scot", base=base, bank_holidays="scotland"))
    # Easter Monday 24 March 2008 is a holiday in England and Wales, not in Scotland.
    assert iso(england.next_work_start(dt("2008-03-24T08:00"))) == "2008-03-25T08:00"
    assert iso(scotland.next_work_start(dt("2008-03-24T08:00"))) == "2008-03-24T08:00"
    # 2 January is a holiday in Scotland only.
    assert iso(scotland.next_work_start(dt("2008-01-02T08:00"))) == "2008-01-03T08:00"
    assert iso(england.next_work_start(dt("2008-01-02T08:00"))) == "2008-01-02T08:00"


def test_derived_calendar_inherits_week_and_exceptions() -> None:
    base = standard_calendar()
    base.exceptions[date(2008, 5, 5)] = ()
    part_time = Calendar("Part time", week={4: ()}, base=base)  # no Fridays
    axis = WorkTime(part_time)
    # Thu 1 May + 2 days: Fri off, Mon 5 May holiday from the base -> ends Tue 6 May
    assert iso(axis.add(dt("2008-05-01T08:00"), 960)) == "2008-05-06T17:00"


def test_recurring_exception_every_other_friday() -> None:
    calendar = standard_calendar()
    calendar.recurring.append(
        RecurringException(
            "9-day fortnight",
            (),
            date(2008, 3, 7),
            "weekly",
            occurrences=3,
            period=2,
            weekdays=(4,),
        )
    )
    off = [
        d
        for d in (date(2008, 3, 7), date(2008, 3, 14), date(2008, 3, 21), date(2008, 4, 4))
        if calendar.hours_on(d) == ()
    ]
    assert off == [date(2008, 3, 7), date(2008, 3, 21), date(2008, 4, 4)]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            dict(pattern="monthly", month_day=31),
            [date(2008, 1, 31), date(2008, 3, 31), date(2008, 5, 31)],
        ),
        (
            dict(pattern="monthly", week_of_month=5, weekday=0),
            [date(2008, 1, 28), date(2008, 2, 25), date(2008, 3, 31)],
        ),
        (
            dict(pattern="yearly", month=2, month_day=29),
            [date(2008, 2, 29), date(2012, 2, 29), date(2016, 2, 29)],
        ),
        (
            dict(pattern="yearly", month=5, week_of_month=1, weekday=0),
            [date(2008, 5, 5), date(2009, 5, 4), date(2010, 5, 3)],
        ),
        (
            dict(pattern="daily", period=10),
            [date(2008, 1, 1), date(2008, 1, 11), date(2008, 1, 21)],
        ),
    ],
)
def test_recurring_patterns(rule: dict[str, int | str], expected: list[date]) -> None:
    rec = RecurringException("r", (), date(2008, 1, 1), occurrences=3, **rule)  # type: ignore[arg-type]
    assert list(rec.dates()) == expected


def test_twenty_four_hours_and_night_shift() -> None:
    day_and_night = WorkTime(twenty_four_hours_calendar())
    assert iso(day_and_night.add(dt("2008-03-08T20:00"), 480)) == "2008-03-09T04:00"
    night = WorkTime(night_shift_calendar())
    # Monday 23:00 start; 8 hours = 23:00-24:00, 00:00-03:00, 04:00-08:00 -> Tue 08:00
    assert iso(night.next_work_start(dt("2008-03-10T08:00"))) == "2008-03-10T23:00"
    assert iso(night.add(dt("2008-03-10T23:00"), 480)) == "2008-03-11T08:00"


def test_night_shift_weekend_gap() -> None:
    night = WorkTime(night_shift_calendar())
    # Fri 23:00 + 8h ends Sat 08:00; one more minute moves to Mon 23:00-23:01
    assert iso(night.add(dt("2008-03-14T23:00"), 480)) == "2008-03-15T08:00"
    assert iso(night.add(dt("2008-03-14T23:00"), 481)) == "2008-03-17T23:01"


def test_axis_grows_backwards_and_forwards() -> None:
    axis = WorkTime(standard_calendar())
    # 2,600 working days, counted independently with a weekday loop
    assert iso(axis.add(dt("2008-03-07T08:00"), 480 * 2600)) == "2018-02-22T17:00"
    assert iso(axis.add(dt("2008-03-07T08:00"), -480 * 2600)) == "1998-03-20T08:00"
    # conversions made before growth stay valid after it
    assert iso(axis.add(dt("2008-03-07T08:00"), 480)) == "2008-03-07T17:00"


def test_calendar_without_working_time_is_refused() -> None:
    holiday = Calendar("Closed", week={wd: () for wd in range(7)})
    axis = WorkTime(holiday)
    with pytest.raises(PlanError) as caught:
        axis.add(dt("2008-03-07T08:00"), 60)
    assert caught.value.code == "E_NO_WORKING_TIME"
    assert "'Closed'" in caught.value.message


def test_overlapping_hours_are_refused() -> None:
    with pytest.raises(PlanError) as caught:
        Calendar("Bad", week={0: ((480, 720), (700, 900))})
    assert caught.value.code == "E_BAD_CALENDAR"
    assert "monday" in caught.value.message


def test_very_long_plans_find_their_working_time() -> None:
    # 32 years of working days: the axis grows in steps and must not give up early.
    axis = WorkTime(standard_calendar())
    assert iso(axis.add(dt("2026-01-05T08:00"), 480 * 8320)) == "2057-11-23T17:00"


def test_a_fresh_axis_can_convert_indexes_first() -> None:
    axis = WorkTime(standard_calendar())
    assert iso(axis.end_of(axis.index_at(dt("2008-03-07T09:00")) + 60)) == "2008-03-07T10:00"
    fresh = WorkTime(standard_calendar())
    assert iso(fresh.start_of(0)) == iso(fresh.start_of(fresh.index_at(fresh.start_of(0))))


def test_dates_beyond_the_supported_range_are_an_error() -> None:
    axis = WorkTime(standard_calendar())
    with pytest.raises(PlanError) as caught:
        axis.add(dt("2008-03-07T08:00"), 480 * 260 * 8000)
    assert caught.value.code == "E_BAD_DATE"
