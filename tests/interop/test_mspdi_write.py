"""MSPDI writing: parse the XML back and check the values MS Project and MPXJ will read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from projectboard.engine import schedule
from projectboard.engine.calendar import Calendar, RecurringException, night_shift_calendar
from projectboard.engine.durations import Duration, PercentLag
from projectboard.engine.model import Constraint, Link, Plan, Task
from projectboard.engine.scheduler import Schedule
from projectboard.interop.mspdi_write import (
    format_duration,
    format_time,
    link_lag,
    write_mspdi,
)
from projectboard.planfile import read_plan_file, read_plan_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "shared-ict" / "plan.yaml"
CORPUS = ROOT / "tests" / "corpus"
NS = "http://schemas.microsoft.com/project"
P = {"p": NS}

# The order of Microsoft's schema (mspdi_pj12.xsd), as MS Project writes it.
PROJECT_ORDER = [
    "SaveVersion",
    "Name",
    "Title",
    "ScheduleFromStart",
    "StartDate",
    "FinishDate",
    "CalendarUID",
    "DefaultStartTime",
    "DefaultFinishTime",
    "MinutesPerDay",
    "MinutesPerWeek",
    "DaysPerMonth",
    "StatusDate",
    "Calendars",
    "Tasks",
]
TASK_ORDER = [
    "UID",
    "ID",
    "Name",
    "Manual",
    "WBS",
    "OutlineNumber",
    "OutlineLevel",
    "Start",
    "Finish",
    "Duration",
    "ManualStart",
    "ManualFinish",
    "ManualDuration",
    "DurationFormat",
    "Stop",
    "Resume",
    "Estimated",
    "Milestone",
    "Summary",
    "Critical",
    "EarlyStart",
    "EarlyFinish",
    "LateStart",
    "LateFinish",
    "FreeSlack",
    "TotalSlack",
    "PercentComplete",
    "ActualStart",
    "ActualFinish",
    "ActualDuration",
    "RemainingDuration",
    "ConstraintType",
    "CalendarUID",
    "ConstraintDate",
    "Deadline",
    "Notes",
    "PredecessorLink",
    "Baseline",
]
CALENDAR_ORDER = ["UID", "Name", "IsBaseCalendar", "BaseCalendarUID", "WeekDays", "Exceptions"]
EXCEPTION_ORDER = [
    "EnteredByOccurrences",
    "TimePeriod",
    "Occurrences",
    "Name",
    "Type",
    "DayWorking",
    "WorkingTimes",
]
STANDARD_TIMES = [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")]


def parse(data: bytes) -> Any:
    return etree.fromstring(data)


def local(element: Any) -> str:
    return str(etree.QName(element).localname)


def text(element: Any, path: str) -> str | None:
    value = element.findtext(path, namespaces=P)
    return None if value is None else str(value)


def tasks_by_uid(root: Any) -> dict[int, Any]:
    return {int(t.findtext("p:UID", namespaces=P)): t for t in root.iterfind(".//p:Task", P)}


def calendars_by_name(root: Any) -> dict[str, Any]:
    return {str(c.findtext("p:Name", namespaces=P)): c for c in root.iterfind(".//p:Calendar", P)}


def links(task: Any) -> list[tuple[str | None, ...]]:
    return [
        tuple(text(link, f"p:{tag}") for tag in ("PredecessorUID", "Type", "LinkLag", "LagFormat"))
        for link in task.iterfind("p:PredecessorLink", P)
    ]


def week(calendar: Any) -> dict[int, tuple[bool, list[tuple[str | None, str | None]]]]:
    out = {}
    for day in calendar.iterfind("p:WeekDays/p:WeekDay", P):
        times = [
            (text(t, "p:FromTime"), text(t, "p:ToTime"))
            for t in day.iterfind("p:WorkingTimes/p:WorkingTime", P)
        ]
        out[int(day.findtext("p:DayType", namespaces=P))] = (
            text(day, "p:DayWorking") == "1",
            times,
        )
    return out


def exceptions(calendar: Any) -> list[tuple[str | None, ...]]:
    return [
        (
            text(e, "p:TimePeriod/p:FromDate"),
            text(e, "p:TimePeriod/p:ToDate"),
            text(e, "p:Name"),
            text(e, "p:DayWorking"),
            ",".join(
                f"{text(t, 'p:FromTime')}-{text(t, 'p:ToTime')}"
                for t in e.iterfind("p:WorkingTimes/p:WorkingTime", P)
            ),
        )
        for e in calendar.iterfind("p:Exceptions/p:Exception", P)
    ]


def assert_ordered(element: Any, order: list[str]) -> None:
    positions = [order.index(local(child)) for child in element]
    assert positions == sorted(positions), [local(child) for child in element]


@pytest.fixture(scope="module")
def seed() -> tuple[Plan, Schedule, Any]:
    plan = read_plan_file(EXAMPLE)
    result = schedule(plan)
    return plan, result, parse(write_mspdi(plan, result))


def plan_of(yaml: str) -> tuple[Plan, Any]:
    plan = read_plan_text(yaml)
    return plan, parse(write_mspdi(plan, schedule(plan)))


# -- the seed plan ---------------------------------------------------------------------------
def test_declaration_namespace_and_project_fields(seed: tuple[Plan, Schedule, Any]) -> None:
    plan, _, root = seed
    data = write_mspdi(plan, schedule(plan))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    assert root.tag == f"{{{NS}}}Project"
    assert_ordered(root, PROJECT_ORDER)
    fields = {local(e): e.text for e in root if len(e) == 0}
    assert fields == {
        "SaveVersion": "14",
        "Name": "Allerdale–Carlisle Shared ICT Service – Business Case",
        "Title": "Allerdale–Carlisle Shared ICT Service – Business Case",
        "ScheduleFromStart": "1",
        "StartDate": "2008-03-07T08:00:00",
        "FinishDate": "2008-07-01T17:00:00",
        "CalendarUID": "1",
        "DefaultStartTime": "08:00:00",
        "DefaultFinishTime": "17:00:00",
        "MinutesPerDay": "480",
        "MinutesPerWeek": "2400",
        "DaysPerMonth": "20",
    }


def test_seed_has_the_project_summary_and_19_tasks(seed: tuple[Plan, Schedule, Any]) -> None:
    _, _, root = seed
    tasks = root.findall("p:Tasks/p:Task", P)
    assert len(tasks) == 20
    assert [text(t, "p:UID") for t in tasks] == [str(n) for n in range(20)]
    summary = tasks[0]
    assert [text(summary, f"p:{tag}") for tag in ("ID", "OutlineLevel", "Summary")] == [
        "0",
        "0",
        "1",
    ]
    assert text(summary, "p:Start") == "2008-03-07T08:00:00"
    assert text(summary, "p:Finish") == "2008-07-01T17:00:00"
    for task in tasks:
        assert_ordered(task, TASK_ORDER)


def test_seed_task_4(seed: tuple[Plan, Schedule, Any]) -> None:
    plan, _, root = seed
    task = tasks_by_uid(root)[4]
    assert plan.tasks[3].duration.minutes(plan.settings) == 1598  # 3.33d
    assert text(task, "p:Duration") == "PT26H38M0S"
    assert text(task, "p:DurationFormat") == "7"
    assert text(task, "p:Estimated") == "0"
    assert text(task, "p:ConstraintType") == "4"
    assert text(task, "p:ConstraintDate") == "2008-04-08T08:00:00"
    assert links(task) == [("2", "3", "0", "7")]
    link = task.find("p:PredecessorLink", P)
    assert [local(e) for e in link] == [
        "PredecessorUID",
        "Type",
        "CrossProject",
        "LinkLag",
        "LagFormat",
    ]
    assert text(link, "p:CrossProject") == "0"


def test_seed_task_5_constraint(seed: tuple[Plan, Schedule, Any]) -> None:
    task = tasks_by_uid(seed[2])[5]
    assert text(task, "p:ConstraintType") == "4"
    assert text(task, "p:ConstraintDate") == "2008-04-14T08:00:00"
    assert links(task) == [("4", "1", "0", "7")]
    assert text(tasks_by_uid(seed[2])[1], "p:ConstraintType") == "0"
    assert text(tasks_by_uid(seed[2])[1], "p:ConstraintDate") is None


def test_seed_dates_and_slack_equal_the_schedule(seed: tuple[Plan, Schedule, Any]) -> None:
    _, result, root = seed
    tasks = tasks_by_uid(root)
    for row in result.tasks:
        task = tasks[row.id]
        assert text(task, "p:Start") == row.start.isoformat()
        assert text(task, "p:Finish") == row.finish.isoformat()
        assert text(task, "p:EarlyStart") == row.early_start.isoformat()
        assert text(task, "p:LateFinish") == row.late_finish.isoformat()
        assert text(task, "p:TotalSlack") == str(row.total_float_minutes * 10)
        assert text(task, "p:FreeSlack") == str(row.free_float_minutes * 10)
        assert text(task, "p:Critical") == ("1" if row.critical else "0")
    assert text(tasks[4], "p:TotalSlack") == "8020"  # 802 working minutes
    assert text(tasks[4], "p:FreeSlack") == "3220"


def test_seed_standard_calendar(seed: tuple[Plan, Schedule, Any]) -> None:
    calendars = root_calendars = calendars_by_name(seed[2])
    assert list(root_calendars) == ["Standard"]
    standard = calendars["Standard"]
    assert_ordered(standard, CALENDAR_ORDER)
    assert text(standard, "p:UID") == "1"
    assert text(standard, "p:IsBaseCalendar") == "1"
    assert text(standard, "p:BaseCalendarUID") == "-1"
    assert week(standard) == {
        1: (False, []),
        2: (True, STANDARD_TIMES),
        3: (True, STANDARD_TIMES),
        4: (True, STANDARD_TIMES),
        5: (True, STANDARD_TIMES),
        6: (True, STANDARD_TIMES),
        7: (False, []),
    }
    assert standard.find("p:Exceptions", P) is None


def test_output_is_deterministic(seed: tuple[Plan, Schedule, Any]) -> None:
    plan, result, _ = seed
    assert write_mspdi(plan, result) == write_mspdi(plan, result)
    again = read_plan_file(EXAMPLE)
    assert write_mspdi(again, schedule(again)) == write_mspdi(plan, result)


# -- links, durations ------------------------------------------------------------------------
LAGS = """
project:
  name: Lags
  start: 2008-03-03
