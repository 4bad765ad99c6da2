"""The series generator: monthly dates by rule, the chair and the venue alternating between
the partners, and what it refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import Meeting
from projectboard.web.board.series import MonthlyRule, monthly_dates
from projectboard.web.board.services import Seat, meeting_series_create
from projectboard.web.projects.models import AuditEvent, Partner, Project

from .conftest import person
from .support import board_snapshot


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        # first Tuesday
        (
            MonthlyRule("weekday", 1, 1),
            date(2008, 3, 1),
            [date(2008, 3, 4), date(2008, 4, 1), date(2008, 5, 6)],
        ),
        # the first Tuesday of March is past: start in April
        (
            MonthlyRule("weekday", 1, 1),
            date(2008, 3, 5),
            [date(2008, 4, 1), date(2008, 5, 6), date(2008, 6, 3)],
        ),
        # the day itself counts
        (
            MonthlyRule("weekday", 3, 2),
            date(2008, 3, 19),
            [date(2008, 3, 19), date(2008, 4, 16), date(2008, 5, 21)],
        ),
        # last Wednesday, over the year end
        (
            MonthlyRule("weekday", -1, 2),
            date(2008, 11, 1),
            [date(2008, 11, 26), date(2008, 12, 31), date(2009, 1, 28)],
        ),
        # fourth Friday in a leap February
        (
            MonthlyRule("weekday", 4, 4),
            date(2008, 2, 1),
            [date(2008, 2, 22), date(2008, 3, 28), date(2008, 4, 25)],
        ),
        # the 15th; 15 November 2008 is a Saturday: Monday 17th
        (
            MonthlyRule("day", 15),
            date(2008, 10, 1),
            [date(2008, 10, 15), date(2008, 11, 17), date(2008, 12, 15)],
        ),
        # 28 December 2008 is a Sunday, 28 February 2009 a Saturday: the Mondays after
        (
            MonthlyRule("day", 28),
            date(2008, 12, 1),
            [date(2008, 12, 29), date(2009, 1, 28), date(2009, 3, 2)],
        ),
    ],
)
def test_monthly_dates(rule: MonthlyRule, start: date, expected: list[date]) -> None:
    assert monthly_dates(rule, start=start, count=3) == expected


@pytest.mark.parametrize(
    ("kind", "ordinal", "weekday", "message"),
    [
        ("weekday", 5, 1, "ordinal 5 is not 1-4 or -1 (last)"),
        ("weekday", 1, 7, "weekday 7 is not 0 (Monday) to 6 (Sunday)"),
        ("day", 29, 0, "day 29 is not 1 to 28"),
        ("day", 0, 0, "day 0 is not 1 to 28"),
    ],
)
def test_bad_rules_are_refused(kind: str, ordinal: int, weekday: int, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        MonthlyRule(kind, ordinal, weekday)  # type: ignore[arg-type]


def test_rules_describe_themselves() -> None:
    assert MonthlyRule("weekday", 1, 1).describe() == "the first Tuesday of each month"
    assert MonthlyRule("weekday", -1, 2).describe() == "the last Wednesday of each month"
    assert MonthlyRule("day", 15).describe() == (
        "day 15 of each month (a weekend moves to the Monday after)"
    )


def test_the_series_alternates_chair_and_venue(project: Project, meetings: list[Meeting]) -> None:
    rows = [
        (
            m.number,
            m.starts_at.astimezone(UTC),
            m.chair.name if m.chair else None,
            m.venue,
            m.venue_partner.code if m.venue_partner else None,
            m.status,
        )
        for m in meetings
    ]
    assert rows == [
        (
            1,
            datetime(2008, 3, 19, 10, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "ABC",
            "planned",
        ),
        # British Summer Time: 10:00 in London is 09:00 UTC
        (
            2,
            datetime(2008, 4, 16, 9, tzinfo=UTC),
            "Angela Brown",
            "Civic Centre, Carlisle",
            "CCC",
            "planned",
        ),
        (
            3,
            datetime(2008, 5, 21, 9, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "ABC",
            "planned",
        ),
        (
            4,
            datetime(2008, 6, 18, 9, tzinfo=UTC),
            "Angela Brown",
            "Civic Centre, Carlisle",
            "CCC",
            "planned",
        ),
        (
            5,
            datetime(2008, 7, 16, 9, tzinfo=UTC),
            "Nick Fardon",
            "Allerdale House, Workington",
            "ABC",
            "planned",
        ),
    ]
    first = meetings[0]
    assert [i.title for i in first.agenda_items.all()] == [
        "Apologies",
        "Minutes of the last meeting and matters arising",
        "Highlight report from the project manager",
        "Exceptions, risks and issues",
        "Stop/go decision",
        "Any other business",
        "Date and venue of the next meeting",
    ]
    assert sorted(p.name for p in first.circulation.all()) == [
        "Angela Brown",
        "Hazel Cushin",
        "John Nutley",
        "Nick Fardon",
        "Philippa Hardy",
        "Stephen Kirkpatrick",
    ]
    events = AuditEvent.objects.filter(project=project, object_type="board_meeting")
    assert [e.new for e in events] == [
        "Project board 1: Wed 19/03/2008 10:00, Allerdale House, Workington, chair Nick Fardon",
        "Project board 2: Wed 16/04/2008 10:00, Civic Centre, Carlisle, chair Angela Brown",
        "Project board 3: Wed 21/05/2008 10:00, Allerdale House, Workington, chair Nick Fardon",
        "Project board 4: Wed 18/06/2008 10:00, Civic Centre, Carlisle, chair Angela Brown",
        "Project board 5: Wed 16/07/2008 10:00, Allerdale House, Workington, chair Nick Fardon",
    ]


def _seats(project: Project, abc_chair: str = "NFARDON", ccc_chair: str = "ABROWN") -> list[Seat]:
    abc = Partner.objects.get(project=project, code="ABC")
    ccc = Partner.objects.get(project=project, code="CCC")
    return [
        Seat(abc, person(project, abc_chair), "Workington"),
        Seat(ccc, person(project, ccc_chair), "Carlisle"),
    ]


def _create(
    project: Project, rotation: list[Seat], *, count: int = 2, by: User | None = None
) -> list[Meeting]:
    return meeting_series_create(
        project=project,
        rule=MonthlyRule("weekday", 1, 1),
        start=date(2008, 9, 1),
        count=count,
        at=time(10),
        duration_minutes=120,
        rotation=rotation,
        by=by,
    )


@pytest.mark.parametrize(
    ("change", "field", "code", "message"),
    [
        ("not_board", "rotation", "not_board_member", "Hazel Cushin is not on the project board."),
        (
            "wrong_partner",
            "rotation",
            "wrong_partner",
            "John Nutley does not work for Allerdale Borough Council.",
        ),
        ("duplicate", "rotation", "duplicate", "Each partner takes one turn in the rotation."),
        ("no_venue", "rotation", "required", "Give a venue for Carlisle City Council."),
        ("empty", "rotation", "required", "Choose a chair and venue for at least one partner."),
        ("count", "count", "out_of_range", "Give 1 to 24 meetings, not 25."),
    ],
)
def test_the_generator_refuses_bad_rotations(
    project: Project, meetings: list[Meeting], change: str, field: str, code: str, message: str
) -> None:
    seats = _seats(project)
    count = 2
    if change == "not_board":
        seats = _seats(project, abc_chair="HCUSHIN")
    elif change == "wrong_partner":
        seats = _seats(project, abc_chair="JNUTLEY")
    elif change == "duplicate":
        seats = [seats[0], seats[0]]
    elif change == "no_venue":
        seats = [seats[0], Seat(seats[1].partner, seats[1].chair, "  ")]
    elif change == "empty":
        seats = []
    else:
        count = 25
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        _create(project, seats, count=count)
    [error] = caught.value.error_dict[field]
    assert (error.code, error.message) == (code, message)
    assert board_snapshot(project) == before


def test_only_the_project_manager_arranges_meetings(
    project: Project, board_member: User, wp_lead_fin: User
) -> None:
    for user in (board_member, wp_lead_fin):
        with pytest.raises(PermissionDenied, match=r"^Only the project manager may arrange"):
            _create(project, _seats(project), by=user)
    assert Meeting.objects.filter(project=project).count() == 0


def test_the_series_page_follows_on_and_starts_with_the_chosen_partner(
    client: Client, project: Project, meetings: list[Meeting], pm: User
) -> None:
    abc, ccc = project.partners.order_by("code")
    client.force_login(pm)
    page = client.get(reverse("board-series", args=[project.pk])).content.decode()
    assert "<h1>Arrange a series of board meetings</h1>" in page
    data = {
        "rule_kind": "day",
        "ordinal": "1",
        "weekday": "0",
        "day": "15",
        "start": "2008-08-01",
        "count": "3",
        "at": "14:30",
        "duration_minutes": "90",
        "first": str(ccc.pk),
        f"chair_{abc.pk}": str(person(project, "NFARDON").pk),
        f"venue_{abc.pk}": "Workington",
        f"chair_{ccc.pk}": str(person(project, "ABROWN").pk),
        f"venue_{ccc.pk}": "Carlisle",
    }
    response = client.post(reverse("board-series", args=[project.pk]), data)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("board-meetings", args=[project.pk]),
    )
    added = Meeting.objects.filter(project=project, number__gt=5).order_by("number")
    assert [
        (m.number, str(m.starts_at.astimezone(UTC)), m.venue, m.duration_minutes) for m in added
    ] == [
        (6, "2008-08-15 13:30:00+00:00", "Carlisle", 90),
        (7, "2008-09-15 13:30:00+00:00", "Workington", 90),
        (8, "2008-10-15 13:30:00+00:00", "Carlisle", 90),
    ]
    listing = client.get(reverse("board-meetings", args=[project.pk])).content.decode()
    assert "3 meetings arranged, day 15 of each month" in listing
    assert listing.count('<th scope="row"><a href=') == 8


def test_the_series_page_shows_errors_beside_fields(
    client: Client, project: Project, pm: User
) -> None:
    abc = project.partners.get(code="ABC")
    client.force_login(pm)
    data = {
        "rule_kind": "day",
        "ordinal": "1",
        "weekday": "0",
        "day": "",
        "start": "2008-08-01",
        "count": "3",
        "at": "10:00",
        "duration_minutes": "90",
        "first": str(abc.pk),
        f"chair_{abc.pk}": str(person(project, "NFARDON").pk),
        f"venue_{abc.pk}": "",
    }
    before = board_snapshot(project)
    response = client.post(reverse("board-series", args=[project.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Day of the month: Give the day of the month." in page
    assert board_snapshot(project) == before
    data["day"] = "15"
    response = client.post(reverse("board-series", args=[project.pk]), data)
    assert response.status_code == 422
    assert "<li>Give a venue for Allerdale Borough Council.</li>" in response.content.decode()
    assert board_snapshot(project) == before
