"""Helpers for the returns tests: a complete return, writing a draft, and what is stored
(to show that a refused action changed nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.forms.models import model_to_dict

from projectboard.web.projects.models import AuditEvent, Project, WorkPackage
from projectboard.web.returns.models import RagReturn, ReportingPeriod
from projectboard.web.returns.services import ReturnFields, return_save
from projectboard.web.risks.models import RiskProposal

COMPLETE: ReturnFields = {
    "overall": "green",
    "time": "green",
    "cost": "green",
    "scope": "green",
    "quality": "green",
    "risk": "amber",
    "tolerance": "within",
    "achievements": "Budgets collected.",
    "next_period": "Build the cost model.",
    "issues": "",
    "new_risks": "Savings may be overstated\n\n  Capital funding not agreed  ",
    "help_needed": "",
}


def wp(project: Project, code: str) -> WorkPackage:
    return WorkPackage.objects.get(project=project, code=code)


def draft(
    project: Project,
    period: ReportingPeriod,
    code: str,
    by: User,
    fields: ReturnFields | None = None,
) -> RagReturn:
    return return_save(
        period=period,
        work_package=wp(project, code),
        fields=COMPLETE if fields is None else fields,
        expected_version=None,
        by=by,
    )


def stored(
    project: Project,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], int]:
    """Every period, return and risk proposal as stored, and how many audit events there
    are."""
    return (
        [model_to_dict(p) for p in ReportingPeriod.objects.filter(project=project)],
        [model_to_dict(r) for r in RagReturn.objects.filter(project=project)],
        [model_to_dict(p) for p in RiskProposal.objects.filter(project=project)],
        AuditEvent.objects.count(),
    )


def events(project: Project, object_type: str = "rag_return") -> list[tuple[Any, ...]]:
    """The audit events of ``object_type``: (user name, field, old, new)."""
    return [
        (e.who.username if e.who else None, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(project=project, object_type=object_type)
    ]
