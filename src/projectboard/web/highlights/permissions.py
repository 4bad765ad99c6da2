"""Who may do what to highlight reports, as a table like ``projects.permissions``'s.

The project manager drafts, edits, publishes and exports reports. Every member reads the
published ones. Drafts are the project manager's alone: under PRINCE2 the board is given
the report the project manager issues, not the working copy, so a draft is not shown to the
board or anyone else (it is the same 404 as a report that does not exist).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import MEMBERS, get_project_for, person_of, roles

HIGHLIGHT_REPORT = {
    "view_published": MEMBERS,
    "view_draft": frozenset({"pm"}),
    "change": frozenset({"pm"}),  # draft, edit, refresh, publish, start a new issue
}


def can_report(person: Person | None, action: str, project: Project) -> bool:
    """May ``person`` do ``action`` to the highlight reports of ``project``?"""
    if person is None:
        return False
    return bool(HIGHLIGHT_REPORT.get(action, frozenset()) & roles(person, project))


def can_view(person: Person | None, report: HighlightReport) -> bool:
    action = "view_published" if report.status == Status.PUBLISHED else "view_draft"
    return can_report(person, action, report.project)


def visible_reports(person: Person | None, project: Project) -> list[HighlightReport]:
    """The reports ``person`` may read, newest period first."""
    reports = list(HighlightReport.objects.filter(project=project).select_related("project"))
    if can_report(person, "view_draft", project):
        return reports
    if can_report(person, "view_published", project):
        return [r for r in reports if r.status == Status.PUBLISHED]
    return []


def get_report_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, report_id: int
) -> HighlightReport:
    """The report, if ``user`` may read it; the same 404 if it is missing, in another
    project, not theirs, or a draft they may not see."""
    project = get_project_for(user, project_id)
    report = (
        HighlightReport.objects.filter(pk=report_id, project=project)
        .select_related("project")
        .first()
    )
    if report is None or not can_view(person_of(user), report):
        raise Http404("No such highlight report.")
    return report
