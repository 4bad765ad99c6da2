"""The YAML reader: located errors, strictness, and what it builds."""

from __future__ import annotations

from datetime import datetime
from textwrap import dedent

import pytest

from projectboard.engine.errors import PlanError, PlanErrors
from projectboard.planfile import dump_plan, read_plan_text

HEADER = """\
project:
  name: Demo
  start: 2008-03-07
"""


def read(body: str) -> object:
    return read_plan_text(HEADER + dedent(body), "plan.yaml")


def error(body: str) -> PlanError:
    with pytest.raises(PlanError) as caught:
        read(body)
    return caught.value


def test_unknown_key_names_file_line_and_key() -> None:
    err = error(
        """\
        tasks:
          - id: 1
            name: A
            duraton: 2d
        """
    )
    assert err.code == "E_UNKNOWN_KEY"
    assert (err.location.file, err.location.line) == ("plan.yaml", 7)
    assert "'duraton'" in err.message
    assert str(err).startswith("plan.yaml:7: ")


def test_bad_value_points_at_its_line() -> None:
    err = error(
        """\
        tasks:
          - id: 1
            name: A
            duration: 2x
        """
    )
    assert err.code == "E_BAD_DURATION"
    assert err.location.line == 7
    assert "task 1: duration: " in err.message and "'2x'" in err.message


def test_every_bad_task_is_reported() -> None:
    with pytest.raises(PlanErrors) as caught:
        read(
            """\
            tasks:
              - {id: 1, name: A, duration: 2x}
              - {id: 2, name: B, duration: 1d, predecessors: "1QQ"}
              - {id: 3, name: C, duration: 1d, constraint: "SNET someday"}
            """
        )
    assert [(e.code, e.location.line) for e in caught.value.errors] == [
        ("E_BAD_DURATION", 5),
        ("E_BAD_PREDECESSOR", 6),
        ("E_BAD_DATE", 7),
    ]


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("tasks: &t []\n", "E_YAML_ALIAS", 4),
        ("x: &a [1]\ntasks: *a\n", "E_YAML_ALIAS", 4),
        ("tasks: !!python/object:os.system []\n", "E_YAML_TAG", 4),
        ("tasks:\n  - !custom {id: 1}\n", "E_YAML_TAG", 5),
        ("tasks: [\n", "E_YAML_SYNTAX", 5),
    ],
)
def test_anchors_aliases_tags_and_syntax_are_refused(body: str, code: str, line: int) -> None:
    err = error(body)
    assert (err.code, err.location.line) == (code, line)


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    err = error(bomb)
    assert (err.code, err.location.line) == ("E_YAML_ALIAS", 4)


def test_duplicate_keys_are_refused() -> None:
    err = error("tasks: []\ntasks: []\n")
    assert err.code == "E_YAML_SYNTAX"
    assert "'tasks' appears twice" in err.message


def test_references_must_exist() -> None:
    err = error(
        """\
        work_packages:
          - {code: WP1, name: One, leads: [nobody]}
        """
    )
    assert err.code == "E_UNKNOWN_REFERENCE"
    assert "'nobody'" in err.message


def test_nested_tasks_make_summaries_and_dates_take_default_times() -> None:
    plan = read(
        """\
        tasks:
          - id: 1
            name: Phase
            tasks:
              - {id: 2, name: A, duration: 1d, deadline: 2008-03-10}
              - {id: 3, name: B, duration: 1d, constraint: FNLT 2008-03-12, predecessors: "2"}
        """
    )
    tasks = plan.tasks  # type: ignore[attr-defined]
    assert [(t.id, t.parent) for t in tasks] == [(1, None), (2, 1), (3, 1)]
    assert tasks[1].deadline == datetime(2008, 3, 10, 17, 0)
    assert tasks[2].constraint.date == datetime(2008, 3, 12, 17, 0)


