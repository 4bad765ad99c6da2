"""Helpers for the highlight report tests."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import AuditEvent, Project


def stored(project: Project) -> tuple[list[dict[str, Any]], int]:
    """Every report as stored, and how many audit events there are: to show that a refused
    action changed nothing."""
    reports = HighlightReport.objects.filter(project=project).order_by("id")
    return [model_to_dict(r) for r in reports], AuditEvent.objects.count()
