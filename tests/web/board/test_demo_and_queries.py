"""The seed project's board (``load_demo``), what it writes to the logs, and the read API
the highlight report uses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.auth.models import User

from projectboard.web.board.demo import load_demo
from projectboard.web.board.models import Meeting
from projectboard.web.board.queries import decisions, exceptions, next_meeting, open_conditions
from projectboard.web.projects.models import Project
from projectboard.web.risks.demo import load_demo as risks_demo
from projectboard.web.risks.models import Action, Decision


def test_the_demo_board_meets_monthly_alternating_chair_and_venue(project: Project) -> None:
    meetings = load_demo(project)
    assert [
        (
            m.number,
            m.starts_at.astimezone(UTC),
            m.chair.name if m.chair else None,
            m.venue,
            m.status,
        )
        for m in meetings
    ] == [
        (
            1,
            datetime(2008, 3, 19, 10, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "closed",
        ),
        (2, datetime(2008, 4, 16, 9, tzinfo=UTC), "Angela Brown", "Civic Centre, Carlisle", "held"),
        (
            3,
            datetime(2008, 5, 21, 9, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "planned",
        ),
        (
            4,
            datetime(2008, 6, 18, 9, tzinfo=UTC),
            "Angela Brown",
            "Civic Centre, Carlisle",
            "planned",
        ),
        (
            5,
            datetime(2008, 7, 16, 9, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "planned",
        ),
    ]
    # The demo's highlight report is a draft, which the board cannot read: none is attached.
    assert [m.highlight_report_id for m in meetings] == [None, None, None, None, None]
    second = meetings[1]
    assert sorted((a.person.name, a.status) for a in second.attendance.all()) == [
        ("Angela Brown", "present"),
        ("John Nutley", "present"),
        ("Nick Fardon", "present"),
        ("Philippa Hardy", "present"),
        ("Stephen Kirkpatrick", "apologies"),
    ]
    assert load_demo(project) == meetings  # once only
    assert Meeting.objects.filter(project=project).count() == 5


def test_decisions_and_conditions_for_the_logs(project: Project) -> None:
    load_demo(project)
    found = decisions(project)
    assert [(d.decided_on, d.title, d.chair.name if d.chair else None) for d in found] == [
        (date(2008, 3, 19), "Stop/go at project board 1: Go", "Nick Fardon"),
        (date(2008, 4, 16), "Stop/go at project board 2: Go with conditions", "Angela Brown"),
    ]
    assert [(c.text[:30], c.owner.name, c.due) for c in found[1].conditions] == [
        ("Confirm the current ICT spend ", "Mike Thompson", date(2008, 5, 9)),
        ("Brief the trade unions at both", "Philippa Hardy", date(2008, 4, 30)),
    ]
    assert [(c.owner.name, c.due, c.action_ref) for c in open_conditions(project)] == [
        ("Philippa Hardy", date(2008, 4, 30), "A002"),
        ("Mike Thompson", date(2008, 5, 9), "A001"),
    ]


def test_after_the_risks_demo_the_board_demo_continues_the_logs(project: Project, pm: User) -> None:
    assert risks_demo(project) is True
    load_demo(project)
    assert [
        (d.ref, d.decided_on, d.title, d.source)
        for d in Decision.objects.filter(project=project).order_by("number")
    ] == [
        (
            "D001",
            date(2008, 3, 17),
            "Start the shared ICT business case project",
            "Executive 17/03/2008",
        ),
        (
            "D002",
            date(2008, 4, 2),
            "PID agreed; Allerdale provides the project manager",
            "Board 02/04/2008",
        ),
        ("D003", date(2008, 3, 19), "Stop/go at project board 1: Go", "Project board 1"),
        (
            "D004",
            date(2008, 4, 16),
            "Stop/go at project board 2: Go with conditions",
            "Project board 2",
        ),
    ]
    assert [
        (a.ref, a.owner.name if a.owner else None, a.due, a.source)
        for a in Action.objects.filter(project=project, number__gt=5).order_by("number")
    ] == [
        ("A006", "Mike Thompson", date(2008, 5, 9), "Project board 2, condition 1"),
        ("A007", "Philippa Hardy", date(2008, 4, 30), "Project board 2, condition 2"),
    ]


def test_the_next_meeting(project: Project) -> None:
    load_demo(project)
    after_options = next_meeting(project, datetime(2008, 4, 20, tzinfo=UTC))
    assert after_options is not None and after_options.number == 3
    on_the_hour = next_meeting(project, datetime(2008, 5, 21, 9, tzinfo=UTC))
    assert on_the_hour is not None and on_the_hour.number == 3
    assert next_meeting(project, datetime(2008, 7, 16, 9, 1, tzinfo=UTC)) is None


def test_exceptions_for_the_highlight_report(project: Project) -> None:
    assert [(c.work_package.code, c.slip_days, c.over_by_days) for c in exceptions(project)] == [
        ("WP-ORG", Decimal("12.00"), Decimal("2.00")),
        ("WP-HR", Decimal("15.00"), Decimal("5.00")),
    ]
