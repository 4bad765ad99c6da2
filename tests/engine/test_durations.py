from __future__ import annotations

from decimal import Decimal

import pytest

from projectboard.engine.durations import (
    Duration,
    PercentLag,
    TimeSettings,
    format_lag,
    parse_duration,
    parse_lag,
)
from projectboard.engine.errors import PlanError

DEFAULT = TimeSettings()
SEVEN_AND_A_HALF = TimeSettings(minutes_per_day=450, minutes_per_week=2250, days_per_month=20)


@pytest.mark.parametrize(
    ("text", "minutes", "elapsed", "estimated", "printed"),
    [
        ("1 d", 480, False, False, "1d"),
        ("3.33 d", 1598, False, False, "3.33d"),  # 1598.4 rounds to the minute
        ("17.7d", 8496, False, False, "17.7d"),
        ("31.13 days", 14942, False, False, "31.13d"),
        ("4.5", 2160, False, False, "4.5d"),  # a bare number is days
        ("90m", 90, False, False, "90m"),
        ("2 hrs", 120, False, False, "2h"),
        ("1w", 2400, False, False, "1w"),
        ("1mo", 9600, False, False, "1mo"),
        ("3d?", 1440, False, True, "3d?"),
        ("2ed", 2880, True, False, "2ed"),
        ("1ew", 10080, True, False, "1ew"),
        ("1emo", 43200, True, False, "1emo"),
        ("12eh", 720, True, False, "12eh"),
        ("0d", 0, False, False, "0d"),
    ],
)
def test_parse_duration(
    text: str, minutes: int, elapsed: bool, estimated: bool, printed: str
) -> None:
    duration = parse_duration(text)
    assert duration.minutes(DEFAULT) == minutes
    assert (duration.elapsed, duration.estimated) == (elapsed, estimated)
    assert str(duration) == printed
    assert parse_duration(str(duration)) == duration


def test_project_factors_change_days_weeks_and_months() -> None:
    assert parse_duration("10d").minutes(SEVEN_AND_A_HALF) == 4500
    assert parse_duration("1w").minutes(SEVEN_AND_A_HALF) == 2250
    assert parse_duration("1mo").minutes(SEVEN_AND_A_HALF) == 9000
    assert parse_duration("1ed").minutes(SEVEN_AND_A_HALF) == 1440


@pytest.mark.parametrize("text", ["", "d", "5x", "1.2.3d", "five days", "5 dd", "2e"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_duration(text)
    assert caught.value.code == "E_BAD_DURATION"
    assert repr(text) in caught.value.message


def test_negative_duration_has_its_own_code() -> None:
    with pytest.raises(PlanError) as caught:
        parse_duration("-2d")
    assert caught.value.code == "E_NEGATIVE_DURATION"


@pytest.mark.parametrize(
    ("text", "lag", "printed"),
    [
        ("+2d", Duration(Decimal(2), "d"), "+2d"),
        ("-1.5d", Duration(Decimal("-1.5"), "d"), "-1.5d"),
        ("+3ed", Duration(Decimal(3), "d", elapsed=True), "+3ed"),
        ("-50%", PercentLag(Decimal(-50)), "-50%"),
        ("+25%", PercentLag(Decimal(25)), "+25%"),
        ("0d", Duration(Decimal(0), "d"), ""),
    ],
)
def test_parse_and_format_lag(text: str, lag: object, printed: str) -> None:
    assert parse_lag(text) == lag
    assert format_lag(parse_lag(text)) == printed
