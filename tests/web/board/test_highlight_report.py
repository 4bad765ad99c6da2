"""A meeting's highlight report: the project manager attaches one of the project's published
reports, and the meeting page links to it for every member."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import Meeting
from projectboard.web.board.services import meeting_update
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import AuditEvent, Project

from .conftest import highlight_report
from .support import board_snapshot, meeting_edit_data


def _options(page: str) -> list[tuple[str, str]]:
    [select] = re.findall(r'<select name="highlight_report".*?</select>', page, re.S)
    return re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)


def test_the_form_offers_the_projects_published_reports_newest_first(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    first = highlight_report(project, date(2008, 3, 25), date(2008, 4, 7))
    corrected = highlight_report(project, date(2008, 3, 25), date(2008, 4, 7), issue=2)
    second = highlight_report(project, date(2008, 4, 8), date(2008, 4, 21))
    highlight_report(project, date(2008, 4, 22), date(2008, 5, 5), published=False)
    other = Project.objects.create(name="Other", start=project.start)
    highlight_report(other, date(2008, 5, 6), date(2008, 5, 19))
    client.force_login(pm)
    page = client.get(reverse("board-meeting-edit", args=[project.pk, meeting.pk])).content
    assert _options(page.decode()) == [
        ("", "None"),
        (str(second.pk), "08/04/2008 to 21/04/2008, issue 1"),
        (str(corrected.pk), "25/03/2008 to 07/04/2008, issue 2"),
        (str(first.pk), "25/03/2008 to 07/04/2008, issue 1"),
    ]


def test_the_project_manager_attaches_a_report_and_every_member_follows_the_link(
    client: Client,
    project: Project,
    meeting: Meeting,
    pm: User,
    observer: User,
    published_report: HighlightReport,
) -> None:
    client.force_login(pm)
    edit = reverse("board-meeting-edit", args=[project.pk, meeting.pk])
    data = meeting_edit_data(meeting, highlight_report=str(published_report.pk))
    assert client.post(edit, data).status_code == 303
    meeting.refresh_from_db()
    assert (meeting.highlight_report, meeting.version) == (published_report, 2)
    [event] = AuditEvent.objects.filter(
        object_type="board_meeting", object_id=meeting.pk, field="highlight_report"
    )
    assert (event.old, event.new) == ("", "Highlight report 25/03/2008 to 07/04/2008, issue 1")
    assert f'<option value="{published_report.pk}" selected>' in client.get(edit).content.decode()

    client.force_login(observer)
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    link = reverse("highlight-report-detail", args=[project.pk, published_report.pk])
    assert (
        f'<dt>Highlight report</dt><dd><a href="{link}">25/03/2008 to 07/04/2008, issue 1</a></dd>'
        in page
    )
    assert client.get(link).status_code == 200


def test_a_meeting_without_a_report_says_so(
    client: Client, project: Project, meeting: Meeting, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(reverse("board-meeting", args=[project.pk, meeting.pk])).content.decode()
    assert "<dt>Highlight report</dt><dd>Not attached</dd>" in page


def test_detaching_the_report_is_audited(
    project: Project, meeting: Meeting, published_report: HighlightReport
) -> None:
    attached = meeting_update(
        meeting=meeting, expected_version=1, by=None, highlight_report=published_report
    )
    detached = meeting_update(meeting=attached, expected_version=2, by=None, highlight_report=None)
    assert (detached.highlight_report, detached.version) == (None, 3)
    events = AuditEvent.objects.filter(
        object_type="board_meeting", object_id=meeting.pk, field="highlight_report"
    ).order_by("id")
    assert [(e.old, e.new) for e in events] == [
        ("", "Highlight report 25/03/2008 to 07/04/2008, issue 1"),
        ("Highlight report 25/03/2008 to 07/04/2008, issue 1", ""),
    ]


def _draft(project: Project) -> HighlightReport:
    return highlight_report(project, date(2008, 4, 8), date(2008, 4, 21), published=False)


def _of_another_project(project: Project) -> HighlightReport:
    other = Project.objects.create(name="Other", start=project.start)
    return highlight_report(other, date(2008, 3, 25), date(2008, 4, 7))


REFUSALS = [
    pytest.param(
        _draft,
        "draft",
        "Highlight report 08/04/2008 to 21/04/2008, issue 1 is a draft: publish it before "
        "attaching it, so that the board can read it.",
        id="draft",
    ),
    pytest.param(
        _of_another_project,
        "other_project",
        "That highlight report is not one of this project's.",
        id="another-project",
    ),
]


@pytest.mark.parametrize(("make", "code", "message"), REFUSALS)
def test_the_service_refuses_a_report_that_may_not_be_attached(
    project: Project, meeting: Meeting, make: object, code: str, message: str
) -> None:
    assert callable(make)
    report = make(project)
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, expected_version=1, by=None, highlight_report=report)
    [error] = caught.value.error_dict["highlight_report"]
    assert (error.code, error.message) == (code, message)
    assert board_snapshot(project) == before


def test_the_page_refuses_a_draft_of_the_project_saying_publish_it_first(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    report = _draft(project)
    client.force_login(pm)
    before = board_snapshot(project)
    response = client.post(
        reverse("board-meeting-edit", args=[project.pk, meeting.pk]),
        meeting_edit_data(meeting, highlight_report=str(report.pk), venue="The Old Town Hall"),
    )
    assert response.status_code == 422
    assert (
        "Highlight report 08/04/2008 to 21/04/2008, issue 1 is a draft: publish it before "
        "attaching it, so that the board can read it." in response.content.decode()
    )
    assert board_snapshot(project) == before


NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def _invalid_choice_errors(page: str) -> list[str]:
    return re.findall(r"Select a valid choice[^<]*", page)


def test_another_projects_report_gets_the_same_answer_as_a_missing_one(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    """The page does not reveal whether another project's report id exists."""
    other = _of_another_project(project)
    missing_id = other.pk + 1  # the newest report's id, plus one
    assert not HighlightReport.objects.filter(pk=missing_id).exists()
    client.force_login(pm)
    edit = reverse("board-meeting-edit", args=[project.pk, meeting.pk])
    before = board_snapshot(project)
    answers = []
    for report_id in (other.pk, missing_id):
        response = client.post(
            edit, meeting_edit_data(meeting, highlight_report=str(report_id), venue="Elsewhere")
        )
        page = response.content.decode()
        answers.append((response.status_code, _invalid_choice_errors(page)))
        assert "not one of this project&#x27;s" not in page
    # Said in the error summary and at the field, alike for both.
    assert answers == [(422, [NOT_A_CHOICE, NOT_A_CHOICE]), (422, [NOT_A_CHOICE, NOT_A_CHOICE])]
    assert board_snapshot(project) == before


def test_deleting_a_report_leaves_the_meeting_without_one(
    project: Project, meeting: Meeting, published_report: HighlightReport
) -> None:
    meeting_update(meeting=meeting, expected_version=1, by=None, highlight_report=published_report)
    published_report.delete()
    meeting.refresh_from_db()
    assert (meeting.highlight_report, meeting.version) == (None, 2)
