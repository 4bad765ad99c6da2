"""What the board's tables and the decision and action logs hold, to show a refused action
changed nothing."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from projectboard.web.board.models import (
    AgendaItem,
    Attendance,
    Condition,
    ExceptionReport,
    Meeting,
    StopGoDecision,
)
from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.risks.models import Action, Decision

from ..support import snapshot


def board_snapshot(project: Project) -> dict[str, Any]:
    return {
        "project": model_to_dict(Project.objects.get(pk=project.pk)),
        "work": snapshot(project),
        "meetings": [model_to_dict(m) for m in Meeting.objects.filter(project=project)],
        "agenda": [model_to_dict(a) for a in AgendaItem.objects.filter(meeting__project=project)],
        "attendance": [
            model_to_dict(a) for a in Attendance.objects.filter(meeting__project=project)
        ],
        "decisions": [
            model_to_dict(d) for d in StopGoDecision.objects.filter(meeting__project=project)
        ],
        "conditions": [
            model_to_dict(c) for c in Condition.objects.filter(decision__meeting__project=project)
        ],
        "reports": [model_to_dict(r) for r in ExceptionReport.objects.filter(project=project)],
        "decision_log": [model_to_dict(d) for d in Decision.objects.filter(project=project)],
        "action_log": [model_to_dict(a) for a in Action.objects.filter(project=project)],
        "events": AuditEvent.objects.count(),
    }


def meeting_edit_data(meeting: Meeting, **changes: str) -> dict[str, str | list[str]]:
    """What the edit page posts for the April meeting as the series made it, with ``changes``."""
    data: dict[str, str | list[str]] = {
        "date": "2008-04-16",
        "at": "10:00",
        "duration_minutes": "120",
        "venue": "Civic Centre, Carlisle",
        "chair": str(meeting.chair_id),
        "status": "planned",
        "highlight_report": "",
        "agenda": "\n".join(i.title for i in meeting.agenda_items.all()),
        "minutes": "",
        "version": str(meeting.version),
        "circulation": [str(p.pk) for p in meeting.circulation.all()],
    }
    data.update(changes)
    return data
