"""An iCalendar (RFC 5545) writer for meetings, by hand: one ``VCALENDAR`` of ``VEVENT``s.

Times are written in UTC (``19980118T230000Z``, RFC 5545 3.3.5 form 2), so no ``VTIMEZONE``
is needed and a meeting at 10:00 in London is 10:00Z in winter and 09:00Z in British Summer
Time. Text values are escaped (3.3.11), content lines are folded at 75 octets without splitting
a UTF-8 character (3.1), and every line ends in CRLF.

Pure: no Django. The caller supplies ``DTSTAMP`` (when the file was made), so the same input
always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_OCTETS = 75
CRLF = "\r\n"
STATUSES = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})


class ICalError(ValueError):
    """A value that cannot be written: ``code`` is stable, ``field`` names the value."""

    def __init__(self, code: str, field: str, message: str) -> None:
        self.code = code
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Event:
    """One meeting. ``start`` and ``end`` must be aware datetimes; ``uid`` must be globally
    unique and stable (the same meeting keeps it, so calendars update rather than duplicate)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"
    sequence: int = 0  # bump when the meeting changes, so clients take the new version


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks
    (CRLF, CR or LF) as ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded (RFC 5545 3.1): no physical line longer than 75 octets, each
    continuation starting with one space, never splitting a UTF-8 character. Ends in CRLF."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space is one octet
        current.append(char)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts) + CRLF


def format_utc(value: datetime, field: str) -> str:
    """``value`` in UTC, as ``YYYYMMDDTHHMMSSZ``; a naive datetime is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ICalError("naive_datetime", field, f"{value.isoformat()} has no time zone")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _check(event: Event) -> None:
    if not event.uid.strip():
        raise ICalError("required", "uid", "a UID is required")
    if any(c in event.uid for c in "\r\n"):
        raise ICalError("invalid", "uid", f"{event.uid!r} contains a line break")
    if event.status not in STATUSES:
        raise ICalError(
            "invalid", "status", f"{event.status!r} is not one of {', '.join(sorted(STATUSES))}"
        )
    format_utc(event.start, "start")
    format_utc(event.end, "end")
    if event.end <= event.start:
        raise ICalError(
            "invalid",
            "end",
            f"{event.end.isoformat()} is not after the start {event.start.isoformat()}",
        )
    if event.sequence < 0:
        raise ICalError("invalid", "sequence", f"{event.sequence} is negative")


def _event_lines(event: Event, stamp: str) -> Iterable[str]:
    _check(event)
    yield "BEGIN:VEVENT"
    yield f"UID:{event.uid}"
    yield f"DTSTAMP:{stamp}"
    yield f"DTSTART:{format_utc(event.start, 'start')}"
    yield f"DTEND:{format_utc(event.end, 'end')}"
    yield f"SEQUENCE:{event.sequence}"
    yield f"STATUS:{event.status}"
    yield f"SUMMARY:{escape_text(event.summary)}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    if event.description:
        yield f"DESCRIPTION:{escape_text(event.description)}"
    yield "END:VEVENT"


def write_calendar(
    events: Sequence[Event],
    *,
    stamp: datetime,
    prodid: str = "-//projectboard//board meetings//EN",
    name: str = "",
) -> str:
    """The ``VCALENDAR`` text holding ``events`` in the order given. ``stamp`` (aware) is
    every event's ``DTSTAMP``; ``name`` is shown by clients that read ``X-WR-CALNAME``."""
    stamp_text = format_utc(stamp, "stamp")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp_text))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
