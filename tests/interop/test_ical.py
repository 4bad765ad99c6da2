"""The iCalendar writer: escaping, folding at 75 octets, CRLF, UTC times across BST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from projectboard.interop.ical import Event, ICalError, escape_text, fold, write_calendar

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2008, 3, 17, 12, 0, tzinfo=UTC)


def test_one_meeting_is_a_whole_calendar_in_crlf_lines() -> None:
    event = Event(
        uid="board-meeting-7@projectboard",
        start=datetime(2008, 3, 19, 10, 0, tzinfo=LONDON),
        end=datetime(2008, 3, 19, 12, 0, tzinfo=LONDON),
        summary="Project board 1",
        location="Allerdale House, Workington",
    )
    text = write_calendar([event], stamp=STAMP, name="Shared ICT board")
    assert text == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//projectboard//board meetings//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Shared ICT board\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:board-meeting-7@projectboard\r\n"
        "DTSTAMP:20080317T120000Z\r\n"
        "DTSTART:20080319T100000Z\r\n"
        "DTEND:20080319T120000Z\r\n"
        "SEQUENCE:0\r\n"
        "STATUS:CONFIRMED\r\n"
        "SUMMARY:Project board 1\r\n"
        "LOCATION:Allerdale House\\, Workington\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2008, 3, 28, 10, 0), "20080328T100000Z"),  # GMT, the Friday before the change
        (datetime(2008, 3, 31, 10, 0), "20080331T090000Z"),  # BST began Sunday 30 March 2008
        (datetime(2008, 10, 24, 10, 0), "20081024T090000Z"),  # still BST
        (datetime(2008, 10, 27, 10, 0), "20081027T100000Z"),  # GMT from Sunday 26 October
        (datetime(2008, 12, 31, 23, 30), "20081231T233000Z"),  # year end in GMT
    ],
)
def test_london_times_are_written_in_utc_across_summer_time(local: datetime, utc: str) -> None:
    start = local.replace(tzinfo=LONDON)
    end = start.replace(minute=45) if start.minute < 45 else start.replace(hour=23, minute=59)
    text = write_calendar([Event("u@x", start, end, "Board")], stamp=STAMP)
    assert f"\r\nDTSTART:{utc}\r\n" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("line 1\nline 2", "line 1\\nline 2"),
        ("crlf\r\nand cr\r", "crlf\\nand cr\\n"),
        ("colon: stays", "colon: stays"),
    ],
)
def test_text_is_escaped(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_a_short_line_is_not_folded() -> None:
    assert fold("SUMMARY:" + "x" * 67) == "SUMMARY:" + "x" * 67 + "\r\n"  # 75 octets


def test_a_long_line_is_folded_at_75_octets() -> None:
    line = "DESCRIPTION:" + "a" * 200
    folded = fold(line)
    physical = folded.split("\r\n")[:-1]
    assert [len(p.encode()) for p in physical] == [75, 75, 1 + 212 - 75 - 74]
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_folding_never_splits_a_utf8_character() -> None:
    line = "SUMMARY:" + "£" * 40  # 8 + 80 octets: the 34th pound sign would cross octet 75
    physical = fold(line).split("\r\n")[:-1]
    assert [len(p.encode()) for p in physical] == [74, 15]
    assert physical == ["SUMMARY:" + "£" * 33, " " + "£" * 7]
    for p in physical:
        p.encode().decode("utf-8")  # each physical line is whole UTF-8 on its own


def test_every_line_of_a_long_calendar_fits() -> None:
    event = Event(
        uid="u@x",
        start=datetime(2008, 4, 16, 10, 0, tzinfo=LONDON),
        end=datetime(2008, 4, 16, 12, 0, tzinfo=LONDON),
        summary="Options appraisal stop/go – Allerdale and Carlisle, ratification",
        description="Agenda:\n1. Apologies\n2. Highlight report; options, costs and risks\n" * 3,
    )
    text = write_calendar([event], stamp=STAMP)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode()) for line in text.split("\r\n")) == 75


def test_events_keep_their_order_and_share_the_stamp() -> None:
    a = Event(
        "a@x",
        datetime(2008, 5, 21, 10, tzinfo=LONDON),
        datetime(2008, 5, 21, 12, tzinfo=LONDON),
        "A",
    )
    b = Event(
        "b@x",
        datetime(2008, 4, 16, 10, tzinfo=LONDON),
        datetime(2008, 4, 16, 12, tzinfo=LONDON),
        "B",
        status="TENTATIVE",
        sequence=2,
    )
    text = write_calendar([a, b], stamp=STAMP)
    assert text.index("UID:a@x") < text.index("UID:b@x")
    assert text.count("DTSTAMP:20080317T120000Z") == 2
    assert "SEQUENCE:2\r\nSTATUS:TENTATIVE\r\n" in text


@pytest.mark.parametrize(
    ("event", "code", "field"),
    [
        (
            Event(
                " ", datetime(2008, 1, 1, 10, tzinfo=UTC), datetime(2008, 1, 1, 11, tzinfo=UTC), "s"
            ),
            "required",
            "uid",
        ),
        (
            Event("u", datetime(2008, 1, 1, 10), datetime(2008, 1, 1, 11), "s"),
            "naive_datetime",
            "start",
        ),
        (
            Event(
                "u", datetime(2008, 1, 1, 10, tzinfo=UTC), datetime(2008, 1, 1, 10, tzinfo=UTC), "s"
            ),
            "invalid",
            "end",
        ),
        (
            Event(
                "u",
                datetime(2008, 1, 1, 10, tzinfo=UTC),
                datetime(2008, 1, 1, 11, tzinfo=UTC),
                "s",
                status="MAYBE",
            ),
            "invalid",
            "status",
        ),
        (
            Event(
                "u\r\nX:1",
                datetime(2008, 1, 1, 10, tzinfo=UTC),
                datetime(2008, 1, 1, 11, tzinfo=UTC),
                "s",
            ),
            "invalid",
            "uid",
        ),
    ],
)
def test_bad_events_are_refused_naming_the_field(event: Event, code: str, field: str) -> None:
    with pytest.raises(ICalError) as caught:
        write_calendar([event], stamp=STAMP)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert str(caught.value).startswith(f"{field}: ")


def test_a_naive_stamp_is_refused() -> None:
    with pytest.raises(ICalError) as caught:
        write_calendar([], stamp=datetime(2008, 3, 17, 12, 0))
    assert str(caught.value) == "stamp: 2008-03-17T12:00:00 has no time zone"
