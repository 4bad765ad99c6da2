"""What other apps read from the RAID logs (the highlight report, the dashboard). Read only;
the caller has already checked that the reader may see the project. Every list has a fixed
order with a final tie-break on the row's number, so a report reads the same each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q

from projectboard.web.projects.models import Project
from projectboard.web.risks.models import (
    Action,
    ActionStatus,
    Consultation,
    ConsultationState,
    Decision,
    Issue,
    IssueStatus,
    IssueType,
    Lesson,
    ProposalStatus,
    Risk,
    RiskProposal,
    RiskScoreChange,
    RiskStatus,
    Severity,
)


def top_risks(project: Project, n: int = 5) -> list[Risk]:
    """The ``n`` open risks with the highest residual score (then inherent score, then
    number). ``risk.residual_rag`` gives each one's RAG word."""
    risks = list(
        Risk.objects.filter(project=project, status=RiskStatus.OPEN).select_related(
            "owner", "actionee"
        )
    )
    risks.sort(key=lambda r: (-r.residual_score, -r.inherent_score, r.number))
    return risks[:n]


@dataclass(frozen=True)
class ScoreMove:
    """A risk's residual score before and after a change recorded on ``on``; ``before`` is
    None for a risk raised that day."""

    risk: Risk
    on: date
    before: int | None
    after: int

    @property
    def direction(self) -> str:
        """ "new", "up", "down" or "same" (only the inherent score moved)."""
        if self.before is None:
            return "new"
        if self.after == self.before:
            return "same"
        return "up" if self.after > self.before else "down"


def risk_changes_since(project: Project, since: date, until: date | None = None) -> list[ScoreMove]:
    """Every score change (and every new risk) recorded from ``since`` to ``until`` (both
    included; no end if None), in date order, then risk number."""
    changes = (
        RiskScoreChange.objects.filter(risk__project=project)
        .select_related("risk")
        .order_by("risk__number", "changed_on", "id")
    )
    moves: list[ScoreMove] = []
    previous: dict[int, int] = {}
    for c in changes:
        before = previous.get(c.risk_id)
        previous[c.risk_id] = c.residual_score
        if c.changed_on >= since and (until is None or c.changed_on <= until):
            moves.append(ScoreMove(c.risk, c.changed_on, before, c.residual_score))
    moves.sort(key=lambda m: (m.on, m.risk.number))
    return moves


def _open_issues(project: Project, as_at: date | None) -> list[Issue]:
    """Open now, or (``as_at`` given) open at the end of that day: raised by then and not
    closed by then."""
    rows = Issue.objects.filter(project=project)
    if as_at is None:
        return list(rows.filter(status=IssueStatus.OPEN).select_related("owner", "raised_by"))
    return list(
        rows.filter(raised_on__lte=as_at)
        .filter(Q(status=IssueStatus.OPEN) | Q(closed_on__gt=as_at))
        .select_related("owner", "raised_by")
    )


def open_issues(project: Project, as_at: date | None = None) -> list[Issue]:
    """Open issues (now, or at the end of ``as_at``), those for the board first, then by
    priority (high first), then number."""
    rank = {"high": 0, "medium": 1, "low": 2}
    issues = _open_issues(project, as_at)
    issues.sort(key=lambda i: (i.severity != Severity.BOARD, rank.get(i.priority, 3), i.number))
    return issues


def decisions_needed(project: Project, as_at: date | None = None) -> list[Issue]:
    """Open issues (now, or at the end of ``as_at``) the board must decide: requests for
    change, off-specifications and any issue beyond the project manager's tolerance
    (severity "board"); by number."""
    issues = sorted(_open_issues(project, as_at), key=lambda i: i.number)
    return [
        i
        for i in issues
        if i.type in (IssueType.CHANGE, IssueType.OFF_SPEC) or i.severity == Severity.BOARD
    ]


def decisions_since(project: Project, since: date, until: date | None = None) -> list[Decision]:
    """Decisions taken from ``since`` to ``until`` (both included; no end if None), by date
    then number."""
    rows = Decision.objects.filter(project=project, decided_on__gte=since)
    if until is not None:
        rows = rows.filter(decided_on__lte=until)
    return list(rows.order_by("decided_on", "number"))


def overdue_actions(project: Project, as_at: date) -> list[Action]:
    """Actions that were overdue at the end of ``as_at``: raised by then, due before it,
    and not done by then (open now, or done after it); by due date then number."""
    return list(
        Action.objects.filter(project=project, raised_on__lte=as_at, due__lt=as_at)
        .filter(Q(status=ActionStatus.OPEN) | Q(done_on__gt=as_at))
        .select_related("owner")
        .order_by("due", "number")
    )


def lessons_logged(project: Project, since: date, until: date) -> list[Lesson]:
    """Lessons logged from ``since`` to ``until`` (both included), by date then number."""
    return list(
        Lesson.objects.filter(project=project, logged_on__gte=since, logged_on__lte=until)
        .select_related("logged_by")
        .order_by("logged_on", "number")
    )


def pending_proposals(project: Project) -> list[RiskProposal]:
    """Risks proposed and not yet accepted or declined, oldest first."""
    return list(
        RiskProposal.objects.filter(project=project, status=ProposalStatus.PENDING).order_by(
            "raised_at", "id"
        )
    )


def consultations(project: Project) -> tuple[list[Consultation], list[Consultation]]:
    """The consultation log as the committee report prints it: (held, planned), each by
    date (undated last), then in the order recorded."""
    rows = list(
        Consultation.objects.filter(project=project).order_by(F("on").asc(nulls_last=True), "id")
    )
    return (
        [c for c in rows if c.state == ConsultationState.HELD],
        [c for c in rows if c.state == ConsultationState.PLANNED],
    )
