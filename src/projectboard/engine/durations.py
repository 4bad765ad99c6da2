"""Durations and lags as MS Project writes them: ``3.33d``, ``2ed``, ``1w?``, ``-50%``.

A duration keeps its value and unit as typed (so it prints back the same) and converts to
whole minutes with the project's minutes per day / week and days per month, as MS Project
does. Elapsed units (``em``, ``eh``, ``ed``, ``ew``, ``emo``) are wall-clock minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from projectboard.engine.errors import E_BAD_DURATION, E_NEGATIVE_DURATION, PlanError

# Canonical unit -> accepted spellings (MS Project's English abbreviations).
_UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "m": ("m", "min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "dy", "dys", "day", "days"),
    "w": ("w", "wk", "wks", "week", "weeks"),
    "mo": ("mo", "mon", "mons", "month", "months"),
}
_UNITS = {spelling: unit for unit, names in _UNIT_SPELLINGS.items() for spelling in names}

ELAPSED_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200}

_NUMBER = r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+"
_DURATION_RE = re.compile(
    rf"^\s*(?P<sign>[-+]?)\s*(?P<value>{_NUMBER})\s*(?P<elapsed>e?)\s*(?P<unit>[a-z]*)\s*"
    r"(?P<estimated>\??)\s*$",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(rf"^\s*(?P<sign>[-+]?)\s*(?P<value>{_NUMBER})\s*%\s*$")


@dataclass(frozen=True)
class TimeSettings:
    """The project's conversion factors (MS Project defaults: 480, 2400, 20)."""

    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20

    def unit_minutes(self, unit: str, elapsed: bool) -> int:
        if elapsed:
            return ELAPSED_MINUTES[unit]
        return {
            "m": 1,
            "h": 60,
            "d": self.minutes_per_day,
            "w": self.minutes_per_week,
            "mo": self.minutes_per_day * self.days_per_month,
        }[unit]


@dataclass(frozen=True)
class Duration:
    """An amount of time as typed: value, unit, elapsed and estimated flags."""

    value: Decimal
    unit: str = "d"
    elapsed: bool = False
    estimated: bool = False

    @classmethod
    def of_minutes(cls, minutes: int, *, elapsed: bool = False) -> Duration:
        return cls(Decimal(minutes), "m", elapsed)

    def minutes(self, settings: TimeSettings) -> int:
        """Whole minutes, rounded half up (MS Project keeps dates to the minute)."""
        exact = self.value * settings.unit_minutes(self.unit, self.elapsed)
        return int(exact.to_integral_value(rounding=ROUND_HALF_UP))

    def __str__(self) -> str:
        text = _format_decimal(self.value)
        return f"{text}{'e' if self.elapsed else ''}{self.unit}{'?' if self.estimated else ''}"

    def __neg__(self) -> Duration:
        return Duration(-self.value, self.unit, self.elapsed, self.estimated)


@dataclass(frozen=True)
class PercentLag:
    """A lag in percent of the predecessor's duration (``+50%``)."""

    percent: Decimal

    def __str__(self) -> str:
        return f"{_format_decimal(self.percent)}%"


Lag = Duration | PercentLag

ZERO = Duration(Decimal(0), "d")


def _format_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=4096)  # plans repeat a few durations many times; Duration is immutable
def parse_duration(text: str, *, allow_negative: bool = False, field: str = "duration") -> Duration:
    """Parse ``3.33d``, ``1 day``, ``2ed``, ``45m``, ``3d?``; a bare number means days."""
    match = _DURATION_RE.match(str(text))
    unit_text = match.group("unit").lower() if match else ""
    if (
        not match
        or (unit_text and unit_text not in _UNITS)
        or (match.group("elapsed") and not unit_text)  # "2e": elapsed what?
    ):
        raise PlanError(
            E_BAD_DURATION,
            f"{field} {str(text)!r} is not a duration such as '5d', '3.5h', '2ed' or '1w?'",
            value=text,
        )
    try:
        value = Decimal(match.group("value"))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise PlanError(E_BAD_DURATION, f"{field} {text!r} is not a number", value=text) from exc
    if match.group("sign") == "-":
        if not allow_negative:
            raise PlanError(E_NEGATIVE_DURATION, f"{field} {str(text)!r} is negative", value=text)
        value = -value
    return Duration(
        value,
        _UNITS[unit_text] if unit_text else "d",
        bool(match.group("elapsed")),
        bool(match.group("estimated")),
    )


def parse_lag(text: str) -> Lag:
    """Parse a lag: a signed duration (``+2d``, ``-1.5d``, ``3ed``) or percent (``-50%``)."""
    match = _PERCENT_RE.match(text)
    if match:
        value = Decimal(match.group("value"))
        return PercentLag(-value if match.group("sign") == "-" else value)
    return parse_duration(text, allow_negative=True, field="lag")


def format_lag(lag: Lag) -> str:
    """``+2d``, ``-50%``; empty for no lag."""
    value = lag.percent if isinstance(lag, PercentLag) else lag.value
    if value == 0:
        return ""
    return f"+{lag}" if value > 0 else str(lag)