tasks:
  - {id: 1, name: Start, duration: 1d}
  - {id: 2, name: Two, duration: 2d, predecessors: 1}
  - {id: 3, name: Three, duration: 4d, predecessors: 1}
  - {id: 4, name: Four, duration: 2d, predecessors: 1}
  - {id: 5, name: FS plus 2d, duration: 1d, predecessors: 2FS+2d}
  - {id: 6, name: FF minus half, duration: 1d, predecessors: 3FF-50%}
  - {id: 7, name: SS plus 1ed, duration: 1d, predecessors: 4SS+1ed}
  - {id: 8, name: SF minus 1.5h, duration: 1d, predecessors: 2SF-1.5h}
  - {id: 9, name: Weeks, duration: 1d, predecessors: "5FS+1w?"}
"""


def test_link_lags_and_formats() -> None:
    _, root = plan_of(LAGS)
    tasks = tasks_by_uid(root)
    assert links(tasks[5]) == [("2", "1", "9600", "7")]
    # Percent: the percentage itself (see PERCENT_LAG_SCALE in mspdi_write).
    assert links(tasks[6]) == [("3", "0", "-50", "19")]
    assert links(tasks[7]) == [("4", "3", "14400", "8")]
    assert links(tasks[8]) == [("2", "2", "-900", "5")]
    assert links(tasks[9]) == [("5", "1", "24000", "41")]


def test_link_lag_function() -> None:
    plan = Plan("x")
    assert link_lag(PercentLag(Decimal("25")), plan.settings) == (25, 19)
    assert link_lag(PercentLag(Decimal("12.5")), plan.settings) == (13, 19)
    assert link_lag(Duration(Decimal("1"), "mo", elapsed=True), plan.settings) == (432000, 12)
    assert link_lag(Duration(Decimal("0.5"), "d"), plan.settings) == (2400, 7)


def test_duration_formats_and_elapsed_durations() -> None:
    _, root = plan_of(
        """
