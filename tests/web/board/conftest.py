"""Board fixtures: the seed project's meetings as the series generator makes them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth.models import User

from projectboard.web.board.exception_services import exception_report_create
from projectboard.web.board.models import ExceptionReport, Meeting
from projectboard.web.board.series import MonthlyRule
from projectboard.web.board.services import Seat, meeting_series_create
from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.projects.models import Partner, Person, Project

from ..conftest import user_for


def person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


@pytest.fixture
def meetings(project: Project) -> list[Meeting]:
    """Five meetings on the third Wednesday from March 2008 at 10:00, Allerdale first."""
    return meeting_series_create(
        project=project,
        rule=MonthlyRule("weekday", 3, 2),
        start=date(2008, 3, 1),
        count=5,
        at=time(10, 0),
        duration_minutes=120,
        rotation=[
            Seat(
                Partner.objects.get(project=project, code="ABC"),
                person(project, "NFARDON"),
                "Allerdale House, Workington",
            ),
            Seat(
                Partner.objects.get(project=project, code="CCC"),
                person(project, "ABROWN"),
                "Civic Centre, Carlisle",
            ),
        ],
        by=None,
    )


@pytest.fixture
def meeting(meetings: list[Meeting]) -> Meeting:
    """The second: Wednesday 16 April 2008, 10:00 BST, at Carlisle, Angela Brown chairing."""
    return meetings[1]


@pytest.fixture
def board_only(project: Project) -> User:
    """Nick Fardon (ABC), a board member who is not the chair."""
    return user_for(project, "NFARDON", "board-nf")


@pytest.fixture
def report(project: Project) -> ExceptionReport:
    """A draft exception report for WP-ORG (forecast 12 working days late)."""
    return exception_report_create(work_package=project.work_packages.get(code="WP-ORG"), by=None)


def highlight_report(
    project: Project, start: date, end: date, *, issue: int = 1, published: bool = True
) -> HighlightReport:
    """A highlight report as the highlights app stores it, with no text or tables: the board
    only reads its project, period, issue and status."""
    return HighlightReport.objects.create(
        project=project,
        period_start=start,
        period_end=end,
        issue=issue,
        status=Status.PUBLISHED if published else Status.DRAFT,
        captured_at=datetime(end.year, end.month, end.day, 17, tzinfo=UTC),
        plan_revision=project.plan_revision,
        author_name="Hazel Cushin",
        published_at=datetime(end.year, end.month, end.day, 17, tzinfo=UTC) if published else None,
    )


@pytest.fixture
def published_report(project: Project) -> HighlightReport:
    """Published, for 25/03/2008 to 07/04/2008: the report for the April meeting."""
    return highlight_report(project, date(2008, 3, 25), date(2008, 4, 7))
