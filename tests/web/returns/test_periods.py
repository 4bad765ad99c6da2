"""The pure rules: working days, reporting periods and the schedule's suggested RAG."""

from __future__ import annotations

from datetime import date

import pytest

from projectboard.engine.periods import (
    E_BAD_CADENCE,
    E_BAD_TOLERANCE,
    Period,
    PeriodError,
    Suggestion,
    add_working_days,
    periods_until,
    suggested_rag,
    working_days_after,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2008-03-20", 2, "2008-03-24"),  # Thursday + 2: over the weekend to Monday
        ("2008-03-21", 1, "2008-03-24"),  # Friday + 1: Monday
        ("2008-03-22", 1, "2008-03-24"),  # Saturday + 1: Monday
        ("2008-03-23", 0, "2008-03-23"),  # + 0: the day itself, even a Sunday
        ("2008-02-28", 2, "2008-03-03"),  # Thursday over a leap day (a Friday) to Monday
        ("2008-12-31", 2, "2009-01-02"),  # year end (no holidays on the Standard calendar)
        ("2008-03-27", 10, "2008-04-10"),  # two whole weeks
    ],
)
def test_add_working_days(day: str, n: int, expected: str) -> None:
    assert add_working_days(D(day), n) == D(expected)


@pytest.mark.parametrize(
    ("due", "finish", "expected"),
    [
        ("2008-06-06", "2008-06-06", 0),  # the same day
        ("2008-06-06", "2008-06-05", 0),  # early
        ("2008-06-06", "2008-06-07", 0),  # Friday to Saturday: no working day
        ("2008-06-06", "2008-06-09", 1),  # Friday to Monday
        ("2008-06-06", "2008-06-13", 5),  # one week
        ("2008-06-06", "2008-06-20", 10),  # two weeks
        ("2008-06-06", "2008-06-23", 11),
        ("2008-06-06", "2008-06-27", 15),  # WP-HR in the seed plan
        ("2008-06-30", "2008-07-01", 1),  # WP-BC over a month end
        ("2008-02-28", "2008-03-03", 2),  # over a leap day
        ("2008-12-31", "2009-01-01", 1),  # over a year end
    ],
)
def test_working_days_after(due: str, finish: str, expected: int) -> None:
    assert working_days_after(D(due), D(finish)) == expected


@pytest.mark.parametrize(
    ("finish", "due", "tolerance", "expected"),
    [
        ("2008-06-06", "2008-06-06", 10, Suggestion("green", 0)),  # on the due date
        ("2008-05-14", "2008-06-06", 10, Suggestion("green", 0)),  # early
        ("2008-06-09", "2008-06-06", 10, Suggestion("amber", 1)),  # one day late
        ("2008-06-20", "2008-06-06", 10, Suggestion("amber", 10)),  # exactly the tolerance
        ("2008-06-23", "2008-06-06", 10, Suggestion("red", 11)),  # one day beyond it
        ("2008-06-27", "2008-06-06", 10, Suggestion("red", 15)),  # WP-HR
        ("2008-06-09", "2008-06-06", 0, Suggestion("red", 1)),  # no tolerance at all
        ("2008-06-07", "2008-06-06", 0, Suggestion("amber", 0)),  # late, on a weekend
        ("2008-07-01", "2008-06-30", 10, Suggestion("amber", 1)),  # WP-BC
    ],
)
def test_suggested_rag(finish: str, due: str, tolerance: int, expected: Suggestion) -> None:
    got = suggested_rag(forecast_finish=D(finish), due=D(due), tolerance_days=tolerance)
    assert got == expected


def test_no_suggestion_without_a_due_date_or_a_forecast() -> None:
    assert suggested_rag(forecast_finish=D("2008-06-30"), due=None, tolerance_days=10) is None
    assert suggested_rag(forecast_finish=None, due=D("2008-06-30"), tolerance_days=10) is None


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(PeriodError) as caught:
        suggested_rag(forecast_finish=None, due=None, tolerance_days=-1)
    assert caught.value.code == E_BAD_TOLERANCE
    assert caught.value.message == "time tolerance -1: must be 0 or more working days"


def test_fortnightly_periods_from_the_seed_start() -> None:
    assert periods_until(D("2008-03-07"), 14, D("2008-04-18")) == [
        Period(1, D("2008-03-07"), D("2008-03-20"), D("2008-03-24")),
        Period(2, D("2008-03-21"), D("2008-04-03"), D("2008-04-07")),
        Period(3, D("2008-04-04"), D("2008-04-17"), D("2008-04-21")),
        Period(4, D("2008-04-18"), D("2008-05-01"), D("2008-05-05")),
    ]


@pytest.mark.parametrize(
    ("until", "count"),
    [
        ("2008-03-06", 0),  # before the start
        ("2008-03-07", 1),  # the first day
        ("2008-03-20", 1),  # the last day of period 1
        ("2008-03-21", 2),  # the first day of period 2
    ],
)
def test_periods_up_to_the_one_containing_until(until: str, count: int) -> None:
    assert len(periods_until(D("2008-03-07"), 14, D(until))) == count


def test_periods_continue_from_a_later_number_with_another_cadence() -> None:
    assert periods_until(D("2008-05-02"), 7, D("2008-05-09"), first_number=5) == [
        Period(5, D("2008-05-02"), D("2008-05-08"), D("2008-05-12")),
        Period(6, D("2008-05-09"), D("2008-05-15"), D("2008-05-19")),
    ]


def test_a_weekly_cadence_ending_on_a_friday_is_due_on_tuesday() -> None:
    assert periods_until(D("2008-03-03"), 5, D("2008-03-03")) == [
        Period(1, D("2008-03-03"), D("2008-03-07"), D("2008-03-11")),
    ]


def test_a_cadence_below_one_day_is_refused() -> None:
    with pytest.raises(PeriodError) as caught:
        periods_until(D("2008-03-07"), 0, D("2008-04-01"))
    assert caught.value.code == E_BAD_CADENCE
    assert caught.value.message == "reporting cadence 0: must be at least 1 day"
