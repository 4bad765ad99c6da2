"""The seed plan tracked through three status dates in the web app, as
``tests/engine/test_progress.py`` tracks it in the engine: the project manager saves a
baseline and sets each status date, the leads enter their own tasks' progress, the project
manager reschedules uncompleted work and saves a baseline; the variance and what moved
are then exactly the engine's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.engine.diff import format_diff
from projectboard.web.projects.models import Project, Task
from projectboard.web.projects.plan import project_plan_and_schedule, project_schedule
from projectboard.web.projects.progress_queries import moved_since, variance

from ..support import changes
from .support import enter_progress


def _dates(project: Project, *ids: int) -> dict[int, tuple[str, str]]:
    rows = project_schedule(project).by_id()
    return {i: (f"{rows[i].start:%Y-%m-%d %H:%M}", f"{rows[i].finish:%Y-%m-%d %H:%M}") for i in ids}


def _ok(response: Any) -> None:
    assert response.status_code == 303, response.content.decode()[:3000]


def _status(client: Client, project: Project, day: str) -> None:
    url = reverse("progress-status-date", args=[project.pk])
    _ok(client.post(url, {"status_date": day}))
    project.refresh_from_db()


def _reschedule(client: Client, project: Project) -> str:
    response = client.post(reverse("progress-reschedule", args=[project.pk]), follow=True)
    assert response.redirect_chain[-1][1] == 303
    return [str(m) for m in response.context["messages"]][-1]


def _baseline(client: Client, project: Project, number: int) -> None:
    _ok(client.post(reverse("baseline-save", args=[project.pk]), {"number": str(number)}))


def _task(project: Project, number: int) -> Task:
    return Task.objects.get(project=project, number=number)


def test_three_status_dates(
    client: Client,
    project: Project,
    pm: User,
    wp_lead_fin: User,
    wp_lead_gis: User,
    deputy_hr: User,
) -> None:
    client.force_login(pm)
    _baseline(client, project, 0)

    # Status 1, Fri 14/03 17:00: task 1 done, 2 and 18 under way.
    _status(client, project, "2008-03-14")
    _ok(
        enter_progress(
            client,
            project,
            {
                1: {"actual_start": "2008-03-07", "actual_finish": "2008-03-07"},
                2: {"actual_start": "2008-03-10", "remaining": "76d"},
                18: {"actual_start": "2008-03-10", "remaining": "78d"},
            },
        )
    )
    assert _reschedule(client, project) == (
        "Uncompleted work rescheduled to start after 14/03/2008 17:00; tasks changed: 18."
    )
    t1, t18 = _task(project, 1), _task(project, 18)
    assert (t1.actual_finish, t1.percent_complete) == ("2008-03-07", 100)
    assert (t18.resume, t18.remaining, t18.percent_complete) == ("2008-03-17", "78d", 4)
    assert _dates(project, 1, 2, 18, 19) == {
        1: ("2008-03-07 08:00", "2008-03-07 17:00"),
        2: ("2008-03-10 08:00", "2008-06-30 17:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        19: ("2008-07-03 08:00", "2008-07-03 17:00"),
    }
    assert format_diff(moved_since(project, 0)) == (
        "--- Baseline\n"
        "+++ now (status date 14/03/2008)\n"
        "project finish: 2008-07-01 17:00 -> 2008-07-03 17:00 (+2 d)\n"
        "moved (2):\n"
        "  ~ 18 Communications: start 0 d (2008-03-10 08:00 -> 2008-03-10 08:00); "
        "finish +2 d (2008-06-30 17:00 -> 2008-07-02 17:00); critical ? -> yes\n"
        "  ~ 19 Recommendation and Business Case: start +2 d (2008-07-01 08:00 -> "
        "2008-07-03 08:00); finish +2 d (2008-07-01 17:00 -> 2008-07-03 17:00); "
        "critical ? -> yes\n"
    )
    _baseline(client, project, 1)

    # Status 2, Fri 18/04 17:00.
    _status(client, project, "2008-04-18")
    _ok(
        enter_progress(
            client,
            project,
            {
                2: {"remaining": "51d"},
                3: {"actual_start": "2008-04-08", "remaining": "50d"},
                4: {"actual_start": "2008-04-08", "actual_finish": "2008-04-14 12:00"},
                5: {"actual_start": "2008-04-14 13:00", "remaining": "1d"},
                18: {"remaining": "53d"},
            },
        )
    )
    assert _reschedule(client, project) == (
        "Uncompleted work rescheduled to start after 18/04/2008 17:00; tasks changed: 5, 18."
    )
    assert (_task(project, 5).resume, _task(project, 18).resume) == ("2008-04-21", "2008-04-21")
    assert _dates(project, 4, 5, 6, 17, 18, 19) == {
        4: ("2008-04-08 08:00", "2008-04-14 12:00"),
        5: ("2008-04-14 13:00", "2008-04-21 17:00"),
        6: ("2008-04-22 08:00", "2008-05-15 14:36"),
        17: ("2008-04-22 08:00", "2008-07-01 12:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        19: ("2008-07-03 08:00", "2008-07-03 17:00"),
    }
    _baseline(client, project, 2)

    # Status 3, Fri 30/05 17:00: the leads enter their own work packages' tasks.
    _status(client, project, "2008-05-30")
    _ok(
        enter_progress(
            client,
            project,
            {
                2: {"remaining": "21d"},
                3: {"remaining": "20d"},
                5: {"actual_finish": "2008-04-21", "remaining": ""},
                18: {"remaining": "23d"},
            },
        )
    )
    client.force_login(wp_lead_fin)
    _ok(
        enter_progress(
            client, project, {6: {"actual_start": "2008-04-22", "actual_finish": "2008-05-19"}}
        )
    )
    client.force_login(wp_lead_gis)
    _ok(enter_progress(client, project, {14: {"actual_start": "2008-04-21", "remaining": "5.13d"}}))
    client.force_login(deputy_hr)
    _ok(
        enter_progress(
            client, project, {17: {"actual_start": "2008-04-22", "percent_complete": "50"}}
        )
    )
    client.force_login(pm)
    assert _reschedule(client, project) == (
        "Uncompleted work rescheduled to start after 30/05/2008 17:00; "
        "tasks changed: 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18."
    )
    snet = sorted(t.number for t in project.tasks.all() if t.constraint == "SNET 2008-05-30 17:00")
    assert snet == [7, 8, 9, 10, 11, 12, 13, 15]
    assert {n: _task(project, n).resume for n in (14, 17, 18)} == {
        14: "2008-06-02",
        17: "2008-06-02",
        18: "2008-06-02",
    }
    assert _dates(project, 5, 6, 13, 14, 15, 16, 17, 18, 19) == {
        5: ("2008-04-14 13:00", "2008-04-21 17:00"),
        6: ("2008-04-22 08:00", "2008-05-19 17:00"),
        13: ("2008-06-02 08:00", "2008-07-30 12:00"),
        14: ("2008-04-21 08:00", "2008-06-09 09:02"),
        15: ("2008-06-02 08:00", "2008-07-30 12:00"),
        16: ("2008-07-30 13:00", "2008-08-06 12:00"),
        17: ("2008-04-22 08:00", "2008-07-07 10:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        19: ("2008-08-06 13:00", "2008-08-07 12:00"),
    }
    assert [t.id for t in project_schedule(project).critical_path()] == [2, 13, 15, 16, 19]

    # Variance against the first baseline, per work package, as the engine has it.
    wps = {
        w.work_package: w for w in variance(*project_plan_and_schedule(project), 0).work_packages
    }
    assert (wps["WP-WEB"].finish_variance_minutes, wps["WP-WEB"].slipped) == (14640, True)
    assert (wps["WP-PLAN"].finish_variance_minutes, wps["WP-PLAN"].slipped) == (0, False)
    assert wps["WP-BC"].finish_variance_minutes == 12720
    page = client.get(reverse("variance", args=[project.pk]), {"baseline": "0"}).content.decode()
    assert (
        '<tr data-wp="WP-WEB"><th scope="row">WP-WEB</th><td>1</td><td>18/04/2008 13:00</td>'
        "<td>17/06/2008 17:00</td><td>02/06/2008 08:00</td><td>30/07/2008 12:00</td>"
        "<td>+30.5 d</td><td>+30.5 d</td><td>Slipped (1 of 1 tasks)</td></tr>"
    ) in page

    # What moved since the last board (baseline 2, saved at status 2) to now: Web Sites
    # was to start Tue 22/04 08:00 and now starts Mon 02/06, 29 working days later (7 in
    # April, 22 in May).
    diff = moved_since(project, 2)
    assert [(c.change, c.id) for c in diff.changes] == [
        ("moved", n) for n in (6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19)
    ]
    response = client.get(reverse("moved", args=[project.pk]), {"old": "2", "new": "now"})
    text = response.content.decode()
    assert "<h2>Baseline 2 to now (status date 30/05/2008)</h2>" in text
    assert (
        '<tr data-task="13"><td>13</td><th scope="row">Web Sites</th>'
        "<td>22/04/2008 08:00</td><td>02/06/2008 08:00</td><td>+29 d</td>"
        "<td>19/06/2008 12:00</td><td>30/07/2008 12:00</td><td>+29 d</td>"
        "<td>not recorded</td><td>critical</td></tr>"
    ) in text

    # Every change was recorded, who made it and what it was.
    events = changes(project)
    assert ("lead-gis", "task", "remaining", "", "5.13d") in events
    assert ("deputy-hr", "task", "percent_complete", "0", "50") in events
    assert ("pm", "project", "status_date", "2008-04-18", "2008-05-30") in events
    assert ("pm", "task", "constraint", "", "SNET 2008-05-30 17:00") in events
