"""What other apps read from the RAID logs (the highlight report, the dashboard). Read only;
the caller has already checked that the reader may see the project. Every list has a fixed
order with a final tie-break on the row's number, so a report reads the same each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projectboard.web.projects.models import Project
from projectboard.web.risks.models import (
    Action,
    ActionStatus,
    Decision,
    Issue,
    IssueStatus,
    IssueType,
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


def risk_changes_since(project: Project, since: date) -> list[ScoreMove]:
    """Every score change (and every new risk) recorded on or after ``since``, in date
    order, then risk number."""
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
        if c.changed_on >= since:
            moves.append(ScoreMove(c.risk, c.changed_on, before, c.residual_score))
    moves.sort(key=lambda m: (m.on, m.risk.number))
    return moves


def open_issues(project: Project) -> list[Issue]:
    """Open issues, those for the board first, then by priority (high first), then number."""
    rank = {"high": 0, "medium": 1, "low": 2}
    issues = list(
        Issue.objects.filter(project=project, status=IssueStatus.OPEN).select_related(
            "owner", "raised_by"
        )
    )
    issues.sort(key=lambda i: (i.severity != Severity.BOARD, rank.get(i.priority, 3), i.number))
    return issues


def decisions_needed(project: Project) -> list[Issue]:
    """Open issues the board must decide: requests for change, off-specifications and any
    issue beyond the project manager's tolerance (severity "board"); by number."""
    return [
        i
        for i in Issue.objects.filter(project=project, status=IssueStatus.OPEN).order_by("number")
        if i.type in (IssueType.CHANGE, IssueType.OFF_SPEC) or i.severity == Severity.BOARD
    ]


def decisions_since(project: Project, since: date) -> list[Decision]:
    """Decisions taken on or after ``since``, by date then number."""
    return list(
        Decision.objects.filter(project=project, decided_on__gte=since).order_by(
            "decided_on", "number"
        )
    )


def overdue_actions(project: Project, as_at: date) -> list[Action]:
    """Open actions due before ``as_at``, by due date then number."""
    return list(
        Action.objects.filter(project=project, status=ActionStatus.OPEN, due__lt=as_at)
        .select_related("owner")
        .order_by("due", "number")
    )


def pending_proposals(project: Project) -> list[RiskProposal]:
    """Risks proposed and not yet accepted or declined, oldest first."""
    return list(
        RiskProposal.objects.filter(project=project, status=ProposalStatus.PENDING).order_by(
            "raised_at", "id"
        )
    )
