"""Who may do what to the business case: one table, in the style of
``projects.permissions``. Outsiders never get this far: every page reads the project through
``get_project_for`` (the same 404 for missing and not yours).

Roles beyond the project's (``pm``, ``board_member``, ``chair``, ``observer``...):

- ``fin_lead`` / ``fin_deputy``: lead or deputy of the finance work package (``WP-FIN``);
- ``options_lead`` / ``options_deputy``: lead or deputy of the options appraisal work package
  (``WP-VISION``).

The external reviewer is a person given the project's *observer* role (People page): no new
model or flag. Observers may therefore comment on the business case and record the external
verification; every member reads it.
"""

from __future__ import annotations

from projectboard.web.projects.models import Person, Project, WorkPackage
from projectboard.web.projects.permissions import MEMBERS, roles

FINANCE_WP = "WP-FIN"
OPTIONS_WP = "WP-VISION"

COST_MODEL = {
    "view": MEMBERS,
    "change": frozenset({"pm", "fin_lead", "fin_deputy"}),  # years, lines, funding, spend
}
OPTIONS = {
    "view": MEMBERS,
    "change": frozenset({"pm", "options_lead", "options_deputy"}),  # scenarios, criteria, scores
    "sign_off": frozenset({"board_member", "chair"}),
}
SATISFACTION = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),  # import surveys
}
BUSINESS_CASE = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),  # the text sections
    "respond": frozenset({"pm"}),  # to the reviewer's comments
    "comment": frozenset({"observer"}),  # the external reviewer
    "verify": frozenset({"observer"}),  # the reviewer's sign-off
}
COMMITTEE_REPORT = {
    "view": MEMBERS,  # drafts too: the board and the leads see what is being prepared
    "change": frozenset({"pm"}),  # draft, edit, refresh, make final, start a new draft
}

TABLES = {
    "cost_model": COST_MODEL,
    "options": OPTIONS,
    "satisfaction": SATISFACTION,
    "business_case": BUSINESS_CASE,
    "committee_report": COMMITTEE_REPORT,
}


def business_roles(person: Person, project: Project) -> frozenset[str]:
    """The project roles of ``person`` plus the work-package roles above."""
    found = set(roles(person, project))
    for code, prefix in ((FINANCE_WP, "fin"), (OPTIONS_WP, "options")):
        wp = WorkPackage.objects.filter(project=project, code=code).first()
        if wp is None:
            continue
        if wp.leads.filter(pk=person.pk).exists():
            found.add(f"{prefix}_lead")
        if wp.deputies.filter(pk=person.pk).exists():
            found.add(f"{prefix}_deputy")
    return frozenset(found)


def can_business(person: Person | None, resource: str, action: str, project: Project) -> bool:
    """May ``person`` do ``action`` to ``resource`` (a key of ``TABLES``) in ``project``?
    Unknown resources or actions: no."""
    if person is None:
        return False
    allowed = TABLES.get(resource, {}).get(action, frozenset())
    return bool(allowed & business_roles(person, project))


def rights(person: Person | None, project: Project) -> dict[str, bool]:
    """Every ``resource_action`` the person has, for templates (``may.cost_model_change``)."""
    if person is None:
        return {}
    held = business_roles(person, project)
    return {
        f"{resource}_{action}": bool(allowed & held)
        for resource, table in TABLES.items()
        for action, allowed in table.items()
    }
