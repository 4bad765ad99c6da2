"""Progress and baselines survive an export and an import through the web app, in MS
Project XML and YAML; a plan table, which carries no progress, leaves them alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Baseline, BaselineTask, Project, Task
from projectboard.web.projects.plan import project_plan, project_schedule
from projectboard.web.projects.progress_rules import Entry
from projectboard.web.projects.progress_services import (
    ProgressUpdate,
    baseline_save,
    project_reschedule_uncompleted_work,
    project_set_status_date,
    task_progress_update,
)

PROGRESS = ("actual_start", "actual_finish", "percent_complete", "remaining", "resume")


def _tracked(project: Project, pm: User) -> None:
    """The seed at its first status date, with the baseline saved before it."""
    baseline_save(user=pm, project=project, number=0)
    project = project_set_status_date(user=pm, project=project, status_date="2008-03-14")
    versions = dict(project.tasks.values_list("number", "version"))
    task_progress_update(
        user=pm,
        project=project,
        updates=[
            ProgressUpdate(1, versions[1], Entry("2008-03-07", "2008-03-07", 100, "")),
            ProgressUpdate(2, versions[2], Entry("2008-03-10", "", 6, "76d")),
            ProgressUpdate(18, versions[18], Entry("2008-03-10", "", 4, "78d")),
        ],
    )
    project_reschedule_uncompleted_work(user=pm, project=project)
    baseline_save(user=pm, project=project, number=1)


def _stored(project: Project) -> dict[str, Any]:
    project.refresh_from_db()
    return {
        "status_date": project.status_date,
        "tasks": {
            t.number: tuple(getattr(t, name) for name in PROGRESS)
            for t in Task.objects.filter(project=project).exclude(
                actual_start="", percent_complete=0, remaining="", resume=""
            )
        },
        "baselines": {
            b.number: [
                (e.task_number, e.start, e.finish, e.duration)
                for e in BaselineTask.objects.filter(baseline=b).order_by("task_number")
            ]
            for b in Baseline.objects.filter(project=project)
        },
    }


def _forget(project: Project) -> None:
    """Lose the progress and baselines (as another copy of the project would not have)."""
    Task.objects.filter(project=project).update(
        actual_start="", actual_finish="", percent_complete=0, remaining="", resume=""
    )
    Baseline.objects.filter(project=project).delete()
    Project.objects.filter(pk=project.pk).update(status_date="", plan_revision=999)


def _import(client: Client, project: Project, name: str, data: bytes) -> str:
    url = reverse("plan-import", args=[project.pk])
    page = client.post(url, {"file": SimpleUploadedFile(name, data)}).content.decode()
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
    assert found, page
    confirm = reverse("plan-import-confirm", args=[project.pk])
    assert client.post(confirm, {"digest": found.group(1)}).status_code == 303
    return page


@pytest.mark.parametrize("fmt", ["yaml", "xml"])
def test_progress_and_baselines_round_trip(
    client: Client, project: Project, pm: User, fmt: str
) -> None:
    _tracked(project, pm)
    expected = _stored(project)
    dates = project_schedule(project).tasks
    client.force_login(pm)
    exported = client.get(reverse("plan-export", args=[project.pk, fmt])).content
    _forget(project)
    page = _import(client, project, f"plan.{fmt}", exported)
    assert "Status date: (none) -&gt; 2008-03-14." in page
    assert "Baselines set from the file: Baseline, Baseline 1." in page
    if fmt == "xml":
        # MS Project XML gives every started, unfinished task a Resume: task 2's is where
        # its work goes on anyway (5 d done to Fri 14/03 17:00, on Mon 17/03 08:00).
        expected["tasks"][2] = ("2008-03-10", "", 6, "76d", "2008-03-17")
    assert _stored(project) == expected
    assert project_schedule(project).tasks == dates


def test_what_the_tracked_project_stores(project: Project, pm: User) -> None:
    _tracked(project, pm)
    stored = _stored(project)
    assert stored["status_date"] == "2008-03-14"
    assert stored["tasks"] == {
        1: ("2008-03-07", "2008-03-07", 100, "", ""),
        2: ("2008-03-10", "", 6, "76d", ""),
        18: ("2008-03-10", "", 4, "78d", "2008-03-17"),
    }
    assert stored["baselines"][0][0] == (1, "2008-03-07 08:00", "2008-03-07 17:00", "1d")
    assert stored["baselines"][1][17] == (18, "2008-03-10 08:00", "2008-07-02 17:00", "81d")
    assert project_plan(project).baselines[1][18].finish is not None


def test_a_plan_table_keeps_the_progress(client: Client, project: Project, pm: User) -> None:
    _tracked(project, pm)
    expected = _stored(project)
    client.force_login(pm)
    table = client.get(reverse("plan-export", args=[project.pk, "csv"])).content
    page = _import(client, project, "plan.csv", table)
    assert "Status date" not in page
    assert _stored(project) == expected
