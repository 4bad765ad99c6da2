"""The issue, decision, action and lessons logs, the communications plan and consultation
report, and the read API for the highlight report."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectboard.web.projects.models import Person, Project
from projectboard.web.risks import queries
from projectboard.web.risks.logs import (
    action_create,
    action_set_status,
    decision_record,
    issue_raise,
    issue_update,
)
from projectboard.web.risks.models import Action, Decision, Issue


def _person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


# -- issues ----------------------------------------------------------------------------------


def test_a_lead_raises_an_issue_and_the_pm_closes_it(
    project: Project, pm: User, wp_lead_gis: User
) -> None:
    issue = issue_raise(
        project=project,
        title="No GIS licence for Allerdale",
        description="",
        type="problem",
        by=wp_lead_gis,
        on=date(2008, 4, 14),
    )
    assert (issue.ref, issue.raised_by, issue.raised_on) == (
        "I001",
        _person(project, "RSTAPLETON"),
        date(2008, 4, 14),
    )
    fields: dict[str, Any] = {
        "title": issue.title,
        "description": "",
        "type": "problem",
        "priority": "medium",
        "severity": "pm",
        "owner": None,
        "status": "closed",
    }
    with pytest.raises(ValidationError) as caught:
        issue_update(issue=issue, expected_version=1, resolution="", by=pm, **fields)
    assert caught.value.error_dict["resolution"][0].code == "required"
    with pytest.raises(PermissionDenied):
        issue_update(issue=issue, expected_version=1, resolution="x", by=wp_lead_gis, **fields)
    issue = issue_update(
        issue=issue,
        expected_version=1,
        resolution="Licence shared under the county agreement.",
        by=pm,
        on=date(2008, 4, 21),
        **fields,
    )
    assert (issue.status, issue.closed_on, issue.version) == ("closed", date(2008, 4, 21), 2)


def test_observers_may_not_raise_issues(project: Project, observer: User) -> None:
    with pytest.raises(PermissionDenied):
        issue_raise(project=project, title="X", description="", type="problem", by=observer)
    assert not Issue.objects.exists()


# -- decisions -------------------------------------------------------------------------------


def test_the_board_app_records_a_decision_with_its_meeting(
    project: Project, board_member: User, observer: User
) -> None:
    decision = decision_record(
        project=project,
        decided_on=date(2008, 5, 7),
        title="Go: continue",
        detail="Stop/go at the May board.",
        made_by="Project board",
        source="Board 07/05/2008",
        meeting_ref=12,
        by=board_member,
    )
    assert (decision.ref, decision.meeting_ref, decision.recorded_by) == (
        "D001",
        "12",
        board_member,
    )
    with pytest.raises(PermissionDenied):
        decision_record(
            project=project,
            decided_on=date(2008, 5, 7),
            title="Stop",
            detail="",
            made_by="Observer",
            source="",
            by=observer,
        )
    assert Decision.objects.count() == 1


def test_the_decision_log_page(client: Client, demo: Project, observer: User) -> None:
    client.force_login(observer)
    page = client.get(reverse("decision-log", args=[demo.pk])).content.decode()
    assert "<caption>Decisions (2), oldest first</caption>" in page
    assert "<td>Executive 17/03/2008</td>" in page
    assert "Record a decision" not in page


# -- actions ---------------------------------------------------------------------------------


def test_overdue_is_computed_from_the_as_at_date(
    client: Client, demo: Project, observer: User
) -> None:
    client.force_login(observer)
    url = reverse("action-log", args=[demo.pk])
    page = client.get(url + "?as_at=2008-04-30").content.decode()
    assert "As at 30/04/2008: 2 overdue." in page
    assert page.count('<span class="overdue">Overdue</span>') == 2
    page = client.get(url + "?as_at=2008-04-18").content.decode()
    assert "As at 18/04/2008: 0 overdue." in page
    response = client.get(url + "?as_at=30-04-2008")
    assert response.status_code == 400
    assert "As at: Enter a valid date." in response.content.decode()
    assert "Mark A004 done" not in response.content.decode()


def test_the_owner_marks_their_action_done(
    client: Client, demo: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    page = client.get(reverse("action-log", args=[demo.pk])).content.decode()
    assert "Mark A004 done" in page
    assert "Mark A003 done" not in page  # Philippa Hardy's
    response = client.post(reverse("action-status", args=[demo.pk, "A004"]), {"status": "done"})
    assert response.status_code == 303
    action = Action.objects.get(project=demo, number=4)
    assert action.status == "done"
    with pytest.raises(PermissionDenied):
        action_set_status(
            action=Action.objects.get(project=demo, number=3), status="done", by=wp_lead_fin
        )
    assert Action.objects.get(project=demo, number=3).status == "open"


def _add_actions(project: Project, pm: User, owners: list[Person | None]) -> None:
    for owner in owners:
        action_create(
            project=project, title="Chase", owner=owner, due=None, by=pm, on=date(2008, 4, 1)
        )


def _buttons(page: str) -> list[str]:
    return re.findall(r"<button type=\"submit\">Mark (A\d+) done</button>", page)


def test_the_action_log_reads_the_viewers_rights_once(
    client: Client, project: Project, pm: User, wp_lead_fin: User
) -> None:
    """The same queries for 2 actions as for 8: the viewer's roles are read once and the
    owner compared row by row."""
    mike, hazel = _person(project, "MTHOMPSON"), _person(project, "HCUSHIN")
    url = reverse("action-log", args=[project.pk])
    client.force_login(wp_lead_fin)
    _add_actions(project, pm, [mike, hazel])
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert _buttons(page) == ["A001"]
    _add_actions(project, pm, [mike, hazel, None, mike, hazel, None])
    with CaptureQueriesContext(connection) as eight:
        page = client.get(url).content.decode()
    assert _buttons(page) == ["A001", "A003", "A006"]
    assert (len(two), len(eight)) == (9, 9)


def test_an_action_cannot_be_due_before_it_is_raised(project: Project, pm: User) -> None:
    with pytest.raises(ValidationError) as caught:
        action_create(
            project=project,
            title="Book the room",
            owner=None,
            due=date(2008, 4, 1),
            on=date(2008, 4, 2),
            by=pm,
        )
    [error] = caught.value.error_dict["due"]
    assert (error.code, error.messages) == (
        "due_before_raised",
        ["Due 2008-04-01 is before the action was raised (2008-04-02)."],
    )
    assert not Action.objects.exists()


# -- lessons and communications --------------------------------------------------------------


def test_the_lessons_log(client: Client, demo: Project, deputy_hr: User) -> None:
    client.force_login(deputy_hr)
    page = client.get(reverse("lesson-log", args=[demo.pk])).content.decode()
    assert (
        '<th scope="row">L002</th><td>Meet the counterparts early</td><td>Joint working</td>'
        in page
    )


def test_the_consultation_section_reads_as_the_report(
    client: Client, demo: Project, board_member: User
) -> None:
    client.force_login(board_member)
    page = client.get(reverse("consultation-report", args=[demo.pk])).content.decode()
    held = page.split("<h2>Consultation to date</h2>")[1].split("<h2>")[0]
    planned = page.split("<h2>Consultation proposed</h2>")[1].split("</main>")[0]
    assert [line.strip() for line in held.splitlines() if line.strip()] == [
        "<p>JMT have considered this matter.</p><p>Staff have been briefed.</p>"
    ]
    assert [line.strip() for line in planned.splitlines() if line.strip()] == [
        "<p>CROS are to be consulted again before any decision is to be taken on the project "
        "outcomes.</p><p>External verification of the business case is to take place.</p>"
        "<p>Formal consultation with the Unions and staff will be further expanded.</p>"
    ]


def test_the_comms_plan_page(client: Client, demo: Project, observer: User) -> None:
    client.force_login(observer)
    page = client.get(reverse("comms-plan", args=[demo.pk])).content.decode()
    assert "<caption>Communications plan (5)</caption>" in page
    assert "<caption>Consultation log (5)</caption>" in page
    assert '<tr><th scope="row">Carlisle IT unit</th>' in page
    assert "Record a consultation" not in page


# -- the read API ----------------------------------------------------------------------------


def test_queries_for_the_highlight_report(demo: Project) -> None:
    assert [(r.ref, r.residual_score) for r in queries.top_risks(demo, 3)] == [
        ("R003", 16),
        ("R001", 12),
        ("R002", 9),
    ]
    assert [
        (m.risk.ref, m.on, m.before, m.after, m.direction)
        for m in queries.risk_changes_since(demo, date(2008, 4, 10))
    ] == [("R003", date(2008, 4, 23), 12, 16, "up")]
    assert len(queries.risk_changes_since(demo, date(2008, 4, 2))) == 7
    assert [i.ref for i in queries.open_issues(demo)] == ["I001", "I002", "I003"]
    assert [i.ref for i in queries.decisions_needed(demo)] == ["I001", "I002", "I003"]
    assert [d.ref for d in queries.decisions_since(demo, date(2008, 4, 1))] == ["D002"]
    assert [a.ref for a in queries.overdue_actions(demo, date(2008, 4, 30))] == ["A003", "A002"]
    assert [p.title for p in queries.pending_proposals(demo)] == [
        "External verification costs more than the agreed funding"
    ]


def test_the_queries_as_at_the_end_of_a_period(demo: Project, pm: User) -> None:
    # The HR risk was rescored on 23/04: not in the fortnight to 22/04.
    moves = queries.risk_changes_since(demo, date(2008, 4, 2), date(2008, 4, 22))
    assert [(m.risk.ref, m.direction) for m in moves] == [
        ("R001", "new"),
        ("R002", "new"),
        ("R003", "new"),
        ("R004", "new"),
        ("R005", "new"),
        ("R006", "new"),
    ]
    assert [d.ref for d in queries.decisions_since(demo, date(2008, 3, 1), date(2008, 3, 31))] == [
        "D001"
    ]
    # I001 was raised on 16/04 and I003 on 21/04.
    assert [i.ref for i in queries.open_issues(demo, date(2008, 4, 10))] == ["I002"]
    assert [i.ref for i in queries.decisions_needed(demo, date(2008, 4, 20))] == ["I001", "I002"]
    # A003 (due 18/04) done on 28/04: overdue on 25/04, not on 30/04.
    pension = Action.objects.get(project=demo, number=3)
    action_set_status(action=pension, status="done", by=pm, on=date(2008, 4, 28))
    assert [a.ref for a in queries.overdue_actions(demo, date(2008, 4, 25))] == ["A003"]
    assert [a.ref for a in queries.overdue_actions(demo, date(2008, 4, 30))] == ["A002"]
    assert [a.ref for a in queries.overdue_actions(demo, date(2008, 4, 1))] == []
    assert queries.lessons_logged(demo, date(2008, 4, 1), date(2008, 4, 22)) == []
    assert [
        (lesson.ref, lesson.logged_on)
        for lesson in queries.lessons_logged(demo, date(2008, 4, 23), date(2008, 4, 23))
    ] == [("L001", date(2008, 4, 23)), ("L002", date(2008, 4, 23))]
