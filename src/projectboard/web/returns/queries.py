"""Reading returns: for the pages, the reminder command and other apps (highlight reports).
Nothing here writes. (The risks a return raises are not read from here: submitting it makes
them proposals in the risk register, ``risks.queries.pending_proposals``.)

Lateness: a work package's return for a period is *late* as at a day when that day is after
the period's due date and the return had not been submitted by the due date (it has never
been submitted, or it was first submitted after the due date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projectboard.web.projects.models import Person, Project, WorkPackage
from projectboard.web.returns.models import RagReturn, ReportingPeriod, State

SUBMITTED_STATES = frozenset({State.SUBMITTED, State.ACCEPTED})


def submitted_by_due(ret: RagReturn | None, period: ReportingPeriod, as_at: date) -> bool:
    """Had the return been submitted on or before both the due date and ``as_at``?"""
    first = ret.first_submitted_on if ret is not None else None
    return first is not None and first <= min(period.due, as_at)


def is_late(ret: RagReturn | None, period: ReportingPeriod, as_at: date) -> bool:
    return as_at > period.due and not submitted_by_due(ret, period, as_at)


@dataclass(frozen=True)
class PeriodRow:
    """One work package's return for one period, as at a day. ``ret`` is None when nobody
    has started it; ``state`` is then "Not started"."""

    period: ReportingPeriod
    work_package: WorkPackage
    ret: RagReturn | None
    late: bool

    @property
    def state(self) -> str:
        return "Not started" if self.ret is None else self.ret.get_state_display()

    @property
    def outstanding(self) -> bool:
        """Not with the project manager: not started, a draft, or returned for rework."""
        return self.ret is None or self.ret.state in (State.DRAFT, State.RETURNED)


def period_rows(period: ReportingPeriod, as_at: date) -> list[PeriodRow]:
    """Every work package of the period's project (in the PID's order) with its return."""
    returns = {
        r.work_package_id: r
        for r in RagReturn.objects.filter(period=period).select_related("submitted_by")
    }
    return [
        PeriodRow(period, wp, returns.get(wp.pk), is_late(returns.get(wp.pk), period, as_at))
        for wp in period.project.work_packages.prefetch_related("leads__user", "deputies__user")
    ]


@dataclass(frozen=True)
class PeriodSummary:
    """One period's returns as at a day, over every work package of the project (``total``):
    how many are submitted (with the project manager), accepted, and late."""

    period: ReportingPeriod
    submitted: int
    accepted: int
    late: int
    total: int


def period_summaries(project: Project, as_at: date) -> list[PeriodSummary]:
    """Every period of ``project`` in order, counted as ``period_rows`` would list it, in
    three queries however many periods there are."""
    work_packages = list(project.work_packages.values_list("pk", flat=True))
    returns = {
        (r.period_id, r.work_package_id): r
        for r in RagReturn.objects.filter(project=project).only(
            "period", "work_package", "state", "first_submitted_on"
        )
    }
    summaries = []
    for period in ReportingPeriod.objects.filter(project=project).order_by("number"):
        found = [returns.get((period.pk, wp)) for wp in work_packages]
        states = [r.state for r in found if r is not None]
        summaries.append(
            PeriodSummary(
                period,
                submitted=states.count(State.SUBMITTED),
                accepted=states.count(State.ACCEPTED),
                late=sum(is_late(r, period, as_at) for r in found),
                total=len(work_packages),
            )
        )
    return summaries


def work_packages_of(person: Person, project: Project) -> list[tuple[WorkPackage, str]]:
    """The work packages ``person`` leads or deputises for in ``project``, each with "Lead"
    or "Deputy" (a lead's own first), in the PID's order."""
    led = list(WorkPackage.objects.filter(project=project, leads=person))
    deputised = [
        wp for wp in WorkPackage.objects.filter(project=project, deputies=person) if wp not in led
    ]
    return sorted(
        [(wp, "Lead") for wp in led] + [(wp, "Deputy") for wp in deputised],
        key=lambda pair: (pair[0].position, pair[0].code),
    )


@dataclass(frozen=True)
class TrendPoint:
    """The overall RAG of one work package's return for one period: ``overall`` is "" when
    there is no submitted or accepted return for it."""

    period: ReportingPeriod
    ret: RagReturn | None
    overall: str

    @property
    def label(self) -> str:
        return {"red": "Red", "amber": "Amber", "green": "Green"}.get(self.overall, "No return")


def trend(work_package: WorkPackage, until: date | None = None) -> list[TrendPoint]:
    """The overall RAG of each period in order (periods starting on or before ``until``, if
    given). Only submitted and accepted returns count: a draft is not a rating yet."""
    returns = {r.period_id: r for r in RagReturn.objects.filter(work_package=work_package)}
    periods = ReportingPeriod.objects.filter(project_id=work_package.project_id)
    if until is not None:
        periods = periods.filter(start__lte=until)
    points = []
    for p in periods.order_by("number"):
        ret = returns.get(p.pk)
        rated = ret is not None and ret.state in SUBMITTED_STATES
        points.append(TrendPoint(p, ret, ret.overall if ret is not None and rated else ""))
    return points


# -- for other apps --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnSummary:
    """A submitted or accepted return, for other apps.

    ``work_package`` is its code; ``ratings`` maps each of "overall", "time", "cost",
    "scope", "quality", "risk" to "red", "amber" or "green"; ``tolerance`` is "within",
    "forecast" or "exceeded"; ``state`` is "submitted" or "accepted"; ``suggested_time`` is
    the schedule's RAG for time when it was submitted ("" if it had none); ``new_risks`` has
    one text per risk.
    """

    work_package: str
    work_package_name: str
    period: int
    period_start: date
    period_end: date
    state: str
    ratings: dict[str, str]
    tolerance: str
    achievements: str
    next_period: str
    issues: str
    new_risks: tuple[str, ...]
    help_needed: str
    suggested_time: str
    submitted_on: date


def _summary(r: RagReturn) -> ReturnSummary:
    assert r.first_submitted_on is not None  # submitted or accepted
    return ReturnSummary(
        work_package=r.work_package.code,
        work_package_name=r.work_package.name,
        period=r.period.number,
        period_start=r.period.start,
        period_end=r.period.end,
        state=r.state,
        ratings={
            "overall": r.overall,
            "time": r.time,
            "cost": r.cost,
            "scope": r.scope,
            "quality": r.quality,
            "risk": r.risk,
        },
        tolerance=r.tolerance,
        achievements=r.achievements,
        next_period=r.next_period,
        issues=r.issues,
        new_risks=tuple(r.new_risk_lines()),
        help_needed=r.help_needed,
        suggested_time=r.suggested_time,
        submitted_on=r.first_submitted_on,
    )


def latest_returns(project: Project, as_at: date) -> list[ReturnSummary]:
    """For each work package of ``project`` (in the PID's order) that has one, its latest
    return (the one for the highest-numbered period) that is submitted or accepted now and
    was first submitted on or before ``as_at``. Work packages without one are left out.
    The contents are the return's current ones."""
    rows = (
        RagReturn.objects.filter(
            project=project, state__in=SUBMITTED_STATES, first_submitted_on__lte=as_at
        )
        .select_related("work_package", "period")
        .order_by("work_package__position", "work_package__code", "-period__number")
    )
    latest: dict[int, RagReturn] = {}
    for r in rows:
        latest.setdefault(r.work_package_id, r)
    return [_summary(r) for r in latest.values()]