project: {name: Durations, start: 2008-03-03}
tasks:
  - {id: 1, name: Minutes, duration: 90m}
  - {id: 2, name: Hours, duration: 3h}
  - {id: 3, name: Elapsed day, duration: 1ed}
  - {id: 4, name: Estimated days, duration: 2d?}
  - {id: 5, name: Weeks, duration: 1w}
  - {id: 6, name: Elapsed months, duration: 1emo}
  - {id: 7, name: Months, duration: 1mo?}
  - {id: 8, name: Milestone, duration: 0d}
"""
    )
    tasks = tasks_by_uid(root)
    got = {
        uid: tuple(text(tasks[uid], f"p:{tag}") for tag in ("Duration", "DurationFormat"))
        for uid in range(1, 9)
    }
    assert got == {
        1: ("PT1H30M0S", "3"),
        2: ("PT3H0M0S", "5"),
        3: ("PT24H0M0S", "8"),
        4: ("PT16H0M0S", "39"),
        5: ("PT40H0M0S", "9"),
        6: ("PT720H0M0S", "12"),
        7: ("PT160H0M0S", "43"),
        8: ("PT0H0M0S", "7"),
    }
    assert text(tasks[4], "p:Estimated") == "1"
    assert text(tasks[8], "p:Milestone") == "1"
    assert text(tasks[1], "p:Milestone") == "0"


def test_formatting_helpers() -> None:
    assert format_duration(0) == "PT0H0M0S"
    assert format_duration(1598) == "PT26H38M0S"
    assert format_time(0) == "00:00:00"
    assert format_time(1440) == "00:00:00"
    assert format_time(23 * 60 + 30) == "23:30:00"


# -- outline ---------------------------------------------------------------------------------
def test_summaries_give_outline_numbers_and_levels() -> None:
    tasks = [
        Task(1, "Phase 1"),
        Task(2, "Stage 1.1", parent=1),
        Task(3, "Work 1.1.1", Duration(Decimal(2)), parent=2),
        Task(4, "Work 1.1.2", Duration(Decimal(1)), [Link(3)], parent=2),
        Task(5, "Work 1.2", Duration(Decimal(1)), parent=1),
        Task(6, "Phase 2"),
        Task(7, "Work 2.1", Duration(Decimal(3)), [Link(1)], parent=6),
        Task(8, "Alone", Duration(Decimal(1)), uid=80),
    ]
    plan = Plan("Outline", start=datetime(2008, 3, 3, 8), tasks=tasks)
    result = schedule(plan)
    root = parse(write_mspdi(plan, result))
    by_uid = tasks_by_uid(root)
    got = {
        uid: tuple(text(t, f"p:{tag}") for tag in ("OutlineNumber", "OutlineLevel", "Summary"))
        for uid, t in by_uid.items()
    }
    assert got == {
        0: ("0", "0", "1"),
        1: ("1", "1", "1"),
        2: ("1.1", "2", "1"),
        3: ("1.1.1", "3", "0"),
        4: ("1.1.2", "3", "0"),
        5: ("1.2", "2", "0"),
        6: ("2", "1", "1"),
        7: ("2.1", "2", "0"),
        80: ("3", "1", "0"),
    }
    assert text(by_uid[80], "p:ID") == "8"
    rows = result.by_id()
    assert text(by_uid[1], "p:Duration") == format_duration(rows[1].duration_minutes)
    assert text(by_uid[1], "p:Start") == "2008-03-03T08:00:00"
    assert text(by_uid[1], "p:Finish") == rows[1].finish.isoformat()
    assert text(by_uid[0], "p:Finish") == result.finish.isoformat()
    assert links(by_uid[7]) == [("1", "1", "0", "7")]


# -- calendars -------------------------------------------------------------------------------
def test_calendar_exceptions_are_grouped() -> None:
    _, root = plan_of(
        """
