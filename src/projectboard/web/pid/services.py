"""Writes to the PID: permission, version check, write and audit event in one transaction."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from projectboard.web.pid.models import SECTION_ORDER, PidSection, SectionKey
from projectboard.web.pid.permissions import can_pid
from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.services import Conflict

OBJECT_TYPE = "pid_section"


def _in_order(sections: list[PidSection]) -> list[PidSection]:
    return sorted(sections, key=lambda s: s.position)


def pid_sections(project: Project) -> list[PidSection]:
    """Every section in order, without writing: a section not saved yet is an unsaved,
    empty row (version 1)."""
    saved = {s.key: s for s in PidSection.objects.filter(project=project)}
    return _in_order(
        [
            saved.get(key) or PidSection(project=project, key=key, title=str(SectionKey(key).label))
            for key in SECTION_ORDER
        ]
    )


def pid_ensure_sections(project: Project) -> list[PidSection]:
    """Create the sections ``project`` does not have yet (empty), and return all in order.
    Creating an empty section is not a change, so it records no event."""
    with transaction.atomic():
        have = set(PidSection.objects.filter(project=project).values_list("key", flat=True))
        PidSection.objects.bulk_create(
            [
                PidSection(project=project, key=key, title=str(SectionKey(key).label))
                for key in SECTION_ORDER
                if key not in have
            ],
            ignore_conflicts=True,  # someone else created it meanwhile: theirs is kept
        )
    return _in_order(list(PidSection.objects.filter(project=project)))


def pid_section_update(
    *, user: User, section: PidSection, expected_version: int, body: str
) -> PidSection:
    """Replace the section's text. Only the project manager may. Refuses a stale
    ``expected_version`` (``Conflict``, carrying the text now saved). Returns the saved row;
    an unchanged text is not saved and keeps its version."""
    with transaction.atomic():
        row = (
            PidSection.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=section.pk)
        )
        if not can_pid(person_of(user), "change", row.project):
            raise PermissionDenied("Only the project manager may change the PID.")
        if row.version != expected_version:
            raise Conflict(f"PID section {row.title!r}", row.version, {"body": row.body})
        body = _normalise(body)
        if body == row.body:
            return row
        old = row.body
        row.body = body
        row.version += 1
        row.updated_by = user
        row.save()
        AuditEvent.objects.create(
            project=row.project,
            who=user,
            object_type=OBJECT_TYPE,
            object_id=row.pk,
            field="body",
            old=old,
            new=body,
        )
    return row


def _normalise(text: str) -> str:
    """Browsers send CRLF; keep LF, and no trailing spaces at the ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
