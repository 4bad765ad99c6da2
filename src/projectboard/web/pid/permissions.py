"""Who may do what to the PID, as a table like ``projects.permissions``'s: members read,
the project manager edits. Outsiders never get this far (``get_project_for`` is a 404)."""

from __future__ import annotations

from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import MEMBERS, roles

PID_SECTION = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),
}


def can_pid(person: Person | None, action: str, project: Project) -> bool:
    """May ``person`` do ``action`` ("view", "change") to the PID of ``project``?"""
    if person is None:
        return False
    return bool(PID_SECTION.get(action, frozenset()) & roles(person, project))
