"""Entering progress through the pages, as a person would: the bulk form's fields for the
tasks given, the others left as the form shows them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Project, Task
from projectboard.web.projects.progress_services import saved_entry


def progress_data(project: Project, updates: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The POST of the bulk form for the tasks in ``updates`` (ID -> fields typed)."""
    data: dict[str, Any] = {"task": [str(n) for n in sorted(updates)]}
    for number, typed in sorted(updates.items()):
        task = Task.objects.get(project=project, number=number)
        entry = saved_entry(task, project)
        fields = {
            "actual_start": entry.actual_start,
            "actual_finish": entry.actual_finish,
            "percent_complete": str(entry.percent_complete),
            "remaining": entry.remaining,
            "version": str(task.version),
            **typed,
        }
        data.update({f"task-{number}-{name}": value for name, value in fields.items()})
    return data


def enter_progress(client: Client, project: Project, updates: dict[int, dict[str, Any]]) -> Any:
    return client.post(reverse("progress", args=[project.pk]), progress_data(project, updates))
