"""Who may do what with the board's records: one table per resource, as in
``projects.permissions``. Members read everything; the project manager arranges meetings,
sets tolerances and writes exception reports; only the board (its members and its chair)
records a stop/go decision; the project manager or the chair closes a meeting."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from projectboard.web.board.models import ExceptionReport, Meeting
from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import MEMBERS, person_of, roles

BOARD = frozenset({"board_member", "chair"})

MEETING = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),  # edit a meeting, generate a series
    "decide": BOARD,
    "close": frozenset({"pm", "chair"}),
}
TOLERANCES = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),
}
EXCEPTION_REPORT = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),
}


def can_board(
    person: Person | None, table: dict[str, frozenset[str]], action: str, project: Project
) -> bool:
    """May ``person`` do ``action`` to the resource of ``table`` in ``project``?"""
    if person is None:
        return False
    return bool(table.get(action, frozenset()) & roles(person, project))


def get_meeting_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, meeting_id: int
) -> Meeting:
    """The meeting, if ``user`` may see it; the same 404 if it is missing or not theirs."""
    meeting = (
        Meeting.objects.filter(pk=meeting_id, project_id=project_id)
        .select_related("project", "chair", "venue_partner", "highlight_report")
        .first()
    )
    if meeting is None or not can_board(person_of(user), MEETING, "view", meeting.project):
        raise Http404("No such meeting.")
    return meeting


def get_exception_report_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, report_id: int
) -> ExceptionReport:
    """The exception report, if ``user`` may see it; the same 404 if missing or not theirs."""
    report = (
        ExceptionReport.objects.filter(pk=report_id, project_id=project_id)
        .select_related("project", "work_package")
        .first()
    )
    if report is None or not can_board(person_of(user), EXCEPTION_REPORT, "view", report.project):
        raise Http404("No such exception report.")
    return report
