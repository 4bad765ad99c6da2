"""The sections of a highlight report, in order, and the providers that fill the data ones.

Every section has text the project manager writes. A data section also has a *provider*: a
function from the live project (``Capture``) to a table of strings (``TableData``), called
when a report is drafted or refreshed; its result is stored with the report as a snapshot.

Providers here read the plan and its schedule: the work packages, the finishes in the period
and in the next, and the slippage of each work package against its due date. The sections
that will come from the returns, the risk register and the board (RAG per work package, top
risks, changes, issues, decisions) are text only until those apps offer their queries: then
each gets a provider here and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule, ScheduledTask
from projectboard.web.projects.models import Project, WorkPackage

DATE = "%d/%m/%Y"
DATE_TIME = "%a %d/%m/%Y %H:%M"  # as the plan page shows them


@dataclass(frozen=True)
class Capture:
    """What the providers read: the project, the period and the schedule of the moment."""

    project: Project
    period_start: date
    period_end: date
    plan: Plan
    schedule: Schedule

    @property
    def next_start(self) -> date:
        return self.period_end + timedelta(days=1)

    @property
    def next_end(self) -> date:
        """The next period is as long as this one."""
        return self.period_end + (self.period_end - self.period_start) + timedelta(days=1)


@dataclass(frozen=True)
class TableData:
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)  # said under the table, or instead of it

    def as_json(self) -> dict[str, list[str] | list[list[str]]]:
        return {"columns": self.columns, "rows": self.rows, "notes": self.notes}

    @classmethod
    def from_json(cls, data: dict[str, list[str] | list[list[str]]]) -> TableData:
        return cls(
            columns=[str(c) for c in data.get("columns", [])],
            rows=[[str(c) for c in row] for row in data.get("rows", [])],
            notes=[str(n) for n in data.get("notes", [])],
        )


Provider = Callable[[Capture], TableData]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    guidance: str  # what the project manager writes there
    provider: Provider | None = None


# -- providers -------------------------------------------------------------------------------


def _names(plan: Plan) -> dict[str, str]:
    return {p.code: f"{p.name} ({p.partner})" if p.partner else p.name for p in plan.people}


def work_packages_table(capture: Capture) -> TableData:
    """Each work package with its leads and due date, in the PID's order."""
    names = _names(capture.plan)
    rows = [
        [
            wp.code,
            wp.name,
            ", ".join(names.get(code, code) for code in wp.leads) or "None named",
            f"{wp.due:{DATE}}" if wp.due else "Not set",
        ]
        for wp in capture.plan.work_packages
    ]
    return TableData(["Code", "Work package", "Leads", "Due"], rows)


def _finishes(capture: Capture, first: date, last: date) -> TableData:
    """Tasks and milestones the schedule finishes, and work packages due, from ``first`` to
    ``last`` (both included), by date."""
    found: list[tuple[datetime, int, list[str]]] = [
        (
            t.finish,
            0,
            [str(t.id), t.name, t.work_package or "", "Milestone" if t.milestone else "Task"],
        )
        for t in capture.schedule.tasks
        if not t.summary and first <= t.finish.date() <= last
    ]
    for position, wp in enumerate(capture.plan.work_packages):  # due: its finish time
        if wp.due is not None and first <= wp.due.date() <= last:
            found.append((wp.due, 1 + position, ["", wp.name, wp.code, "Work package due"]))
    found.sort(key=lambda item: (item[0], item[1], item[2][0]))
    rows = [[*row, f"{when:{DATE_TIME}}"] for when, _, row in found]
    notes = (
        [] if rows else [f"Nothing is scheduled to finish from {first:{DATE}} to {last:{DATE}}."]
    )
    notes.append(
        f"Dates are the schedule's as of plan revision {capture.project.plan_revision}; "
        "actual progress is not recorded yet."
    )
    return TableData(["ID", "Task", "Work package", "Type", "Finish"], rows, notes)


def finishes_this_period(capture: Capture) -> TableData:
    return _finishes(capture, capture.period_start, capture.period_end)


