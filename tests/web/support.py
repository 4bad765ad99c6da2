"""Helpers shared by the web tests: what the database holds, to show a refused action
changed nothing, and the update events a permitted one recorded."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from projectboard.web.projects.models import AuditEvent, Project, Task, WorkPackage


def snapshot(project: Project) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Every work package and task as stored, and how many audit events there are."""
    return (
        [
            model_to_dict(w, exclude=["leads", "deputies", "depends_on"])
            for w in WorkPackage.objects.filter(project=project)
        ],
        [model_to_dict(t) for t in Task.objects.filter(project=project)],
        AuditEvent.objects.count(),
    )


def changes(project: Project) -> list[tuple[str | None, str, str, str, str]]:
    """The update events (not the import's creation events)."""
    return [
        (e.who.username if e.who else None, e.object_type, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(project=project).exclude(field="")
    ]
