"""The seed project as plan-as-code: examples/shared-ict/plan.yaml against the seed table."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from projectboard.engine import schedule
from projectboard.engine.model import Plan
from projectboard.planfile import dump_plan, read_plan_file, read_plan_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "shared-ict" / "plan.yaml"
SEED_TABLE = ROOT / "examples" / "shared-ict" / "seed-plan.csv"
SEED_ROWS = list(csv.DictReader(SEED_TABLE.read_text(encoding="utf-8").splitlines()))

BOARD = {
    "Angela Brown",
    "Nick Fardon",
    "Philippa Hardy",
    "Stephen Kirkpatrick",
    "John Nutley",
}


def uk(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%y").date()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan_file(EXAMPLE)


def test_seed_table_has_19_rows() -> None:
    assert [int(r["ID"]) for r in SEED_ROWS] == list(range(1, 20))


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"task{r['ID']}")
def test_example_reproduces_seed_table(plan: Plan, row: dict[str, str]) -> None:
    task = schedule(plan).by_id()[int(row["ID"])]
    assert task.name == row["Task Name"]
    assert (task.start.date(), task.finish.date()) == (uk(row["Start"]), uk(row["End"]))


def test_example_durations_and_links_match_table(plan: Plan) -> None:
    tasks = {t.id: t for t in plan.tasks}
    for row in SEED_ROWS:
        task = tasks[int(row["ID"])]
        assert str(task.duration) == row["Duration"].replace(" ", "")
        links = ",".join(
            f"{link.predecessor}{'' if link.type == 'FS' else link.type}"
            for link in task.predecessors
        )
        assert links == row["Predecessors"]


def test_typed_starts_are_snet_constraints(plan: Plan) -> None:
    constrained = {t.id: t.constraint for t in plan.tasks if t.constraint is not None}
    assert {i: (c.type, c.date) for i, c in constrained.items()} == {
        3: ("SNET", datetime(2008, 4, 8, 8, 0)),
        4: ("SNET", datetime(2008, 4, 8, 8, 0)),
        5: ("SNET", datetime(2008, 4, 14, 8, 0)),
        14: ("SNET", datetime(2008, 4, 18, 8, 0)),
    }


def test_two_partners(plan: Plan) -> None:
    assert {(p.code, p.name) for p in plan.partners} == {
        ("ABC", "Allerdale Borough Council"),
        ("CCC", "Carlisle City Council"),
    }


def test_board_and_project_manager(plan: Plan) -> None:
    people = {p.code: p for p in plan.people}
    assert {people[b.person].name for b in plan.board} == BOARD
    assert len(plan.board) == 5
    assert [people[b.person].name for b in plan.board if b.chair] == ["Angela Brown"]
    assert plan.project_manager is not None
    pm = people[plan.project_manager]
    assert (pm.name, pm.job_title, pm.partner) == (
        "Hazel Cushin",
        "Head of Corporate Services",
        "ABC",
    )


def test_every_person_has_a_partner(plan: Plan) -> None:
    partners = {p.code for p in plan.partners}
    assert len(plan.people) == 20
    assert all(p.partner in partners for p in plan.people)


def test_work_package_people_resolve_to_partners(plan: Plan) -> None:
    people = {p.code: p for p in plan.people}
    partners = {p.code for p in plan.partners}
    assert len(plan.work_packages) == 17
    for wp in plan.work_packages:
        assert wp.leads, wp.code
        for code in wp.leads + wp.deputies:
            assert people[code].partner in partners, (wp.code, code)


def test_every_task_belongs_to_a_work_package(plan: Plan) -> None:
    codes = {wp.code for wp in plan.work_packages}
    assert all(t.work_package in codes for t in plan.tasks)
    tasks = {t.id: t for t in plan.tasks}
    assert tasks[1].work_package == "WP-PLAN"
    assert tasks[19].work_package == tasks[3].work_package == "WP-BC"


def test_dump_reads_back_equal(plan: Plan) -> None:
    again = read_plan_text(dump_plan(plan), "dumped.yaml")
    assert again == plan
    assert dump_plan(again) == dump_plan(plan)
