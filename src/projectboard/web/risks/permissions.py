"""Who may do what to the RAID logs and the communications plan: one table per resource,
in the style of ``projects.permissions``. Outsiders never get this far: every page reads the
project through ``get_project_for`` (the same 404 for missing and not yours).

- The project manager keeps every log: creates and changes everything.
- Board members (and the chair) read everything; the chair may also record decisions, since
  the board's decisions are theirs (the board app records them through ``decision_record``).
- Work-package leads, deputies and team members read everything, propose risks, raise
  issues, and mark done the actions they own (``owner_own``).
- Observers read.
"""

from __future__ import annotations

from collections.abc import Callable

from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import MEMBERS, roles
from projectboard.web.risks.models import Action

TEAM = frozenset({"wp_lead", "deputy", "team_member"})

RISK = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),  # create, edit, import, accept or decline proposals
    "propose": frozenset({"pm"}) | TEAM,
}
ISSUE = {
    "view": MEMBERS,
    "raise": frozenset({"pm"}) | TEAM,
    "change": frozenset({"pm"}),
}
DECISION = {
    "view": MEMBERS,
    "record": frozenset({"pm", "chair"}),
}
ACTION = {
    "view": MEMBERS,
    "create": frozenset({"pm"}),
    "update": frozenset({"pm", "owner_own"}),  # mark done or open again
}
LESSON = {
    "view": MEMBERS,
    "create": frozenset({"pm"}),
}
COMMS = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),  # the communications plan and the consultation log
}

TABLES = {
    "risk": RISK,
    "issue": ISSUE,
    "decision": DECISION,
    "action": ACTION,
    "lesson": LESSON,
    "comms": COMMS,
}


def can_log(
    person: Person | None, resource: str, action: str, project: Project, obj: Action | None = None
) -> bool:
    """May ``person`` do ``action`` to ``resource`` (a key of ``TABLES``) in ``project``?
    ``obj`` is the action row for ``owner_own``. Unknown resources or actions: no."""
    if person is None:
        return False
    found = set(roles(person, project))
    if obj is not None and obj.owner_id == person.pk:
        found.add("owner_own")
    return bool(TABLES.get(resource, {}).get(action, frozenset()) & found)


def action_updater(person: Person | None, project: Project) -> Callable[[Action], bool]:
    """``can_log(person, "action", "update", project, action)`` for each of many actions
    (the action log's rows): the person's roles are read once, the owner compared per row."""
    if person is None:
        return lambda action: False
    found = frozenset(roles(person, project))

    def may(action: Action) -> bool:
        own = {"owner_own"} if action.owner_id == person.pk else set()
        return bool(ACTION["update"] & (found | own))

    return may
