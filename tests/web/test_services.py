"""Changing work packages and tasks: who may, what is checked, what is recorded."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from projectboard.engine.scheduler import schedule
from projectboard.web.projects.models import Project, Task, WorkPackage
from projectboard.web.projects.plan import project_plan
from projectboard.web.projects.services import Conflict, task_update, work_package_update

from .support import changes, snapshot


def wp(project: Project, code: str) -> WorkPackage:
    return WorkPackage.objects.get(project=project, code=code)


def task(project: Project, number: int) -> Task:
    return Task.objects.get(project=project, number=number)


# -- work packages ---------------------------------------------------------------------------


def test_the_pm_changes_any_work_package_and_it_is_recorded(project: Project, pm: User) -> None:
    saved = work_package_update(
        user=pm,
        work_package=wp(project, "WP-GIS"),
        expected_version=1,
        timescale="End of June",
        due=date(2008, 6, 30),
    )
    assert (saved.timescale, saved.due, saved.version) == ("End of June", date(2008, 6, 30), 2)
    again = wp(project, "WP-GIS")
    assert (again.timescale, again.due, again.version) == ("End of June", date(2008, 6, 30), 2)
    assert changes(project) == [
        (
            "pm",
            "work_package",
            "timescale",
            "High level strategy for completion by 6th June 2008 to include within the business "
            "case followed by detailed programme of work subject to business case approval.",
            "End of June",
        ),
        ("pm", "work_package", "due", "2008-06-06", "2008-06-30"),
    ]


def test_a_lead_changes_their_own_work_package(project: Project, wp_lead_fin: User) -> None:
    work_package_update(
        user=wp_lead_fin,
        work_package=wp(project, "WP-FIN"),
        expected_version=1,
        outputs=["A cost model.", "A capital profile."],
    )
    assert wp(project, "WP-FIN").outputs == ["A cost model.", "A capital profile."]
    assert changes(project)[0][:3] == ("lead-fin", "work_package", "outputs")
    assert changes(project)[0][4] == "A cost model.\nA capital profile."


def test_a_deputy_changes_their_own_work_package(project: Project, deputy_hr: User) -> None:
    work_package_update(
        user=deputy_hr, work_package=wp(project, "WP-HR"), expected_version=1, name="HR"
    )
    assert wp(project, "WP-HR").name == "HR"
    assert changes(project) == [("deputy-hr", "work_package", "name", "Human Resources", "HR")]


@pytest.mark.parametrize(
    "persona", ["wp_lead_fin", "deputy_hr", "board_member", "observer", "outsider"]
)
def test_others_may_not_change_a_work_package(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    before = snapshot(project)
    with pytest.raises(PermissionDenied):
        work_package_update(
            user=user, work_package=wp(project, "WP-GIS"), expected_version=1, name="Mine"
        )
    assert snapshot(project) == before


def test_a_stale_work_package_save_is_refused_with_the_current_values(
    project: Project, pm: User, wp_lead_fin: User
) -> None:
    read_by_lead = wp(project, "WP-FIN")
    work_package_update(user=pm, work_package=read_by_lead, expected_version=1, name="Finance")
    before = snapshot(project)
    with pytest.raises(Conflict) as caught:
        work_package_update(
            user=wp_lead_fin, work_package=read_by_lead, expected_version=1, name="Budgets"
        )
    assert str(caught.value) == (
        "work package WP-FIN was changed by someone else (now version 2); "
        "review the current values and make your change again"
    )
    assert caught.value.version == 2
    assert caught.value.current["name"] == "Finance"
    assert snapshot(project) == before


def test_a_work_package_needs_a_name(project: Project, pm: User) -> None:
    before = snapshot(project)
    with pytest.raises(ValidationError) as caught:
        work_package_update(
            user=pm, work_package=wp(project, "WP-FIN"), expected_version=1, name="  "
        )
    assert caught.value.message_dict == {"name": ["Name is required."]}
    assert snapshot(project) == before


def test_saving_the_same_values_changes_nothing(project: Project, pm: User) -> None:
    saved = work_package_update(
        user=pm, work_package=wp(project, "WP-FIN"), expected_version=1, name="Finance / Budgets"
    )
    assert saved.version == 1
    assert changes(project) == []


# -- tasks -----------------------------------------------------------------------------------


def test_the_pm_changes_a_task_and_the_schedule_moves(project: Project, pm: User) -> None:
    saved = task_update(user=pm, task=task(project, 6), expected_version=1, duration="20d")
    assert (saved.duration, saved.version) == ("20d", 2)
    assert task(project, 6).duration == "20d"
    assert changes(project) == [("pm", "task", "duration", "17.7d", "20d")]
    # 17.7d from Fri 18/04 13:00 finished Wed 14/05 09:36; 20d finishes on the Friday.
    finish = schedule(project_plan(project)).by_id()[6].finish
    assert finish == datetime(2008, 5, 16, 12, 0)


def test_a_lead_changes_a_task_of_their_work_package(project: Project, wp_lead_gis: User) -> None:
    task_update(
        user=wp_lead_gis,
        task=task(project, 14),
        expected_version=1,
        name="GIS strategy",
        predecessors="5",
        constraint="",
    )
    saved = task(project, 14)
    assert (saved.name, saved.predecessors, saved.constraint) == ("GIS strategy", "5", "")
    assert changes(project) == [
        ("lead-gis", "task", "name", "GIS", "GIS strategy"),
        ("lead-gis", "task", "predecessors", "", "5"),
        ("lead-gis", "task", "constraint", "SNET 2008-04-18", ""),
    ]


@pytest.mark.parametrize(
    "persona", ["wp_lead_fin", "deputy_hr", "board_member", "observer", "outsider"]
)
def test_others_may_not_change_a_task(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    before = snapshot(project)
    with pytest.raises(PermissionDenied):
        task_update(user=user, task=task(project, 14), expected_version=1, duration="1d")
    assert snapshot(project) == before


def test_a_stale_task_save_is_refused_with_the_current_values(
    project: Project, pm: User, wp_lead_fin: User
) -> None:
    read_by_lead = task(project, 6)
    task_update(user=pm, task=read_by_lead, expected_version=1, duration="20d")
    before = snapshot(project)
    with pytest.raises(Conflict) as caught:
        task_update(user=wp_lead_fin, task=read_by_lead, expected_version=1, duration="15d")
    assert caught.value.version == 2
    assert caught.value.current == {
        "name": "Finance/Budgets",
        "duration": "20d",
        "predecessors": "5",
        "constraint": "",
    }
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("fields", "field", "code", "message"),
    [
        (
            {"predecessors": "99"},
            "predecessors",
            "E_UNKNOWN_PREDECESSOR",
            "predecessor '99' does not exist",
        ),
        (
            {"predecessors": "5, 19"},
            "predecessors",
            "E_CYCLE",
            "dependency cycle: 6 -> 7 -> 16 -> 19 -> 6",
        ),
        (
            {"predecessors": "6"},
            "predecessors",
            "E_SELF_LINK",
            "a task cannot be its own predecessor",
        ),
        (
            {"predecessors": "5XX"},
            "predecessors",
            "E_BAD_PREDECESSOR",
            "predecessor '5XX' is not like '2', '2SS', '5FS+2d' or '3FF-50%'",
        ),
        (
            {"duration": "soon"},
            "duration",
            "E_BAD_DURATION",
            "duration 'soon' is not a duration such as '5d', '3.5h', '2ed' or '1w?'",
        ),
        (
            {"constraint": "SNET"},
            "constraint",
            "E_BAD_CONSTRAINT",
            "constraint 'SNET': SNET needs a date, as in 'SNET 2008-04-08'",
        ),
        ({"name": ""}, "name", "required", "Name is required."),
    ],
)
def test_an_invalid_task_change_is_refused_with_the_engines_message(
    project: Project, pm: User, fields: dict[str, str], field: str, code: str, message: str
) -> None:
    before = snapshot(project)
    with pytest.raises(ValidationError) as caught:
        task_update(user=pm, task=task(project, 6), expected_version=1, **fields)
    [error] = caught.value.error_dict[field]
    assert (error.code, error.message) == (code, message)
    assert snapshot(project) == before
