"""Who may use each progress page, per persona: members read progress, variance and what
moved; the project manager and the leads and deputies of a task's work package enter its
progress; only the project manager sets the status date, reschedules and saves baselines.
Every refused write changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Baseline, BaselineTask, Project

from ..support import snapshot
from .support import progress_data

MEMBERS = ["pm", "wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer"]
PM_ONLY = ["progress-status-date", "progress-reschedule", "baseline-save"]
READ = ["progress", "baselines", "variance", "moved"]


def state(project: Project) -> tuple[Any, ...]:
    project.refresh_from_db()
    return (
        snapshot(project),
        project.status_date,
        project.plan_revision,
        Baseline.objects.count(),
        BaselineTask.objects.count(),
    )


def _url(name: str, project: Project) -> str:
    return reverse(name, args=[project.pk])


@pytest.mark.parametrize("name", READ)
@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read(
    client: Client, project: Project, name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(name, project)).status_code == 200


@pytest.mark.parametrize("name", PM_ONLY)
@pytest.mark.parametrize("persona", MEMBERS)
def test_only_the_project_manager_gets_the_pm_pages(
    client: Client, project: Project, name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(name, project)).status_code == (200 if persona == "pm" else 403)


@pytest.mark.parametrize("name", READ + PM_ONLY)
def test_the_outsider_sees_nothing(
    client: Client, project: Project, outsider: User, name: str
) -> None:
    client.force_login(outsider)
    before = state(project)
    response = client.get(_url(name, project))
    assert response.status_code == 404
    assert project.name not in response.content.decode()
    # The read-only pages take no POST from anyone (405); the others are not there.
    posted = client.post(_url(name, project), {})
    assert posted.status_code == (405 if name in ("baselines", "variance", "moved") else 404)
    assert state(project) == before


@pytest.mark.parametrize("name", READ + PM_ONLY)
def test_anonymous_users_are_sent_to_log_in(client: Client, project: Project, name: str) -> None:
    url = _url(name, project)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name", ["baselines", "variance", "moved"])
def test_the_read_pages_refuse_writes(
    client: Client, project: Project, pm: User, name: str
) -> None:
    client.force_login(pm)
    before = state(project)
    assert client.post(_url(name, project)).status_code == 405
    assert state(project) == before


def test_a_missing_project_is_the_same_404(client: Client, pm: User) -> None:
    client.force_login(pm)
    for name in READ + PM_ONLY:
        assert client.get(reverse(name, args=[999999])).status_code == 404


# -- entering progress: task 6 is WP-FIN's ---------------------------------------------------

TASK_6 = {6: {"actual_start": "2008-04-22", "percent_complete": "20"}}


@pytest.mark.parametrize("persona", ["pm", "wp_lead_fin"])
def test_the_pm_and_the_lead_enter_progress(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.post(_url("progress", project) + "?until=", progress_data(project, TASK_6))
    assert response.status_code == 303
    task = project.tasks.get(number=6)
    assert (task.actual_start, task.percent_complete, task.version) == ("2008-04-22", 20, 2)


@pytest.mark.parametrize("persona", ["wp_lead_gis", "deputy_hr", "board_member", "observer"])
def test_others_may_not_enter_progress_on_task_6(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = state(project)
    response = client.post(_url("progress", project) + "?until=", progress_data(project, TASK_6))
    assert response.status_code == 403
    assert state(project) == before


def test_a_lead_gets_a_form_for_their_own_tasks_only(
    client: Client, project: Project, wp_lead_gis: User, board_member: User
) -> None:
    client.force_login(wp_lead_gis)
    page = client.get(_url("progress", project) + "?until=").content.decode()
    assert page.count('<input type="hidden" name="task"') == 1
    assert '<input type="hidden" name="task" value="14">' in page
    client.force_login(board_member)
    page = client.get(_url("progress", project) + "?until=").content.decode()
    assert 'name="task"' not in page
    assert page.count('<td class="status">Not started</td>') == 19


# -- the project manager's actions -----------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS[1:])
def test_only_the_pm_sets_the_status_date_reschedules_and_saves_baselines(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    project.status_date = "2008-05-30"
    project.save()
    client.force_login(request.getfixturevalue(persona))
    before = state(project)
    for name, data in (
        ("progress-status-date", {"status_date": "2008-06-06"}),
        ("progress-reschedule", {}),
        ("baseline-save", {"number": "0"}),
    ):
        assert client.post(_url(name, project), data).status_code == 403
    assert state(project) == before


def test_the_pm_sets_the_status_date(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(_url("progress-status-date", project), {"status_date": "2008-03-14"})
    assert (response.status_code, response["Location"]) == (303, _url("progress", project))
    project.refresh_from_db()
    assert project.status_date == "2008-03-14"
