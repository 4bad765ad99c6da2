"""MS Project's text forms: predecessor lists (``2SS, 5FS+2d, 3FF-50%``) and dates."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from projectboard.engine.durations import ZERO, format_lag, parse_lag
from projectboard.engine.errors import E_BAD_CONSTRAINT, E_BAD_DATE, E_BAD_PREDECESSOR, PlanError
from projectboard.engine.model import CONSTRAINT_TYPES, DATED_CONSTRAINTS, Constraint, Link

_LINK_RE = re.compile(
    r"^\s*(?P<id>[0-9]+)\s*(?P<type>FS|SS|FF|SF)?\s*(?P<lag>[-+].*)?$", re.IGNORECASE
)


def parse_predecessors(text: str | int | None) -> list[Link]:
    """``"2SS, 5FS+2d"`` -> links. A bare ID is finish-to-start with no lag."""
    if text is None:
        return []
    links: list[Link] = []
    for part in str(text).replace(";", ",").split(","):
        if not part.strip():
            continue
        match = _LINK_RE.match(part)
        if not match or (match.group("lag") and not match.group("type")):
            raise PlanError(
                E_BAD_PREDECESSOR,
                f"predecessor {part.strip()!r} is not like '2', '2SS', '5FS+2d' or '3FF-50%'",
                value=part.strip(),
            )
        lag_text = match.group("lag")
        try:
            lag = parse_lag(lag_text.replace(" ", "")) if lag_text else ZERO
        except PlanError as exc:
            raise PlanError(
                E_BAD_PREDECESSOR,
                f"predecessor {part.strip()!r}: {exc.message}",
                value=part.strip(),
            ) from exc
        links.append(Link(int(match.group("id")), (match.group("type") or "FS").upper(), lag))
    return links


def format_link(link: Link) -> str:
    lag = format_lag(link.lag)
    if link.type == "FS" and not lag:
        return str(link.predecessor)
    return f"{link.predecessor}{link.type}{lag}"


def format_predecessors(links: list[Link]) -> str:
    return ",".join(format_link(link) for link in links)


_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::00)?)?\s*$")


def parse_datetime(text: str, *, default_time: int, field: str = "date") -> datetime:
    """``2008-04-08`` (at ``default_time`` minutes after midnight) or ``2008-04-08 13:00``."""
    match = _DATE_RE.match(str(text))
    try:
        if not match:
            raise ValueError
        y, m, d, hh, mm = match.groups()
        day = date(int(y), int(m), int(d))
        if hh is None:
            return datetime.combine(day, time(default_time // 60, default_time % 60))
        return datetime.combine(day, time(int(hh), int(mm)))
    except ValueError:
        raise PlanError(
            E_BAD_DATE,
            f"{field} {str(text)!r} is not a date like 2008-04-08 or 2008-04-08 13:00",
            value=text,
        ) from None


def format_datetime(value: datetime, *, default_time: int | None = None) -> str:
    """The inverse of ``parse_datetime``: the time is left out when it is the default."""
    if default_time is not None and value.hour * 60 + value.minute == default_time:
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M")


def parse_time_of_day(text: str, *, field: str) -> int:
    match = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", str(text))
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise PlanError(E_BAD_DATE, f"{field} {str(text)!r} is not a time like 08:00", value=text)
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > 1440:
        raise PlanError(E_BAD_DATE, f"{field} {str(text)!r} is after 24:00", value=text)
    return minutes


FINISH_CONSTRAINTS = frozenset({"FNET", "FNLT", "MFO"})  # their dates default to the finish time


def parse_constraint(text: str, *, start_time: int, finish_time: int) -> Constraint | None:
    """``""`` (none), ``ASAP``, ``ALAP`` or a dated type: ``SNET 2008-04-08``,
    ``MFO 2008-06-06 12:00``; a bare date takes the default start or finish time."""
    if not text.strip():
        return None
    kind, _, rest = text.strip().partition(" ")
    kind = kind.upper()
    if kind not in CONSTRAINT_TYPES:
        raise PlanError(
            E_BAD_CONSTRAINT,
            f"constraint {text!r}: type must be one of {', '.join(CONSTRAINT_TYPES)}",
            value=text,
        )
    if kind not in DATED_CONSTRAINTS:
        if rest.strip():
            raise PlanError(
                E_BAD_CONSTRAINT, f"constraint {text!r}: {kind} takes no date", value=text
            )
        return Constraint(kind)
    if not rest.strip():
        raise PlanError(
            E_BAD_CONSTRAINT,
            f"constraint {text!r}: {kind} needs a date, as in '{kind} 2008-04-08'",
            value=text,
        )
    default = finish_time if kind in FINISH_CONSTRAINTS else start_time
    return Constraint(kind, parse_datetime(rest, default_time=default, field="constraint date"))


def format_constraint(constraint: Constraint | None, *, start_time: int, finish_time: int) -> str:
    """The inverse of ``parse_constraint``; ``""`` for none or ASAP."""
    if constraint is None or constraint.type == "ASAP":
        return ""
    if constraint.date is None:
        return constraint.type
    default = finish_time if constraint.type in FINISH_CONSTRAINTS else start_time
    return f"{constraint.type} {format_datetime(constraint.date, default_time=default)}"
