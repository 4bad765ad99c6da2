"""The stop/go decision goes to the decision log and each condition to the action log, in
the decision's transaction; a condition is met when its action is done."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import Condition, Meeting, StopGoDecision
from projectboard.web.board.queries import decisions, open_conditions
from projectboard.web.board.services import (
    ConditionInput,
    meeting_close,
    stop_go_decision_record,
)
from projectboard.web.projects.models import Project
from projectboard.web.risks.logs import action_set_status
from projectboard.web.risks.models import Action, Decision

from ..conftest import user_for
from .conftest import person
from .support import board_snapshot

SPEND = "Confirm the current ICT spend of both councils as the baseline for the cost model."
UNIONS = "Brief the trade unions at both councils on the options."


def conditions(project: Project) -> list[ConditionInput]:
    return [
        ConditionInput(SPEND, person(project, "MTHOMPSON"), date(2008, 5, 9)),
        ConditionInput(UNIONS, person(project, "PHARDY"), date(2008, 4, 30)),
    ]


def go_with_conditions(project: Project, meeting: Meeting, by: User | None) -> StopGoDecision:
    return stop_go_decision_record(
        meeting=meeting,
        outcome="go_with_conditions",
        rationale="The options appraisal supports a business case.",
        conditions=conditions(project),
        by=by,
    )


def test_a_go_with_conditions_writes_one_decision_and_an_action_per_condition(
    project: Project, meeting: Meeting, board_only: User
) -> None:
    decision = go_with_conditions(project, meeting, board_only)
    [logged] = Decision.objects.filter(project=project)
    assert (
        logged.ref,
        logged.decided_on,
        logged.title,
        logged.detail,
        logged.made_by,
        logged.rationale,
        logged.source,
        logged.meeting_ref,
        logged.recorded_by,
    ) == (
        "D001",
        date(2008, 4, 16),
        "Stop/go at project board 2: Go with conditions",
        f"Condition 1 (A001, Mike Thompson, due 09/05/2008): {SPEND}\n"
        f"Condition 2 (A002, Philippa Hardy, due 30/04/2008): {UNIONS}",
        "Project board",
        "The options appraisal supports a business case.",
        "Project board 2",
        str(meeting.pk),
        board_only,
    )
    actions = Action.objects.filter(project=project).order_by("number")
    assert [
        (
            a.ref,
            a.title,
            a.owner.name if a.owner else None,
            a.due,
            a.status,
            a.raised_on,
            a.done_on,
            a.source,
        )
        for a in actions
    ] == [
        (
            "A001",
            SPEND,
            "Mike Thompson",
            date(2008, 5, 9),
            "open",
            date(2008, 4, 16),
            None,
            "Project board 2, condition 1",
        ),
        (
            "A002",
            UNIONS,
            "Philippa Hardy",
            date(2008, 4, 30),
            "open",
            date(2008, 4, 16),
            None,
            "Project board 2, condition 2",
        ),
    ]
    assert [(c.position, c.action.ref, c.met_on) for c in decision.conditions.all()] == [
        (1, "A001", None),
        (2, "A002", None),
    ]


def test_a_go_writes_one_decision_and_no_action(project: Project, meetings: list[Meeting]) -> None:
    stop_go_decision_record(meeting=meetings[0], outcome="go", rationale="On track.", by=None)
    assert [
        (d.ref, d.decided_on, d.title, d.detail, d.source, d.recorded_by)
        for d in Decision.objects.filter(project=project)
    ] == [
        ("D001", date(2008, 3, 19), "Stop/go at project board 1: Go", "", "Project board 1", None)
    ]
    assert Action.objects.filter(project=project).count() == 0


@pytest.mark.parametrize("persona", ["pm", "wp_lead_fin", "observer", "outsider"])
def test_no_one_but_the_board_writes_a_decision_to_any_log(
    project: Project, meeting: Meeting, persona: str, request: pytest.FixtureRequest
) -> None:
    before = board_snapshot(project)
    with pytest.raises(PermissionDenied, match=r"^Only the project board records"):
        go_with_conditions(project, meeting, request.getfixturevalue(persona))
    assert board_snapshot(project) == before


def test_a_closed_meeting_writes_nothing_to_any_log(
    project: Project, meetings: list[Meeting], board_member: User
) -> None:
    launch = meetings[0]
    stop_go_decision_record(meeting=launch, outcome="go", rationale="On track.", by=None)
    meeting_close(meeting=launch, by=None)
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        go_with_conditions(project, launch, board_member)
    [error] = caught.value.error_dict["outcome"]
    assert (error.code, error.message) == ("closed", "Project board 1 is closed.")
    assert board_snapshot(project) == before


@pytest.mark.parametrize(
    ("outcome", "given", "code", "message"),
    [
        (
            "go_with_conditions",
            [],
            "required",
            "A go with conditions needs at least one condition.",
        ),
        (
            "go_with_conditions",
            [(SPEND, date(2008, 5, 9)), ("x" * 201, date(2008, 5, 9))],
            "too_long",
            "Condition 2 is 201 characters long; it becomes an action, whose title takes at "
            "most 200.",
        ),
        (
            "go_with_conditions",
            [(SPEND, date(2008, 4, 15))],
            "due_before_meeting",
            "Condition 1: due 15/04/2008, before the meeting (16/04/2008).",
        ),
        (
            "go",
            [(SPEND, date(2008, 5, 9))],
            "not_allowed",
            "Only a go with conditions has conditions.",
        ),
    ],
)
def test_bad_conditions_write_nothing_to_any_log(
    project: Project,
    meeting: Meeting,
    board_member: User,
    outcome: str,
    given: list[tuple[str, date]],
    code: str,
    message: str,
) -> None:
    owner = person(project, "MTHOMPSON")
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        stop_go_decision_record(
            meeting=meeting,
            outcome=outcome,
            rationale="x",
            conditions=[ConditionInput(text, owner, due) for text, due in given],
            by=board_member,
        )
    [error] = caught.value.error_dict["conditions"]
    assert (error.code, error.message) == (code, message)
    assert board_snapshot(project) == before


def test_marking_the_action_done_meets_the_condition(
    client: Client, project: Project, meeting: Meeting, board_member: User
) -> None:
    go_with_conditions(project, meeting, board_member)
    assert [(c.action_ref, c.owner.name, c.met_on) for c in open_conditions(project)] == [
        ("A002", "Philippa Hardy", None),
        ("A001", "Mike Thompson", None),
    ]
    hardy = user_for(project, "PHARDY", "hr-lead")
    unions = Action.objects.get(project=project, number=2)
    action_set_status(action=unions, status="done", by=hardy, on=date(2008, 4, 28))
    assert [c.action_ref for c in open_conditions(project)] == ["A001"]
    [entry] = decisions(project)
    assert [(c.action_ref, c.met_on) for c in entry.conditions] == [
        ("A001", None),
        ("A002", date(2008, 4, 28)),
    ]
    client.force_login(board_member)
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    actions = reverse("action-log", args=[project.pk])
    assert f'<td>28/04/2008 (<a href="{actions}#action-A002">A002</a>)</td>' in page
    assert f'<td>Open (<a href="{actions}#action-A001">A001</a>)</td>' in page
    # Reopened in the log, the condition is open again: the action is its only state.
    action_set_status(action=unions, status="open", by=hardy)
    assert [c.action_ref for c in open_conditions(project)] == ["A002", "A001"]
    assert Condition.objects.get(action=unions).met_on is None
