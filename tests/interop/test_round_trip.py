"""Round trips through MS Project XML: import -> export -> import gives an equal plan, and a
YAML plan -> XML -> YAML keeps its schedule."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from projectboard.cli import main
from projectboard.engine import Constraint, Plan, schedule
from projectboard.interop.mspdi import read_mspdi, read_mspdi_bytes
from projectboard.interop.mspdi_write import write_mspdi
from projectboard.planfile import read_plan_file

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus-mspdi"
PLANS = [
    *sorted((REPO / "tests" / "corpus").glob("*.yaml")),
    REPO / "examples" / "shared-ict" / "plan.yaml",
]
MS_PROJECT_FILES = [
    "msp/legacy/sample.xml",
    "msp/mspdirelations.xml",
    "msp/generated/task-links/task-links-project2007-mspdi.xml",
    "msp/mspdiduration.xml",
    "msp/mspdinulltasks.xml",
    "mpxj-converted/slack9.mpp.xml",
    "mpxj-converted/generated/task-baselines/sf259.mpp.xml",
    "mpxj-converted/mpp14recurring.mpp.xml",
]


def task_inputs(plan: Plan) -> list[tuple[object, ...]]:
    """What scheduling reads from each task (the uid aside: XML always has one)."""
    minutes = plan.settings
    return [
        (
            t.id,
            t.name,
            t.duration.minutes(minutes),
            t.duration.elapsed,
            [(k.predecessor, k.type, str(k.lag)) for k in t.predecessors],
            None if t.constraint == Constraint("ASAP") else t.constraint,  # the default
            t.deadline,
            t.manual,
            t.parent,
        )
        for t in plan.tasks
    ]


def dates(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (t.id, t.start, t.finish, t.early_start, t.late_finish, t.total_float_minutes, t.critical)
        for t in schedule(plan).tasks
    ]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_yaml_plan_through_ms_project_xml_keeps_its_schedule(path: Path) -> None:
    plan = read_plan_file(path)
    again = read_mspdi_bytes(write_mspdi(plan, schedule(plan))).plan
    assert task_inputs(again) == task_inputs(plan)
    assert dates(again) == dates(plan)


@pytest.mark.parametrize("relative", MS_PROJECT_FILES)
def test_ms_project_file_import_export_import_is_equal(relative: str) -> None:
    first = read_mspdi(CORPUS / relative).plan
    second = read_mspdi_bytes(write_mspdi(first, schedule(first))).plan
    assert second.tasks == first.tasks  # uid, links, lags, constraints, calendars by name
    assert dates(second) == dates(first)


def test_export_command_writes_every_format(tmp_path: Path) -> None:
    seed = REPO / "examples" / "shared-ict" / "plan.yaml"
    for suffix in (".xml", ".csv", ".xlsx", ".yaml"):
        out, err = io.StringIO(), io.StringIO()
        target = tmp_path / f"seed{suffix}"
        assert main(["export", str(seed), "-o", str(target)], out, err) == 0, err.getvalue()
    table = (REPO / "examples" / "shared-ict" / "seed-plan.csv").read_text()
    assert (tmp_path / "seed.csv").read_text() == table
    sheet = load_workbook(tmp_path / "seed.xlsx").active
    assert [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)] == list(
        csv.reader(table.splitlines())
    )
    assert dates(read_mspdi(tmp_path / "seed.xml").plan) == dates(read_plan_file(seed))
    assert dates(read_plan_file(tmp_path / "seed.yaml")) == dates(read_plan_file(seed))


def test_export_refuses_an_unknown_format_and_writes_nothing(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    seed = REPO / "examples" / "shared-ict" / "plan.yaml"
    assert main(["export", str(seed), "-o", str(tmp_path / "seed.pdf")], out, err) == 1
    assert "cannot export to '.pdf'" in err.getvalue()
    assert list(tmp_path.iterdir()) == []