def due_next_period(capture: Capture) -> TableData:
    return _finishes(capture, capture.next_start, capture.next_end)


def working_days(minutes: int, minutes_per_day: int) -> str:
    """Working minutes as days, to two places at most: 7200 -> "15", 240 -> "0.5"."""
    days = (Decimal(minutes) / Decimal(minutes_per_day)).quantize(Decimal("0.01"))
    text = format(days.normalize(), "f")
    return "0" if text in ("-0", "0") else f"+{text}" if days > 0 else text


def slippage_table(capture: Capture) -> TableData:
    """Each work package with a due date and tasks: the schedule's forecast finish against
    the due date (17:00 that day), in working days on the project calendar; positive is late.
    Beyond tolerance: later than the work package's time tolerance, or else the project's."""
    plan, project = capture.plan, capture.project
    axis = WorkTime(plan.calendars[plan.calendar])
    finishes: dict[str, list[ScheduledTask]] = {}
    for t in capture.schedule.tasks:
        if t.work_package and not t.summary:
            finishes.setdefault(t.work_package, []).append(t)
    tolerances = dict(
        WorkPackage.objects.filter(project=project).values_list("code", "time_tolerance_days")
    )
    rows: list[list[str]] = []
    untasked: list[str] = []
    for wp in plan.work_packages:
        if wp.due is None:
            continue
        tasks = finishes.get(wp.code)
        if not tasks:
            untasked.append(wp.code)
            continue
        forecast = max(t.finish for t in tasks)
        minutes = axis.working_minutes(to_minutes(wp.due), to_minutes(forecast))
        tolerance = tolerances.get(wp.code)
        days = project.time_tolerance_days if tolerance is None else tolerance
        beyond = minutes > days * plan.settings.minutes_per_day
        rows.append(
            [
                wp.code,
                f"{wp.due:{DATE_TIME}}",
                f"{forecast:{DATE_TIME}}",
                working_days(minutes, plan.settings.minutes_per_day),
                f"Beyond ({days} d)" if beyond else f"Within ({days} d)",
            ]
        )
    notes = []
    if untasked:
        notes.append(f"No tasks in the plan yet, so no forecast: {', '.join(untasked)}.")
    notes.append("Slippage is in working days: positive is late, negative is early.")
    columns = ["Work package", "Due", "Forecast finish", "Slippage (days)", "Tolerance"]
    return TableData(columns, rows, notes)


# -- the sections ----------------------------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section("summary", "Summary", "Progress in the period in a few sentences."),
    Section(
        "work_packages",
        "Work packages",
        "Comment on the work packages; RAG status per package from the returns.",
        work_packages_table,
    ),
    Section(
        "finished",
        "Finishes in this period",
        "What was completed in the period; say if anything scheduled did not finish.",
        finishes_this_period,
    ),
    Section(
        "next",
        "Due next period",
        "What is planned for the next period.",
        due_next_period,
    ),
    Section(
        "slippage",
        "Schedule slippage",
        "Why work packages are late, and what is being done about it.",
        slippage_table,
    ),
    Section(
        "budget",
        "Budget against funding per partner",
        "Spend and commitments against each partner's funding (there is no cost model yet).",
    ),
    Section("risks", "Top risks", "The most serious risks and their mitigation."),
    Section("changes", "Changes", "Changes requested or approved in the period."),
    Section("issues", "Open issues", "Issues that are open, with their owners."),
    Section(
        "decisions",
        "Decisions the board is asked to take",
        "Including the stop/go decision at this meeting.",
    ),
    Section("lessons", "Lessons", "Lessons learned in the period."),
)

SECTION_KEYS = frozenset(s.key for s in SECTIONS)


def capture_tables(capture: Capture) -> dict[str, dict[str, list[str] | list[list[str]]]]:
    """Every data section's table, as stored with a report."""
    return {s.key: s.provider(capture).as_json() for s in SECTIONS if s.provider is not None}
