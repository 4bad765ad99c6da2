from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from projectboard.engine.durations import ZERO, Duration, PercentLag
from projectboard.engine.errors import PlanError
from projectboard.engine.model import Link
from projectboard.planfile.syntax import format_predecessors, parse_datetime, parse_predecessors


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("2", [Link(2)]),
        ("2SS", [Link(2, "SS")]),
        ("5FS+2d", [Link(5, "FS", Duration(Decimal(2)))]),
        ("3ff-50%", [Link(3, "FF", PercentLag(Decimal(-50)))]),
        ("4SF", [Link(4, "SF")]),
        ("7,8,11", [Link(7), Link(8), Link(11)]),
        ("2SS+1.5ed; 3", [Link(2, "SS", Duration(Decimal("1.5"), "d", True)), Link(3)]),
        ("", []),
    ],
)
def test_predecessor_lists(text: str, links: list[Link]) -> None:
    assert parse_predecessors(text) == links


def test_predecessors_print_as_ms_project_writes_them() -> None:
    text = "2,2SS,5FS+2d,3FF-1.5d,4SF,6FS+50%,7SS+2ed"
    assert format_predecessors(parse_predecessors(text)) == text
    assert format_predecessors([Link(1, "FS", ZERO)]) == "1"


@pytest.mark.parametrize("text", ["two", "2XX", "2+1d", "2FS+", "2FS+2q", "-3"])
def test_bad_predecessors(text: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_predecessors(text)
    assert caught.value.code == "E_BAD_PREDECESSOR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008-04-08", datetime(2008, 4, 8, 8, 0)),
        ("2008-04-08 13:30", datetime(2008, 4, 8, 13, 30)),
        ("2008-04-08T17:00", datetime(2008, 4, 8, 17, 0)),
        ("2008-02-29", datetime(2008, 2, 29, 8, 0)),
    ],
)
def test_dates(text: str, expected: datetime) -> None:
    assert parse_datetime(text, default_time=480) == expected


@pytest.mark.parametrize("text", ["08/04/2008", "2008-02-30", "2008-04-08 25:00", "soon"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_datetime(text, default_time=480)
    assert caught.value.code == "E_BAD_DATE"
