"""MPXJ (the library most other tools use to read MS Project files) reads our XML back with
the same tasks, links, lags, constraints and dates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from projectboard.engine import schedule
from projectboard.engine.durations import Duration, PercentLag
from projectboard.interop.mpp import _started
from projectboard.interop.mspdi_write import write_mspdi
from projectboard.planfile import read_plan_file

REPO = Path(__file__).resolve().parents[2]
PLANS = [
    REPO / "examples" / "shared-ict" / "plan.yaml",
    REPO / "tests" / "corpus" / "link_ff.yaml",
    REPO / "tests" / "corpus" / "lag_percent.yaml",
    REPO / "tests" / "corpus" / "lag_elapsed.yaml",
    REPO / "tests" / "corpus" / "link_to_summary.yaml",
    REPO / "tests" / "corpus" / "constraint_mfo.yaml",
    REPO / "tests" / "corpus" / "calendar_holiday.yaml",
]
LINK_TYPES = {
    "FINISH_START": "FS",
    "START_START": "SS",
    "FINISH_FINISH": "FF",
    "START_FINISH": "SF",
}
CONSTRAINTS = {
    "AS_SOON_AS_POSSIBLE": "ASAP",
    "AS_LATE_AS_POSSIBLE": "ALAP",
    "MUST_START_ON": "MSO",
    "MUST_FINISH_ON": "MFO",
    "START_NO_EARLIER_THAN": "SNET",
    "START_NO_LATER_THAN": "SNLT",
    "FINISH_NO_EARLIER_THAN": "FNET",
    "FINISH_NO_LATER_THAN": "FNLT",
}


UNITS = {
    "MINUTES": "m",
    "ELAPSED_MINUTES": "em",
    "HOURS": "h",
    "ELAPSED_HOURS": "eh",
    "DAYS": "d",
    "ELAPSED_DAYS": "ed",
    "WEEKS": "w",
    "ELAPSED_WEEKS": "ew",
    "MONTHS": "mo",
    "ELAPSED_MONTHS": "emo",
    "PERCENT": "%",
}


def lag_text(lag: Any) -> str:
    """An MPXJ lag as we write lags: '2ed', '-50%', '0d'."""
    value = Decimal(str(float(lag.getDuration()))).normalize()
    return f"{value:f}{UNITS[str(lag.getUnits().name())]}"


def our_lag_text(lag: Duration | PercentLag) -> str:
    if isinstance(lag, PercentLag):
        return f"{lag.percent.normalize():f}%"
    return f"{lag.value.normalize():f}{'e' if lag.elapsed else ''}{lag.unit}"


def iso(value: Any) -> str:
    return str(value.toString())[:16]  # java.time.LocalDateTime: 2008-03-07T08:00


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_mpxj_reads_what_we_wrote(path: Path, tmp_path: Path) -> None:
    plan = read_plan_file(path)
    result = schedule(plan)
    target = tmp_path / "plan.xml"
    target.write_bytes(write_mspdi(plan, result))
    _jpype, reader, _writer = _started()
    project = reader().read(str(target))
    theirs = {int(t.getID()): t for t in project.getTasks() if t.getID() is not None}
    ours = {t.id: t for t in plan.tasks}
    assert set(theirs) - {0} == set(ours)
    for row in result.tasks:
        task, mpxj_task = ours[row.id], theirs[row.id]
        assert str(mpxj_task.getName()) == task.name
        assert (iso(mpxj_task.getStart()), iso(mpxj_task.getFinish())) == (
            row.start.isoformat()[:16],
            row.finish.isoformat()[:16],
        )
        links = sorted(
            (
                int(r.getPredecessorTask().getID()),
                LINK_TYPES[str(r.getType().name())],
                lag_text(r.getLag()),
            )
            for r in mpxj_task.getPredecessors()
        )
        assert links == sorted(
            (k.predecessor, k.type, our_lag_text(k.lag)) for k in task.predecessors
        )
        constraint = CONSTRAINTS[str(mpxj_task.getConstraintType().name())]
        assert constraint == (task.constraint.type if task.constraint else "ASAP")
