"""Entering progress: the engine's rules refuse contradictions, with the error beside the
field and nothing saved; a stale form is refused; saving over a baseline asks first;
rescheduling needs a status date."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Baseline, Project, Task

from .support import progress_data
from .test_permissions import state


def _post(client: Client, project: Project, updates: dict[int, dict[str, Any]]) -> Any:
    url = reverse("progress", args=[project.pk]) + "?until="
    return client.post(url, progress_data(project, updates))


def _errors(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<p class="errorlist" id="([^"]+)-error">([^<]+)</p>', page)
    return [(field, html.unescape(message)) for field, message in found]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            {"actual_start": "2008-04-22", "actual_finish": "2008-04-21"},
            ("id_task-6-actual_finish", "actual finish 2008-04-21 17:00 is before the actual "
             "start 2008-04-22 08:00"),
        ),
        (
            {"percent_complete": "120"},
            ("id_task-6-percent_complete", "percent complete 120 must be 0 to 100"),
        ),
        (
            {"actual_start": "2008-04-22", "actual_finish": "2008-05-19",
             "percent_complete": "60"},
            ("id_task-6-percent_complete", "percent complete 60 with an actual finish (a "
             "finished task is 100% complete)"),
        ),
        (
            {"actual_finish": "2008-05-19"},
            ("id_task-6-actual_finish", "an actual finish needs an actual start"),
        ),
        (
            {"actual_start": "2008-04-22", "remaining": "20d"},
            ("id_task-6-remaining", "remaining 20d is more than 17.7d"),
        ),
        (
            {"remaining": "5d"},
            ("id_task-6-remaining", "a remaining duration needs an actual start"),
        ),
        (
            {"actual_start": "2008-04-22", "remaining": "10d", "percent_complete": "10"},
            ("id_task-6-remaining", "remaining 10d of 17.7d means 44% complete, not 10%"),
        ),
        (
            {"actual_start": "22/04/2008"},
            ("id_task-6-actual_start", "actual start '22/04/2008' is not a date like "
             "2008-04-08 or 2008-04-08 13:00"),
        ),
        (
            {"percent_complete": "half"},
            ("id_task-6-percent_complete", "Enter a whole number from 0 to 100."),
        ),
    ],
)  # fmt: skip
def test_a_contradiction_is_refused_beside_its_field(
    client: Client,
    project: Project,
    wp_lead_fin: User,
    typed: dict[str, str],
    expected: tuple[str, str],
) -> None:
    client.force_login(wp_lead_fin)
    before = state(project)
    response = _post(client, project, {6: typed})
    assert response.status_code == 422
    page = response.content.decode()
    assert _errors(page) == [expected]
    assert f'<li><a href="#{expected[0]}">Task 6 ' in page
    assert f'aria-describedby="{expected[0]}-error"' in page
    assert state(project) == before


def test_all_the_errors_of_a_form_are_shown_and_nothing_saved(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = state(project)
    response = _post(
        client,
        project,
        {1: {"actual_start": "2008-03-07"}, 6: {"percent_complete": "-5"}, 9: {"remaining": "x"}},
    )
    assert response.status_code == 422
    assert _errors(response.content.decode()) == [
        ("id_task-6-percent_complete", "percent complete -5 must be 0 to 100"),
        (
            "id_task-9-remaining",
            "duration 'x' is not a duration such as '5d', '3.5h', '2ed' or '1w?'",
        ),
    ]
    assert state(project) == before


def test_a_new_remaining_sets_the_percent_and_a_finish_makes_it_100(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    assert (
        _post(client, project, {2: {"actual_start": "2008-03-10", "remaining": "76d"}}).status_code
        == 303
    )
    task = Task.objects.get(project=project, number=2)
    # 5 d done of 81 d: 6%.
    assert (task.remaining, task.percent_complete) == ("76d", 6)
    assert _post(client, project, {2: {"percent_complete": "50"}}).status_code == 303
    task.refresh_from_db()
    assert (task.remaining, task.percent_complete) == ("", 50)
    assert _post(client, project, {2: {"actual_finish": "2008-06-30"}}).status_code == 303
    task.refresh_from_db()
    assert (task.actual_finish, task.remaining, task.percent_complete, task.version) == (
        "2008-06-30",
        "",
        100,
        4,
    )


def test_a_stale_form_is_refused(client: Client, project: Project, wp_lead_fin: User) -> None:
    client.force_login(wp_lead_fin)
    data = progress_data(project, {6: {"actual_start": "2008-04-22"}})
    Task.objects.filter(project=project, number=6).update(version=5, percent_complete=10)
    before = state(project)
    response = client.post(reverse("progress", args=[project.pk]) + "?until=", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Not saved: task 6 changed since you opened the form; the values now saved are "
        "shown, enter your changes again."
    ) in page
    assert 'name="task-6-percent_complete" value="10"' in page
    assert state(project) == before


def test_saving_over_a_baseline_asks_first(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    url = reverse("baseline-save", args=[project.pk])
    assert client.post(url, {"number": "1"}).status_code == 303
    saved = Baseline.objects.get(project=project, number=1)
    before = state(project)
    response = client.post(url, {"number": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Save over a saved baseline?" in page
    assert '<input type="hidden" name="replace" value="True"' in page
    assert state(project) == before
    assert client.post(url, {"number": "1", "replace": "True"}).status_code == 303
    assert Baseline.objects.get(project=project, number=1).pk != saved.pk
    assert Baseline.objects.filter(project=project).count() == 1


def test_a_baseline_number_must_be_0_to_10(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = state(project)
    response = client.post(reverse("baseline-save", args=[project.pk]), {"number": "11"})
    assert response.status_code == 422
    assert "Select a valid choice. 11 is not one of the available choices." in (
        response.content.decode()
    )
    assert state(project) == before


def test_rescheduling_needs_a_status_date(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = state(project)
    response = client.post(reverse("progress-reschedule", args=[project.pk]))
    assert response.status_code == 422
    assert (
        "<li>rescheduling uncompleted work needs a status date (project status_date)</li>"
        in response.content.decode()
    )
    assert state(project) == before


def test_a_bad_status_date_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = state(project)
    url = reverse("progress-status-date", args=[project.pk])
    response = client.post(url, {"status_date": "2008-02-30"})
    assert response.status_code == 422
    assert (
        "status date &#x27;2008-02-30&#x27; is not a date like 2008-04-08 or 2008-04-08 13:00"
        in response.content.decode()
    )
    assert state(project) == before


def test_the_gantt_page_draws_a_baseline_and_the_status_date(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    client.post(reverse("baseline-save", args=[project.pk]), {"number": "3"})
    client.post(reverse("progress-status-date", args=[project.pk]), {"status_date": "2008-03-14"})
    url = reverse("gantt", args=[project.pk])
    page = client.get(url, {"baseline": "3", "show_today": "false"}).content.decode()
    assert page.count('class="baseline"') == 19
    assert page.count('class="status-date"') == 1
    assert '<option value="3" selected>Baseline 3</option>' in page
    page = client.get(url, {"show_today": "false"}).content.decode()
    assert page.count('class="baseline"') == 0
    response = client.get(url, {"baseline": "4"})
    assert response.status_code == 400
    assert "Select a valid choice. 4 is not one of the available choices." in (
        response.content.decode()
    )
