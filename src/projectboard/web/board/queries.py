"""What other parts of projectboard read about the board (the highlight report, the
dashboard): plain values, newest facts from the tables, no writes. The decision and action
logs need nothing from here: recording a stop/go decision writes to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.utils import timezone

from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule
from projectboard.web.board.models import (
    Condition,
    Meeting,
    Outcome,
    StopGoDecision,
)
from projectboard.web.board.tolerance import ToleranceCheck, tolerance_checks
from projectboard.web.projects.models import Person, Project
from projectboard.web.risks.models import ActionStatus


@dataclass(frozen=True)
class ConditionEntry:
    """A condition and its state, which is its action's: ``met_on`` is the day the action
    ``action_ref`` ("A006") was marked done in the action log, None while it is open."""

    id: int
    decision_id: int
    meeting_id: int
    text: str
    owner: Person
    due: date
    action_ref: str
    met_on: date | None


@dataclass(frozen=True)
class DecisionEntry:
    """One stop/go decision with its conditions. (Recording it also wrote it to the decision
    log, with the same ``title`` and ``decided_on``, and each condition to the action log.)"""

    id: int
    meeting_id: int
    meeting: str  # "Project board 2"
    decided_on: date  # the meeting's day, London time
    outcome: str  # an ``Outcome`` value
    outcome_label: str
    title: str  # "Stop/go at project board 2: Go with conditions"
    rationale: str
    chair: Person | None
    recorded_by: User | None
    conditions: tuple[ConditionEntry, ...]


def next_meeting(project: Project, as_at: datetime) -> Meeting | None:
    """The first meeting that starts at or after ``as_at`` (aware), whatever its status now:
    a highlight report drafted after that meeting was held still names the same one."""
    return (
        Meeting.objects.filter(project=project, starts_at__gte=as_at)
        .select_related("chair", "venue_partner")
        .order_by("starts_at", "number")
        .first()
    )


def _condition(c: Condition, meeting_id: int) -> ConditionEntry:
    return ConditionEntry(
        c.pk, c.decision_id, meeting_id, c.text, c.owner, c.due, c.action.ref, c.met_on
    )


def decisions(project: Project) -> list[DecisionEntry]:
    """Every stop/go decision of ``project``, in meeting order, with its conditions."""
    rows = (
        StopGoDecision.objects.filter(meeting__project=project)
        .select_related("meeting__chair", "recorded_by")
        .prefetch_related("conditions__owner", "conditions__action")
        .order_by("meeting__starts_at", "meeting__number")
    )
    return [
        DecisionEntry(
            id=d.pk,
            meeting_id=d.meeting_id,
            meeting=str(d.meeting),
            decided_on=timezone.localdate(d.meeting.starts_at),
            outcome=d.outcome,
            outcome_label=Outcome(d.outcome).label,
            title=f"Stop/go at project board {d.meeting.number}: {Outcome(d.outcome).label}",
            rationale=d.rationale,
            chair=d.meeting.chair,
            recorded_by=d.recorded_by,
            conditions=tuple(_condition(c, d.meeting_id) for c in d.conditions.all()),
        )
        for d in rows
    ]


def open_conditions(project: Project) -> list[ConditionEntry]:
    """Conditions not yet met (their action is open in the action log), soonest due first."""
    rows = (
        Condition.objects.filter(
            decision__meeting__project=project, action__status=ActionStatus.OPEN
        )
        .select_related("owner", "decision", "action")
        .order_by("due", "decision__meeting__starts_at", "position", "id")
    )
    return [_condition(c, c.decision.meeting_id) for c in rows]


def exceptions(
    project: Project, *, plan: Plan | None = None, result: Schedule | None = None
) -> list[ToleranceCheck]:
    """The work packages forecast beyond their time tolerance, in the PID's order
    (``plan`` and ``result``: as ``tolerance_checks`` takes them)."""
    return [c for c in tolerance_checks(project, plan=plan, result=result) if c.in_exception]
