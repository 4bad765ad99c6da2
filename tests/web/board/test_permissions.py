"""Every board page, per persona: who may GET it and POST to it. Members read; the project
manager arranges; the board decides; the PM or the chair closes. Outsiders get the same 404
as for a missing object, anonymous users are sent to log in, and a refused POST changes
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.board.models import ExceptionReport, Meeting
from projectboard.web.projects.models import Project

from .covered_urls import URL_NAMES
from .support import board_snapshot

PERSONAS = ["pm", "wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer", "outsider"]
MEMBERS = frozenset(PERSONAS) - {"outsider"}
Args = Callable[[Project, Meeting, ExceptionReport], dict[str, Any]]


def _project(p: Project, m: Meeting, r: ExceptionReport) -> dict[str, Any]:
    return {"project_id": p.pk}


def _meeting(p: Project, m: Meeting, r: ExceptionReport) -> dict[str, Any]:
    return {"project_id": p.pk, "meeting_id": m.pk}


def _report(p: Project, m: Meeting, r: ExceptionReport) -> dict[str, Any]:
    return {"project_id": p.pk, "report_id": r.pk}


# name -> (arguments, personas that may GET (None: GET is not allowed: 405), personas that
# may POST (None: POST is not allowed: 405)).
PAGES: dict[str, tuple[Args, frozenset[str] | None, frozenset[str] | None]] = {
    "board-meetings": (_project, MEMBERS, None),
    "board-meeting": (_meeting, MEMBERS, None),
    "board-meeting-ics": (_meeting, MEMBERS, None),
    "board-calendar-ics": (_project, MEMBERS, None),
    "board-exceptions": (_project, MEMBERS, None),
    "board-exception-report": (_report, MEMBERS, None),
    "board-series": (_project, frozenset({"pm"}), frozenset({"pm"})),
    "board-meeting-edit": (_meeting, frozenset({"pm"}), frozenset({"pm"})),
    "board-tolerances": (_project, frozenset({"pm"}), frozenset({"pm"})),
    "board-exception-report-edit": (_report, frozenset({"pm"}), frozenset({"pm"})),
    "board-decision": (_meeting, frozenset({"board_member"}), frozenset({"board_member"})),
    "board-meeting-close": (_meeting, None, frozenset({"pm", "board_member"})),
    "board-exception-report-new": (_project, None, frozenset({"pm"})),
}


def test_every_board_url_is_in_the_table() -> None:
    assert set(PAGES) == URL_NAMES


def _url(name: str, project: Project, meeting: Meeting, report: ExceptionReport) -> str:
    return reverse(name, kwargs=PAGES[name][0](project, meeting, report))


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_get(
    client: Client,
    project: Project,
    meeting: Meeting,
    report: ExceptionReport,
    name: str,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    allowed = PAGES[name][1]
    before = board_snapshot(project)
    response = client.get(_url(name, project, meeting, report))
    if allowed is None:
        expected = 405  # for everyone: the method is checked first
    elif persona == "outsider":
        expected = 404
    else:
        expected = 200 if persona in allowed else 403
    assert response.status_code == expected
    assert board_snapshot(project) == before


# A POST that a permitted persona may send and that succeeds (its answer: 303).
def _post_data(name: str, project: Project, meeting: Meeting) -> dict[str, str]:
    if name == "board-series":
        abc, ccc = project.partners.order_by("code")
        nick = project.memberships.filter(person__code="NFARDON").first()
        angela = project.memberships.filter(person__code="ABROWN").first()
        assert nick is not None and angela is not None
        return {
            "rule_kind": "weekday",
            "ordinal": "1",
            "weekday": "1",
            "start": "2008-08-01",
            "count": "2",
            "at": "10:00",
            "duration_minutes": "90",
            "first": str(ccc.pk),
            f"chair_{abc.pk}": str(nick.person_id),
            f"venue_{abc.pk}": "Workington",
            f"chair_{ccc.pk}": str(angela.person_id),
            f"venue_{ccc.pk}": "Carlisle",
        }
    if name == "board-meeting-edit":
        return {
            "date": "2008-04-16",
            "at": "14:00",
            "duration_minutes": "120",
            "venue": "Civic Centre, Carlisle",
            "chair": "",
            "status": "planned",
            "agenda": "Apologies",
            "minutes": "",
            "version": str(meeting.version),
        }
    if name == "board-tolerances":
        data = {"time_tolerance_days": "5", "cost_tolerance_percent": "10"}
        for wp in project.work_packages.all():
            data[f"time_{wp.pk}"] = ""
            data[f"cost_{wp.pk}"] = ""
        return data
    if name == "board-exception-report-edit":
        return {
            "cause": "c",
            "consequences": "",
            "options": "",
            "recommendation": "",
            "status": "draft",
            "version": "1",
        }
    if name == "board-decision":
        return {
            "outcome": "go",
            "rationale": "On track.",
            "conditions-TOTAL_FORMS": "0",
            "conditions-INITIAL_FORMS": "0",
        }
    if name == "board-meeting-close":
        return {}
    if name == "board-exception-report-new":
        return {"work_package": "WP-HR"}
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_post(
    client: Client,
    project: Project,
    meeting: Meeting,
    report: ExceptionReport,
    name: str,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    allowed = PAGES[name][2]
    data = _post_data(name, project, meeting) if allowed else {}
    before = board_snapshot(project)
    response = client.post(_url(name, project, meeting, report), data)
    if allowed is None:
        expected = 405
    elif persona == "outsider":
        expected = 404
    elif persona not in allowed:
        expected = 403
    elif name == "board-meeting-close":
        expected = 422  # no decision recorded yet: refused, see test_decisions.py
    else:
        expected = 303
    assert response.status_code == expected
    if expected != 303:
        assert board_snapshot(project) == before
    else:
        assert board_snapshot(project) != before


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_users_are_sent_to_log_in(
    client: Client, project: Project, meeting: Meeting, report: ExceptionReport, name: str
) -> None:
    url = _url(name, project, meeting, report)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_board_member_who_is_not_the_chair_decides_but_does_not_close(
    client: Client, project: Project, meeting: Meeting, board_only: User
) -> None:
    client.force_login(board_only)
    args = [project.pk, meeting.pk]
    assert client.get(reverse("board-decision", args=args)).status_code == 200
    before = board_snapshot(project)
    assert client.post(reverse("board-meeting-close", args=args)).status_code == 403
    assert board_snapshot(project) == before


def test_a_meeting_of_another_project_is_the_same_404(
    client: Client, project: Project, meeting: Meeting, pm: User
) -> None:
    other = Project.objects.create(name="Other", start=project.start)
    client.force_login(pm)
    missing = reverse("board-meeting", args=[project.pk, 999999])
    elsewhere = reverse("board-meeting", args=[other.pk, meeting.pk])
    assert client.get(missing).status_code == 404
    assert client.get(elsewhere).status_code == 404
