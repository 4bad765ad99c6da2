"""Reading MS Project XML: safety, calendars, durations and lags, warnings."""

from __future__ import annotations

import copy
import io
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from projectboard.cli import main
from projectboard.engine import PlanError, schedule
from projectboard.engine.durations import Duration, PercentLag
from projectboard.interop.mspdi import read_mspdi, read_mspdi_bytes

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-mspdi"
NS = "http://schemas.microsoft.com/project"


def project(body: str) -> bytes:
    return f"""<?xml version="1.0"?>
<Project xmlns="{NS}"><Name>t</Name><StartDate>2008-03-03T08:00:00</StartDate>
<CalendarUID>1</CalendarUID><Calendars><Calendar><UID>1</UID><Name>Standard</Name>
<IsBaseCalendar>1</IsBaseCalendar><WeekDays>
<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
{
        "".join(
            f'''<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay>'''
            for d in range(2, 7)
        )
    }
<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
</WeekDays></Calendar></Calendars><Tasks>{body}</Tasks></Project>""".encode()


def task(uid: int, duration: str = "PT8H0M0S", extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>{duration}</Duration><DurationFormat>7</DurationFormat>{extra}</Task>"
    )


def link(pred: int, kind: int, lag: int = 0, fmt: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>"
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Project>&x;</Project>",
            "E_XML_UNSAFE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                for i in range(9)
            )
            + b"]><Project>&j;</Project>",
            "E_XML_UNSAFE",
        ),
        (b"<Project><Tasks>", "E_XML"),
        (b"<Plan/>", "E_XML"),
    ],
    ids=["external entity", "billion laughs", "not well-formed", "not a project"],
)
def test_hostile_or_broken_xml_is_refused_quickly(data: bytes, code: str) -> None:
    started = time.perf_counter()
    with pytest.raises(PlanError) as caught:
        read_mspdi_bytes(data, "evil.xml")
    assert caught.value.code == code
    assert caught.value.location.file == "evil.xml"
    assert time.perf_counter() - started < 1.0


def test_links_lags_and_formats() -> None:
    body = (
        task(1)
        + task(2, extra=link(1, 1, 9600))  # FS +2d
        + task(3, extra=link(1, 0, -50, 19))  # FF -50% (plain percent)
        + task(4, extra=link(1, 3, 14400, 8))  # SS +1ed
        + task(5, "PT26H38M24S", link(1, 2))  # SF, 3.33d
    )
    plan = read_mspdi_bytes(project(body)).plan
    links = {t.id: t.predecessors for t in plan.tasks}
    assert [(lk.predecessor, lk.type, lk.lag) for lk in links[2]] == [
        (1, "FS", Duration(Decimal(2), "d"))
    ]
    assert links[3][0].type == "FF" and links[3][0].lag == PercentLag(Decimal(-50))
    assert links[4][0].lag == Duration(Decimal(1), "d", elapsed=True)
    assert links[5][0].type == "SF"
    assert plan.tasks[4].duration == Duration(Decimal("3.33"), "d")
    assert schedule(plan).by_id()[2].start == datetime(2008, 3, 6, 8, 0)


def test_outline_constraints_blank_rows_and_project_summary() -> None:
    body = (
        "<Task><UID>0</UID><ID>0</ID><Name>t</Name><OutlineLevel>0</OutlineLevel></Task>"
        + task(1, extra="<Summary>1</Summary>").replace(
            "<OutlineLevel>1</OutlineLevel>", "<OutlineLevel>1</OutlineLevel>"
        )
        + task(2).replace("<OutlineLevel>1</OutlineLevel>", "<OutlineLevel>2</OutlineLevel>")
        + "<Task><UID>9</UID><ID>3</ID><IsNull>1</IsNull></Task>"
        + task(
            4,
            extra="<ConstraintType>4</ConstraintType><ConstraintDate>2008-03-10T08:00:00"
            "</ConstraintDate><Deadline>2008-03-10T17:00:00</Deadline>",
        )
    )
    plan = read_mspdi_bytes(project(body)).plan
    assert [(t.id, t.parent) for t in plan.tasks] == [(1, None), (2, 1), (4, None)]
    assert plan.tasks[2].constraint is not None
    assert (plan.tasks[2].constraint.type, plan.tasks[2].deadline) == (
        "SNET",
        datetime(2008, 3, 10, 17, 0),
    )