project: {name: Holidays, start: 2008-03-03, calendar: Office}
calendars:
  - name: Office
    base: Standard
    exceptions:
      - {name: Easter, from: 2008-03-21, to: 2008-03-24}
      - {name: Short day, date: 2008-03-26, hours: "08:00-12:00"}
      - {name: Short day, date: 2008-03-27, hours: "08:00-12:00"}
      - {name: Long day, date: 2008-03-28, hours: "08:00-12:00, 13:00-19:00"}
tasks:
  - {id: 1, name: Work, duration: 10d, calendar: Office}
"""
    )
    office = calendars_by_name(root)["Office"]
    assert text(office, "p:UID") == "1"
    assert text(office, "p:IsBaseCalendar") == "1"  # flattened: MS Project needs a base
    assert text(office, "p:BaseCalendarUID") == "-1"
    assert week(office)[2] == (True, STANDARD_TIMES)
    assert week(office)[7] == (False, [])
    assert exceptions(office) == [
        ("2008-03-21T00:00:00", "2008-03-24T23:59:00", "Nonworking", "0", ""),
        (
            "2008-03-26T00:00:00",
            "2008-03-27T23:59:00",
            "Changed working time",
            "1",
            "08:00:00-12:00:00",
        ),
        (
            "2008-03-28T00:00:00",
            "2008-03-28T23:59:00",
            "Changed working time",
            "1",
            "08:00:00-12:00:00,13:00:00-19:00:00",
        ),
    ]
    exception = office.find("p:Exceptions/p:Exception", P)
    assert_ordered(exception, EXCEPTION_ORDER)
    assert [text(exception, f"p:{tag}") for tag in ("EnteredByOccurrences", "Occurrences")] == [
        "0",
        "1",
    ]
    assert text(exception, "p:Type") == "1"
    assert text(tasks_by_uid(root)[1], "p:CalendarUID") == "1"
    assert text(calendars_by_name(root)["Standard"], "p:UID") == "2"


def test_derived_calendar_is_flattened_with_its_base_exceptions() -> None:
    plan = read_plan_file(CORPUS / "calendar_derived.yaml")
    root = parse(write_mspdi(plan, schedule(plan)))
    calendars = calendars_by_name(root)
    assert {name: text(c, "p:UID") for name, c in calendars.items()} == {
        "Short Fridays": "1",  # the project calendar comes first
        "Office": "2",
    }
    short = calendars["Short Fridays"]
    assert week(short)[6] == (True, [("08:00:00", "12:00:00")])
    assert week(short)[5] == (True, STANDARD_TIMES)  # Thursday, from Office
    assert week(short)[1] == (False, [])  # Office sets no Sunday: nonworking
    assert exceptions(short) == [
        ("2008-03-11T00:00:00", "2008-03-11T23:59:00", "Nonworking", "0", "")
    ]


def test_recurring_exceptions_are_expanded() -> None:
    plan = read_plan_file(CORPUS / "calendar_recurring.yaml")
    root = parse(write_mspdi(plan, schedule(plan)))
    found = exceptions(calendars_by_name(root)["Four-day week"])
    assert len(found) == 43  # every Friday from 2008-03-07 to 2008-12-26
    assert found[0] == ("2008-03-07T00:00:00", "2008-03-07T23:59:00", "Fridays off", "0", "")
    assert found[-1][1] == "2008-12-26T23:59:00"


def test_bank_holidays_cover_the_years_of_the_plan() -> None:
    plan = read_plan_file(CORPUS / "bank_holidays_uk.yaml")
    root = parse(write_mspdi(plan, schedule(plan)))
    found = exceptions(calendars_by_name(root)["UK"])
    days = [str(f[0])[:10] for f in found]
    assert days[:3] == ["2008-01-01", "2008-03-21", "2008-03-24"]
    assert "2008-05-05" in days and "2008-12-25" in days
    assert all(d.startswith("2008-") for d in days)
    assert all(f[3] == "0" for f in found)
    assert found[1][2] == "Good Friday"


def test_interval_ending_at_midnight_is_written_as_0000() -> None:
    night = night_shift_calendar()
    plan = Plan(
        "Nights",
        start=datetime(2008, 3, 3, 23),
        calendar="Night Shift",
        calendars={"Night Shift": night},
        tasks=[Task(1, "Shift", Duration(Decimal(1)))],
    )
    root = parse(write_mspdi(plan, schedule(plan)))
    monday = week(calendars_by_name(root)["Night Shift"])[2]
    assert monday == (True, [("23:00:00", "00:00:00")])


def test_calendar_built_in_code() -> None:
    base = Calendar("Base", week={wd: ((540, 1020),) if wd < 5 else () for wd in range(7)})
    child = Calendar(
        "Child",
        week={5: ((600, 720),)},
        exceptions={date(2009, 1, 2): ()},
        recurring=[
            RecurringException(
                "", ((600, 660),), date(2009, 1, 5), "weekly", occurrences=2, weekdays=(0,)
            )
        ],
        base=base,
    )
    plan = Plan(
        "Coded",
        start=datetime(2009, 1, 1, 9),
        calendar="Base",
        calendars={"Base": base, "Child": child},
        tasks=[Task(1, "Work", Duration(Decimal(3)), calendar="Child")],
    )
    root = parse(write_mspdi(plan, schedule(plan)))
    written = calendars_by_name(root)["Child"]
    assert week(written)[7] == (True, [("10:00:00", "12:00:00")])
    assert week(written)[2] == (True, [("09:00:00", "17:00:00")])
    assert exceptions(written) == [
        ("2009-01-02T00:00:00", "2009-01-02T23:59:00", "Nonworking", "0", ""),
        (
            "2009-01-05T00:00:00",
            "2009-01-05T23:59:00",
            "Changed working time",
            "1",
            "10:00:00-11:00:00",
        ),
        (
            "2009-01-12T00:00:00",
            "2009-01-12T23:59:00",
            "Changed working time",
            "1",
            "10:00:00-11:00:00",
        ),
    ]
    assert text(tasks_by_uid(root)[1], "p:CalendarUID") == "2"


# -- without a schedule, and other task fields ---------------------------------------------
def test_without_a_schedule_dates_are_left_out() -> None:
    plan = read_plan_file(CORPUS / "summary_rollup.yaml")
    root = parse(write_mspdi(plan))
    tasks = tasks_by_uid(root)
    for tag in ("Start", "Finish", "EarlyStart", "TotalSlack", "Critical"):
        assert root.find(f".//p:Task/p:{tag}", P) is None, tag
    assert text(tasks[1], "p:Duration") is None  # a summary has no duration of its own
    assert text(tasks[2], "p:Duration") == "PT16H0M0S"
    assert text(root, "p:StartDate") == "2008-03-03T08:00:00"
    assert text(root, "p:FinishDate") is None


def test_other_task_fields() -> None:
    plan = Plan(
        "Fields",
        start=datetime(2008, 3, 3, 8),
        status_date=datetime(2008, 3, 5, 17),
        tasks=[
            Task(
                1,
                "Done",
                Duration(Decimal(2)),
                deadline=datetime(2008, 3, 7, 17),
                actual_start=datetime(2008, 3, 3, 8),
                actual_finish=datetime(2008, 3, 4, 17),
                percent_complete=100,
                notes="Signed off\x07 by the board",
            ),
            Task(
                2,
                "Late",
                Duration(Decimal(1)),
                [Link(1)],
                constraint=Constraint("FNLT", datetime(2008, 3, 10, 17)),
            ),
            Task(
                3,
                "By hand",
                Duration(Decimal(1)),
                manual=True,
                start=datetime(2008, 3, 6, 8),
                finish=datetime(2008, 3, 6, 17),
            ),
            Task(4, "Alap", Duration(Decimal(1)), constraint=Constraint("ALAP")),
        ],
    )
    root = parse(write_mspdi(plan, schedule(plan)))
    assert text(root, "p:StatusDate") == "2008-03-05T17:00:00"
    tasks = tasks_by_uid(root)
    done = tasks[1]
    assert text(done, "p:PercentComplete") == "100"
    assert text(done, "p:ActualStart") == "2008-03-03T08:00:00"
    assert text(done, "p:ActualFinish") == "2008-03-04T17:00:00"
    assert text(done, "p:Deadline") == "2008-03-07T17:00:00"
    assert text(done, "p:Notes") == "Signed off by the board"
    assert text(tasks[2], "p:ConstraintType") == "7"
    assert text(tasks[2], "p:ConstraintDate") == "2008-03-10T17:00:00"
    assert text(tasks[4], "p:ConstraintType") == "1"
    manual = tasks[3]
    assert text(manual, "p:Manual") == "1"
    assert text(manual, "p:ManualStart") == "2008-03-06T08:00:00"
    assert text(manual, "p:ManualFinish") == "2008-03-06T17:00:00"
    for task in tasks.values():
        assert_ordered(task, TASK_ORDER)
    without = tasks_by_uid(parse(write_mspdi(plan)))[3]
    assert text(without, "p:Start") == "2008-03-06T08:00:00"  # a manual task's own dates


def test_schedule_from_finish() -> None:
    plan = read_plan_file(CORPUS / "schedule_from_finish.yaml")
    result = schedule(plan)
    root = parse(write_mspdi(plan, result))
    assert text(root, "p:ScheduleFromStart") == "0"
    assert text(root, "p:StartDate") == result.start.isoformat()
    assert plan.finish is not None
    assert text(root, "p:FinishDate") == plan.finish.isoformat()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_corpus_plan_writes_valid_ordered_xml(path: Path) -> None:
    plan = read_plan_file(path)
    result = schedule(plan)
    data = write_mspdi(plan, result)
    root = parse(data)
    assert_ordered(root, PROJECT_ORDER)
    assert len(root.findall("p:Tasks/p:Task", P)) == len(plan.tasks) + 1
    for task in root.iterfind("p:Tasks/p:Task", P):
        assert_ordered(task, TASK_ORDER)
    for calendar in root.iterfind("p:Calendars/p:Calendar", P):
        assert_ordered(calendar, CALENDAR_ORDER)
    assert data == write_mspdi(plan, result)
