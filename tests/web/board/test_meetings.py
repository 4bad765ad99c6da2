"""A meeting's page (agenda, attendance by partner, decision, minutes), editing it, and its
iCalendar download."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import Meeting
from projectboard.web.board.services import meeting_close, meeting_update, stop_go_decision_record
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.projects.services import Conflict

from .conftest import person
from .support import board_snapshot, meeting_edit_data


def test_the_meeting_page_shows_attendance_by_partner(
    client: Client, project: Project, meeting: Meeting, pm: User, observer: User
) -> None:
    client.force_login(pm)
    data = meeting_edit_data(
        meeting,
        **{
            f"attendance_{person(project, 'NFARDON').pk}": "present",
            f"attendance_{person(project, 'SKIRKPATRICK').pk}": "apologies",
            f"attendance_{person(project, 'ABROWN').pk}": "present",
        },
    )
    data["others_attending"] = str(person(project, "HCUSHIN").pk)
    assert (
        client.post(reverse("board-meeting-edit", args=[project.pk, meeting.pk]), data).status_code
        == 303
    )
    client.force_login(observer)
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    when = '<time datetime="2008-04-16T10:00:00+01:00">Wed 16/04/2008 10:00</time>'
    assert f"<h1>Project board 2: {when}</h1>" in page
    assert '<th scope="rowgroup" rowspan="3">Allerdale Borough Council</th>' in page
    assert (
        "<td>Nick Fardon</td><td>Project Sponsor &amp; Legal representative</td><td>Present</td>"
        in page
    )
    assert "<td>Stephen Kirkpatrick</td><td>Allerdale ICT</td><td>Apologies</td>" in page
    assert "<td>Philippa Hardy</td><td>HR representative</td><td>Not recorded</td>" in page
    assert '<th scope="rowgroup" rowspan="2">Carlisle City Council</th>' in page
    assert "<li>Hazel Cushin, Head of Corporate Services</li>" in page
    assert "<li>Stop/go decision</li>" in page
    assert "Edit the meeting" not in page  # the observer may not
    assert "Record the board" not in page


def test_the_project_manager_edits_a_meeting_and_each_change_is_audited(
    client: Client,
    project: Project,
    meeting: Meeting,
    pm: User,
    published_report: HighlightReport,
) -> None:
    client.force_login(pm)
    url = reverse("board-meeting-edit", args=[project.pk, meeting.pk])
    assert "<h1>Edit Project board 2</h1>" in client.get(url).content.decode()
    data = meeting_edit_data(
        meeting,
        date="2008-04-17",
        at="14:00",
        agenda="Apologies\nPID acceptance\nStop/go",
        highlight_report=str(published_report.pk),
        minutes="Notes.\r\nMore.",
    )
    data["circulation"] = [str(person(project, "ABROWN").pk), str(person(project, "NFARDON").pk)]
    response = client.post(url, data)
    assert response.status_code == 303
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(2008, 4, 17, 13, 0, tzinfo=UTC)
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Apologies",
        "PID acceptance",
        "Stop/go",
    ]
    assert (meeting.highlight_report, meeting.minutes, meeting.version) == (
        published_report,
        "Notes.\nMore.",
        2,
    )
    events = AuditEvent.objects.filter(object_type="board_meeting", object_id=meeting.pk).exclude(
        field=""
    )
    assert [(e.who.username if e.who else None, e.field) for e in events] == [
        ("pm", "starts_at"),
        ("pm", "highlight_report"),
        ("pm", "agenda"),
        ("pm", "circulation"),
        ("pm", "minutes"),
    ]
    assert (events[0].old, events[0].new) == (
        "2008-04-16T10:00:00+01:00",
        "2008-04-17T14:00:00+01:00",
    )


def test_a_stale_edit_is_a_conflict_and_changes_nothing(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    meeting_update(meeting=meeting, expected_version=1, by=None, venue="The Old Town Hall")
    client.force_login(pm)
    before = board_snapshot(project)
    response = client.post(
        reverse("board-meeting-edit", args=[project.pk, meeting.pk]),
        meeting_edit_data(meeting, venue="Somewhere else", version="1"),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved: Project board 2 was changed by someone else (now version 2)" in page
    assert 'name="version" value="2"' in page
    assert board_snapshot(project) == before


@pytest.mark.parametrize(
    ("fields", "field", "code", "message"),
    [
        (
            {"status": "closed"},
            "status",
            "invalid",
            "A meeting is planned or held here; close it from its page.",
        ),
        ({"agenda": ["Apologies", " "]}, "agenda", "invalid", "An agenda item cannot be empty."),
        (
            {"duration_minutes": 5},
            "duration_minutes",
            "out_of_range",
            "A meeting lasts 15 to 480 minutes, not 5.",
        ),
    ],
)
def test_bad_meeting_values_are_refused(
    project: Project,
    meeting: Meeting,
    fields: dict[str, object],
    field: str,
    code: str,
    message: str,
) -> None:
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, expected_version=1, by=None, **fields)  # type: ignore[arg-type]
    [error] = caught.value.error_dict[field]
    assert (error.code, error.message) == (code, message)
    assert board_snapshot(project) == before


def test_the_chair_must_be_on_the_board(project: Project, meeting: Meeting) -> None:
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        meeting_update(
            meeting=meeting, expected_version=1, by=None, chair=person(project, "HCUSHIN")
        )
    [error] = caught.value.error_dict["chair"]
    assert (error.code, error.message) == (
        "not_board_member",
        "Hazel Cushin is not on the project board.",
    )
    assert board_snapshot(project) == before


def test_a_closed_meeting_cannot_be_edited(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    stop_go_decision_record(meeting=meeting, outcome="go", rationale="Fine.", by=None)
    meeting_close(meeting=meeting, by=None)
    meeting.refresh_from_db()
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, expected_version=meeting.version, by=None, venue="X")
    assert caught.value.error_dict["status"][0].code == "closed"
    client.force_login(pm)
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    assert "Edit the meeting" not in page
    assert board_snapshot(project) == before


def test_an_unchanged_save_keeps_the_version(project: Project, meeting: Meeting) -> None:
    saved = meeting_update(
        meeting=meeting, expected_version=1, by=None, venue="Civic Centre, Carlisle"
    )
    assert saved.version == 1
    before = board_snapshot(project)
    with pytest.raises(Conflict):
        meeting_update(meeting=meeting, expected_version=2, by=None, venue="X")
    assert board_snapshot(project) == before


def test_one_meeting_downloads_as_icalendar(
    client: Client, project: Project, meeting: Meeting, observer: User
) -> None:
    client.force_login(observer)
    response = client.get(reverse("board-meeting-ics", args=[project.pk, meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="project-board-2.ics"'
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:board-meeting-{meeting.pk}.project-{project.pk}@projectboard\r\n" in text
    assert "DTSTART:20080416T090000Z\r\nDTEND:20080416T110000Z\r\n" in text
    assert "LOCATION:Civic Centre\\, Carlisle\r\n" in text
    assert (
        "SUMMARY:Allerdale–Carlisle Shared ICT Service – Business Case: Project board 2\r\n"
        in text.replace("\r\n ", "")
    )
    assert "DESCRIPTION:Chair: Angela Brown\\nAgenda:\\n1. Apologies\\n" in text.replace(
        "\r\n ", ""
    )


def test_the_whole_series_downloads_as_icalendar(
    client: Client, project: Project, meetings: list[Meeting], board_member: User
) -> None:
    client.force_login(board_member)
    response = client.get(reverse("board-calendar-ics", args=[project.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    starts = [line for line in text.split("\r\n") if line.startswith("DTSTART:")]
    assert starts == [
        "DTSTART:20080319T100000Z",
        "DTSTART:20080416T090000Z",
        "DTSTART:20080521T090000Z",
        "DTSTART:20080618T090000Z",
        "DTSTART:20080716T090000Z",
    ]
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_meeting_list(
    client: Client, project: Project, meetings: list[Meeting], pm: User
) -> None:
    client.force_login(pm)
    page = client.get(reverse("board-meetings", args=[project.pk])).content.decode()
    assert page.count("<td>Not recorded</td>") == 5
    assert '<td><time datetime="2008-04-16T10:00:00+01:00">Wed 16/04/2008 10:00</time></td>' in page
    assert "Arrange a series of meetings" in page
