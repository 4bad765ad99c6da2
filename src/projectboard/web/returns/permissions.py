"""Who may do what with RAG returns, as tables like ``projects.permissions``'s, and the access
functions the pages go through (the same 404 for "missing" and "not yours").

A return's roles are the person's roles for its work package: their project roles plus
``wp_lead_own`` / ``deputy_own`` for that work package only, so a lead of one work package
cannot write another's return. Every member of the project sees its periods and returns:
the access functions below are the check for that.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from projectboard.web.projects.models import Person, Project, WorkPackage
from projectboard.web.projects.permissions import get_project_for, roles
from projectboard.web.returns.models import ReportingPeriod

RAG_RETURN = {
    "write": frozenset({"wp_lead_own", "deputy_own"}),  # create, edit, submit
    "decide": frozenset({"pm"}),  # accept, return for rework
}
REPORTING_PERIOD = {
    "generate": frozenset({"pm"}),
}


def can_return(person: Person | None, action: str, work_package: WorkPackage) -> bool:
    """May ``person`` do ``action`` ("write", "decide") to the returns of
    ``work_package``? Unknown actions: no."""
    if person is None:
        return False
    return bool(RAG_RETURN.get(action, frozenset()) & roles(person, work_package))


def can_period(person: Person | None, action: str, project: Project) -> bool:
    """May ``person`` do ``action`` ("generate") to the periods of ``project``? Unknown
    actions: no."""
    if person is None:
        return False
    return bool(REPORTING_PERIOD.get(action, frozenset()) & roles(person, project))


def get_period_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, number: int
) -> ReportingPeriod:
    """Period ``number`` of the project, if ``user`` may see the project; the same 404 if
    either is missing or not theirs."""
    project = get_project_for(user, project_id)
    found = ReportingPeriod.objects.filter(project=project, number=number).first()
    if found is None:
        raise Http404("No such reporting period.")
    found.project = project
    return found


def get_work_package_in(project: Project, code: str) -> WorkPackage:
    """A work package of a project the caller may already see; 404 if there is none."""
    wp = WorkPackage.objects.filter(project=project, code=code).first()
    if wp is None:
        raise Http404("No such work package.")
    wp.project = project
    return wp
