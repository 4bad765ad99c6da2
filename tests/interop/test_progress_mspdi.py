"""Progress and baselines in MS Project XML: read, written, read back, and read by MPXJ."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from projectboard.engine import schedule
from projectboard.engine.baselines import save_baseline
from projectboard.engine.durations import parse_duration
from projectboard.engine.model import BaselineTask
from projectboard.interop.mpp import _started
from projectboard.interop.mspdi import read_mspdi, read_mspdi_bytes
from projectboard.interop.mspdi_write import write_mspdi
from projectboard.planfile import read_plan_text

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-mspdi"
P = {"p": "http://schemas.microsoft.com/project"}
PLAN = """\
project:
  name: Demo
  start: 2008-03-03
  status_date: 2008-03-07
tasks:
  - {id: 1, name: Design, duration: 3d, actual_start: 2008-03-03, actual_finish: 2008-03-05}
  - id: 2
    name: Build
    duration: 4d
    predecessors: 1
    actual_start: 2008-03-06
    remaining: 3d
    resume: 2008-03-10
  - {id: 3, name: Docs, duration: 2d, predecessors: 2}
"""


def tracked() -> Any:
    plan = read_plan_text(PLAN, "plan.yaml")
    first = schedule(plan)
    return save_baseline(save_baseline(plan, first, 0), first, 4)


def test_baselines_of_a_file_ms_project_saved() -> None:
    plan = read_mspdi(CORPUS / "mpxj-converted" / "mpp14baseline.mpp.xml").plan
    assert list(plan.baselines) == [0]
    # Subtask 2 (ID 3) was planned 29/08-01/09 (4 d) and done 30/08-05/09.
    assert plan.baselines[0][3] == BaselineTask(
        datetime(2006, 8, 29, 8), datetime(2006, 9, 1, 17), parse_duration("4d")
    )
    subtask4 = next(t for t in plan.tasks if t.id == 5)
    assert (subtask4.remaining, subtask4.resume) == (parse_duration("5d"), datetime(2006, 9, 5, 8))


def test_progress_is_written_as_ms_project_writes_it() -> None:
    plan = tracked()
    root = etree.fromstring(write_mspdi(plan, schedule(plan)))
    assert root.findtext("p:StatusDate", namespaces=P) == "2008-03-07T17:00:00"
    build = root.find("p:Tasks/p:Task[p:UID='2']", P)
    assert build is not None
    fields = {
        tag: build.findtext(f"p:{tag}", namespaces=P)
        for tag in (
            "Start",
            "Finish",
            "Stop",
            "Resume",
            "PercentComplete",
            "ActualStart",
            "ActualDuration",
            "RemainingDuration",
        )
    }
    # 1 d done on Thu 06/03 (25%), split: the other 3 d resume Mon 10/03, finish Wed 12/03.
    assert fields == {
        "Start": "2008-03-06T08:00:00",
        "Finish": "2008-03-12T17:00:00",
        "Stop": "2008-03-06T17:00:00",
        "Resume": "2008-03-10T08:00:00",
        "PercentComplete": "25",
        "ActualStart": "2008-03-06T08:00:00",
        "ActualDuration": "PT8H0M0S",
        "RemainingDuration": "PT24H0M0S",
    }
    baselines = [
        [
            child.findtext(f"p:{tag}", namespaces=P)
            for tag in ("Number", "Start", "Finish", "Duration")
        ]
        for child in build.iterfind("p:Baseline", P)
    ]
    assert baselines == [
        ["0", "2008-03-06T08:00:00", "2008-03-12T17:00:00", "PT32H0M0S"],
        ["4", "2008-03-06T08:00:00", "2008-03-12T17:00:00", "PT32H0M0S"],
    ]
    # The project summary rolls up: 4 d done (Design 3 d, Build 1 d) of 9 d is 44%.
    summary = root.find("p:Tasks/p:Task[p:UID='0']", P)
    assert summary is not None and summary.findtext("p:PercentComplete", namespaces=P) == "44"


def test_round_trip_through_xml() -> None:
    plan = tracked()
    back = read_mspdi_bytes(write_mspdi(plan, schedule(plan)), "plan.xml").plan
    assert back.status_date == plan.status_date
    assert back.baselines == plan.baselines
    ours = {t.id: t for t in plan.tasks}
    for task in back.tasks:
        mine = ours[task.id]
        assert (task.actual_start, task.actual_finish, task.resume) == (
            mine.actual_start,
            mine.actual_finish,
            mine.resume,
        )
    assert back.tasks[1].remaining == parse_duration("3d")
    assert [r.finish for r in schedule(back).tasks] == [r.finish for r in schedule(plan).tasks]


def test_mpxj_reads_our_progress_and_baselines(tmp_path: Path) -> None:
    plan = tracked()
    target = tmp_path / "plan.xml"
    target.write_bytes(write_mspdi(plan, schedule(plan)))
    _jpype, reader, _writer = _started()
    project = reader().read(str(target))
    build = next(t for t in project.getTasks() if t.getID() is not None and int(t.getID()) == 2)
    assert str(project.getProjectProperties().getStatusDate().toString())[:16] == "2008-03-07T17:00"
    assert float(build.getPercentageComplete()) == 25.0
    assert str(build.getActualStart().toString())[:16] == "2008-03-06T08:00"
    assert str(build.getResume().toString())[:16] == "2008-03-10T08:00"
    assert str(build.getBaselineStart().toString())[:16] == "2008-03-06T08:00"
    assert str(build.getBaselineFinish(4).toString())[:16] == "2008-03-12T17:00"
    assert float(build.getBaselineDuration().getDuration()) == 4.0
