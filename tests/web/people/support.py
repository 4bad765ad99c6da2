"""Helpers for the people tests: what the database holds about people and roles, to show
that a refused action changed nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from projectboard.web.projects.models import AuditEvent, Membership, Person, Project

PERSONAS = [
    "pm",
    "wp_lead_fin",
    "wp_lead_gis",
    "deputy_hr",
    "board_member",
    "observer",
    "outsider",
    "anonymous",
]
# Every member may read; only the project manager may change.
READ_STATUS = {p: 200 for p in PERSONAS} | {"outsider": 404, "anonymous": 302}
WRITE_STATUS = {p: 403 for p in PERSONAS} | {"pm": 200, "outsider": 404, "anonymous": 302}


def login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def people_snapshot(project: Project) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Every person and role of the project as stored, and how many audit events there are."""
    return (
        [model_to_dict(p) for p in Person.objects.order_by("pk")],
        [model_to_dict(m) for m in Membership.objects.order_by("pk")],
        AuditEvent.objects.count(),
    )


def events(project: Project, object_type: str) -> list[tuple[str | None, str, str, str]]:
    return [
        (e.who.username if e.who else None, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(project=project, object_type=object_type).order_by("id")
    ]