def test_task_data_not_modelled_is_one_warning_per_kind() -> None:
    body = (
        task(1, extra="<LevelingDelay>4800</LevelingDelay>")
        + task(2, extra="<Baseline><Number>0</Number></Baseline>")
        + task(3, extra="<ExtendedAttribute><FieldID>1</FieldID></ExtendedAttribute>")
        + task(4, extra="<Start>2008-03-03T08:00:00</Start><Finish>2008-03-05T17:00:00</Finish>")
    )
    imported = read_mspdi_bytes(project(body), "p.xml")
    assert [(w.code, w.message.split(" ", 1)[0]) for w in imported.warnings] == [
        ("W_LEVELING_DELAY", "1"),
        ("W_CUSTOM_FIELDS", "1"),
        ("W_SPLIT", "1"),
    ]


def test_unmodelled_things_are_warnings_with_lines() -> None:
    body = task(1, extra="<Active>0</Active>" + link(77, 1))
    imported = read_mspdi_bytes(project(body), "p.xml")
    # The task and its link sit on line 23 of the document built by ``project``.
    assert [(w.code, w.line) for w in imported.warnings] == [
        ("W_INACTIVE", 23),
        ("W_EXTERNAL_LINK", 23),
    ]
    assert imported.warnings[1].located("p.xml").startswith("p.xml:23: task 1 ('T1'): ")


def _one_exception_calendar(exception: etree._Element) -> bytes:
    doc = etree.fromstring(project(""))
    calendar = doc.find(f"{{{NS}}}Calendars/{{{NS}}}Calendar")
    assert calendar is not None
    wrapper = etree.SubElement(calendar, f"{{{NS}}}Exceptions")
    wrapper.append(copy.deepcopy(exception))
    return bytes(etree.tostring(doc))


RECURRING = (
    CORPUS
    / "msp/generated/calendar-recurring-exceptions"
    / ("calendar-recurring-exceptions-project2016-mspdi.xml")
)
EXCEPTIONS = etree.parse(str(RECURRING)).getroot().findall(f".//{{{NS}}}Exception")


@pytest.mark.parametrize(
    "exception", EXCEPTIONS, ids=[e.findtext(f"{{{NS}}}Name") for e in EXCEPTIONS]
)
def test_recurring_exceptions_expand_as_ms_project_saved_them(exception: etree._Element) -> None:
    # MS Project saved each series with its first and last dates and its count: ours must agree.
    calendar = read_mspdi_bytes(_one_exception_calendar(exception)).plan.calendars["Standard"]
    days = sorted(calendar.exceptions)
    period = exception.find(f"{{{NS}}}TimePeriod")
    assert period is not None
    last = date.fromisoformat(period.findtext(f"{{{NS}}}ToDate", "")[:10])
    assert (len(days), days[-1]) == (int(exception.findtext(f"{{{NS}}}Occurrences", "")), last)


def test_cli_schedules_ms_project_xml_with_warnings_on_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    path = CORPUS / "msp/mspdirelations.xml"
    assert main(["schedule", str(path), "--format", "csv"], out, err) == 0
    assert out.getvalue().splitlines()[1:3] == [
        "1,Task 1,1 d,21/09/06,21/09/06,",
        "2,Task 2,1 d,22/09/06,22/09/06,1",
    ]
    assert err.getvalue() == ""


def test_file_errors() -> None:
    with pytest.raises(PlanError) as caught:
        read_mspdi("/nonexistent/plan.xml")
    assert caught.value.code == "E_FILE"


def test_cli_schedules_an_mpp_file_through_mpxj() -> None:
    out, err = io.StringIO(), io.StringIO()
    path = CORPUS / "mpp/legacy/bug2.mpp"
    assert main(["schedule", str(path), "--format", "csv"], out, err) == 0
    assert out.getvalue().splitlines()[1:3] == [
        "1,T1,3 d,01/01/03,03/01/03,",
        "2,T2,3 d,06/01/03,08/01/03,1",
    ]
    # Warnings name the .mpp file, with no line (there are no lines in an .mpp file).
    lines = err.getvalue().splitlines()
    assert [line.rsplit("[", 1)[1] for line in lines] == ["W_RESOURCES]", "W_ASSIGNMENTS]"]
    assert lines[0].startswith(f"warning: {path}: 3 resources are not modelled yet")


def test_a_custom_wbs_code_is_kept_and_written_back() -> None:
    from projectboard.interop.mspdi_write import write_mspdi
    from projectboard.planfile import dump_plan, read_plan_text

    body = task(1, extra="<WBS>ICT-1.A</WBS><OutlineNumber>1</OutlineNumber>") + task(
        2, extra="<WBS>2</WBS><OutlineNumber>2</OutlineNumber>"
    )
    plan = read_mspdi_bytes(project(body)).plan
    assert [t.wbs for t in plan.tasks] == ["ICT-1.A", ""]  # "2" is just the outline number
    assert [t.wbs for t in read_mspdi_bytes(write_mspdi(plan)).plan.tasks] == ["ICT-1.A", ""]
    assert [t.wbs for t in read_plan_text(dump_plan(plan)).tasks] == ["ICT-1.A", ""]
