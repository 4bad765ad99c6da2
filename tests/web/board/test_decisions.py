"""The stop/go decision: only the board records it, once, with conditions for a go with
conditions; a meeting cannot be closed without it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import Meeting, StopGoDecision
from projectboard.web.board.services import (
    ConditionInput,
    meeting_close,
    stop_go_decision_record,
)
from projectboard.web.projects.models import AuditEvent, Project

from .conftest import person
from .support import board_snapshot


def _conditions(project: Project, rows: list[tuple[str, str, str]]) -> dict[str, str]:
    data = {"conditions-TOTAL_FORMS": str(len(rows)), "conditions-INITIAL_FORMS": "0"}
    for n, (text, code, due) in enumerate(rows):
        data[f"conditions-{n}-text"] = text
        data[f"conditions-{n}-owner"] = str(person(project, code).pk) if code else ""
        data[f"conditions-{n}-due"] = due
    return data


def test_the_board_records_a_go_with_conditions(
    client: Client, project: Project, meeting: Meeting, board_member: User
) -> None:
    client.force_login(board_member)
    url = reverse("board-decision", args=[project.pk, meeting.pk])
    assert "<h1>Stop/go decision: Project board 2</h1>" in client.get(url).content.decode()
    data = {
        "outcome": "go_with_conditions",
        "rationale": "The options appraisal supports a business case.",
        **_conditions(
            project,
            [
                ("Confirm current ICT spend", "MTHOMPSON", "2008-05-09"),
                ("", "", ""),
                ("Brief the trade unions", "PHARDY", "2008-04-30"),
            ],
        ),
    }
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("board-meeting", args=[project.pk, meeting.pk]),
    )
    decision = StopGoDecision.objects.get(meeting=meeting)
    assert (decision.outcome, decision.recorded_by) == ("go_with_conditions", board_member)
    assert [(c.position, c.text, c.owner.name, c.due) for c in decision.conditions.all()] == [
        (1, "Confirm current ICT spend", "Mike Thompson", date(2008, 5, 9)),
        (2, "Brief the trade unions", "Philippa Hardy", date(2008, 4, 30)),
    ]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.version) == ("held", 2)
    events = AuditEvent.objects.filter(who=board_member)
    assert [(e.object_type, e.field, e.old, e.new) for e in events] == [
        ("stop_go_decision", "", "", "Project board 2: Go with conditions"),
        ("action", "", "", "A001 Confirm current ICT spend"),
        ("action", "", "", "A002 Brief the trade unions"),
        ("decision", "", "", "D001 Stop/go at project board 2: Go with conditions"),
        ("board_meeting", "status", "planned", "held"),
    ]
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    assert "<p><strong>Go with conditions</strong></p>" in page
    assert "<td>Brief the trade unions</td><td>Philippa Hardy</td>" in page
    assert (
        f'<td>Open (<a href="/projects/{project.pk}/actions/#action-A002">A002</a>)</td>'
    ) in page
    assert "Record the board" not in page  # once only


def test_the_project_manager_does_not_decide(project: Project, meeting: Meeting, pm: User) -> None:
    before = board_snapshot(project)
    with pytest.raises(PermissionDenied, match=r"^Only the project board records"):
        stop_go_decision_record(meeting=meeting, outcome="go", rationale="x", by=pm)
    assert board_snapshot(project) == before


@pytest.mark.parametrize(
    ("outcome", "rationale", "conditions", "field", "code", "message"),
    [
        ("maybe", "x", 0, "outcome", "invalid", "'maybe' is not a stop/go outcome."),
        ("go", "  ", 0, "rationale", "required", "Give the board's reasons."),
        (
            "go_with_conditions",
            "x",
            0,
            "conditions",
            "required",
            "A go with conditions needs at least one condition.",
        ),
        ("stop", "x", 1, "conditions", "not_allowed", "Only a go with conditions has conditions."),
    ],
)
def test_bad_decisions_are_refused(
    project: Project,
    meeting: Meeting,
    board_member: User,
    outcome: str,
    rationale: str,
    conditions: int,
    field: str,
    code: str,
    message: str,
) -> None:
    given = [ConditionInput("Do it", person(project, "PHARDY"), date(2008, 5, 1))] * conditions
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        stop_go_decision_record(
            meeting=meeting,
            outcome=outcome,
            rationale=rationale,
            conditions=given,
            by=board_member,
        )
    [error] = caught.value.error_dict[field]
    assert (error.code, error.message) == (code, message)
    assert board_snapshot(project) == before


def test_a_decision_is_recorded_once(
    project: Project, meeting: Meeting, board_member: User
) -> None:
    stop_go_decision_record(meeting=meeting, outcome="deferred", rationale="Wait.", by=board_member)
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        stop_go_decision_record(meeting=meeting, outcome="stop", rationale="No.", by=board_member)
    [error] = caught.value.error_dict["outcome"]
    assert (error.code, error.message) == (
        "already_decided",
        "The stop/go decision of Project board 2 is already recorded.",
    )
    assert board_snapshot(project) == before


def test_a_half_filled_condition_is_shown_beside_its_fields(
    client: Client, project: Project, meeting: Meeting, board_member: User
) -> None:
    client.force_login(board_member)
    data = {
        "outcome": "go_with_conditions",
        "rationale": "x",
        **_conditions(project, [("Confirm spend", "", "2008-05-09")]),
    }
    before = board_snapshot(project)
    response = client.post(reverse("board-decision", args=[project.pk, meeting.pk]), data)
    assert response.status_code == 422
    assert (
        "Condition 1, Owner: Each condition needs what, who and when." in response.content.decode()
    )
    assert board_snapshot(project) == before


def test_a_meeting_is_not_closed_without_a_decision(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    client.force_login(pm)
    before = board_snapshot(project)
    response = client.post(reverse("board-meeting-close", args=[project.pk, meeting.pk]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Error: Project board 2" in page
    assert (
        "<li>Project board 2 cannot be closed: the board has not recorded its stop/go "
        "decision.</li>"
    ) in page
    assert board_snapshot(project) == before
    with pytest.raises(ValidationError) as caught:
        meeting_close(meeting=meeting, by=pm)
    assert caught.value.error_dict["status"][0].code == "no_decision"


def test_the_chair_closes_a_decided_meeting_once(
    client: Client, project: Project, meeting: Meeting, board_member: User
) -> None:
    stop_go_decision_record(meeting=meeting, outcome="go", rationale="On track.", by=board_member)
    client.force_login(board_member)
    url = reverse("board-meeting-close", args=[project.pk, meeting.pk])
    assert client.post(url).status_code == 303
    meeting.refresh_from_db()
    assert meeting.status == "closed"
    before = board_snapshot(project)
    response = client.post(url)
    assert response.status_code == 422
    assert "<li>Project board 2 is already closed.</li>" in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        stop_go_decision_record(meeting=meeting, outcome="stop", rationale="x", by=board_member)
    assert caught.value.error_dict["outcome"][0].code == "closed"
    assert board_snapshot(project) == before