def test_summary_task_cannot_have_a_duration() -> None:
    err = error(
        """\
        tasks:
          - id: 1
            name: Phase
            duration: 3d
            tasks:
              - {id: 2, name: A, duration: 1d}
        """
    )
    assert err.code == "E_BAD_VALUE"
    assert err.location.line == 7


def test_round_trip_keeps_everything() -> None:
    text = HEADER + dedent(
        """\
        calendars:
          - name: Standard
            week:
              monday: 08:00-12:00, 13:00-17:00
              tuesday: 08:00-12:00, 13:00-17:00
              wednesday: 08:00-12:00, 13:00-17:00
              thursday: 08:00-12:00, 13:00-17:00
              friday: 08:00-12:00, 13:00-17:00
              saturday: nonworking
              sunday: nonworking
            exceptions:
              - {date: 2008-03-21, hours: nonworking}
            bank_holidays: england-and-wales
          - name: Late
            base: Standard
            week:
              friday: 10:00-12:00
        partners:
          - {code: ABC, name: Allerdale Borough Council}
        people:
          - {code: hc, name: Hazel Cushin, partner: ABC, job_title: Head of Corporate Services}
        project_manager: hc
        work_packages:
          - {code: WP1, name: One, leads: [hc], due: 2008-06-06, objectives: [Plan it]}
        tasks:
          - id: 1
            name: Phase
            tasks:
              - {id: 2, name: A, duration: 3.33d?, calendar: Late, work_package: WP1}
              - {id: 3, name: B, duration: 2ed, predecessors: "2SS+50%", constraint: ALAP}
          - {id: 4, name: M, duration: 0d, predecessors: "1FS-1d", deadline: 2008-04-01 12:00}
        """
    )
    plan = read_plan_text(text, "a.yaml")
    again = read_plan_text(dump_plan(plan), "b.yaml")
    assert dump_plan(again) == dump_plan(plan)
    assert again.tasks == plan.tasks
    assert again.work_packages == plan.work_packages
    assert again.people == plan.people


def test_missing_project_section() -> None:
    with pytest.raises(PlanError) as caught:
        read_plan_text("tasks: []\n", "plan.yaml")
    assert (caught.value.code, caught.value.message) == (
        "E_MISSING_KEY",
        "plan file: 'project' is required",
    )


@pytest.mark.parametrize("value", ["0", "-3"])
def test_time_factors_must_be_positive(value: str) -> None:
    with pytest.raises(PlanError) as caught:
        read_plan_text(f"project:\n  name: D\n  start: 2008-03-07\n  days_per_month: {value}\n")
    assert (caught.value.code, caught.value.location.line) == ("E_BAD_VALUE", 4)
    assert f"days_per_month {value} must be more than 0" in caught.value.message


def test_typed_start_on_an_automatic_task_is_refused_not_ignored() -> None:
    err = error("tasks:\n  - {id: 1, name: A, duration: 1d, start: 2008-04-01}\n")
    assert (err.code, err.location.line) == ("E_BAD_VALUE", 5)
    assert "start is only for manual tasks" in err.message


def test_actual_finish_needs_actual_start() -> None:
    err = error("tasks:\n  - {id: 1, name: A, duration: 1d, actual_finish: 2008-03-20}\n")
    assert (err.code, err.message) == ("E_MISSING_KEY", "task 1: actual_finish needs actual_start")


def test_scheduling_errors_name_the_source_file() -> None:
    from projectboard.engine import schedule

    plan = read_plan_text(
        HEADER + "tasks:\n  - {id: 1, name: A, duration: 1d, predecessors: '7'}\n", "my.yaml"
    )
    with pytest.raises(PlanError) as caught:
        schedule(plan)
    assert (
        str(caught.value)
        == "my.yaml:5: task 1: predecessor '7' does not exist [E_UNKNOWN_PREDECESSOR]"
    )


def test_empty_subtask_list_is_not_a_summary() -> None:
    plan = read("tasks:\n  - {id: 1, name: A, duration: 2d, tasks: []}\n")
    assert plan.tasks[0].duration.minutes(plan.settings) == 960  # type: ignore[attr-defined]
