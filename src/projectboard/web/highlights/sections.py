"""The sections of a highlight report, in order, and the providers that fill the data ones.

Every section has text the project manager writes. A data section also has a *provider*: a
function from the live project (``Capture``) to a table of strings (``TableData``), called
when a report is drafted or refreshed; its result is stored with the report as a snapshot.

Providers read the plan and its schedule (the work packages, the finishes in the period and
in the next, the slippage of each work package against its due date) and the other apps'
read-only queries: the RAG of each work package's latest return as at the period's end
(``returns.queries``), the exceptions and the next board meeting (``board.queries``), and
the top risks, the risks raised or rescored in the period, the issues open and the actions
overdue at its end, the decisions the board is asked to take, and the decisions taken and
lessons logged in the period (``risks.queries``). Where the query has no "as at" (top risks,
exceptions), the table is as things stood when it was captured, and its notes say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule, ScheduledTask
from projectboard.finance.money import ZERO, format_money
from projectboard.web.board.queries import exceptions, next_meeting
from projectboard.web.projects.models import Baseline, Project, WorkPackage
from projectboard.web.projects.progress_queries import moved_since
from projectboard.web.returns.queries import latest_returns
from projectboard.web.risks.models import Severity
from projectboard.web.risks.queries import (
    ScoreMove,
    decisions_needed,
    decisions_since,
    lessons_logged,
    open_issues,
    overdue_actions,
    risk_changes_since,
    top_risks,
)

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


def _rag_word(code: str) -> str:
    return {"red": "Red", "amber": "Amber", "green": "Green"}.get(code, code)


def work_packages_table(capture: Capture) -> TableData:
    """Each work package with its leads and due date, in the PID's order, and the overall
    and time RAG of its latest return submitted by the period's end (``latest_returns``),
    in words; the time RAG says the schedule's suggestion where it differed."""
    names = _names(capture.plan)
    returns = {r.work_package: r for r in latest_returns(capture.project, capture.period_end)}
    rows = []
    for wp in capture.plan.work_packages:
        row = [
            wp.code,
            wp.name,
            ", ".join(names.get(code, code) for code in wp.leads) or "None named",
            f"{wp.due:{DATE}}" if wp.due else "Not set",
        ]
        ret = returns.get(wp.code)
        if ret is None:
            rows.append([*row, "No return", "", ""])
            continue
        time_rag = _rag_word(ret.ratings["time"])
        if ret.suggested_time and ret.suggested_time != ret.ratings["time"]:
            time_rag += f" (the schedule suggested {_rag_word(ret.suggested_time)})"
        rows.append(
            [
                *row,
                _rag_word(ret.ratings["overall"]),
                time_rag,
                f"Period {ret.period}, submitted {ret.submitted_on:{DATE}}",
            ]
        )
    notes = [
        f"RAG from each work package's latest return submitted by {capture.period_end:{DATE}}."
    ]
    columns = ["Code", "Work package", "Leads", "Due", "Overall RAG", "Time RAG", "Return"]
    return TableData(columns, rows, notes)


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
    progress = (
        f", with the progress recorded at the status date {capture.plan.status_date:{DATE}}"
        if capture.plan.status_date
        else "; no status date is set"
    )
    notes.append(
        f"Dates are the schedule's as of plan revision {capture.project.plan_revision}{progress}."
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


# -- providers from the risk register, the logs and the board -------------------------------


def _none(rows: list[list[str]], text: str) -> list[str]:
    return [] if rows else [text]


def _period(capture: Capture) -> str:
    return f"{capture.period_start:{DATE}} to {capture.period_end:{DATE}}"


def exceptions_table(capture: Capture) -> TableData:
    """The work packages forecast beyond their time tolerance (``board.queries.exceptions``),
    in the PID's order."""
    rows = [
        [
            c.work_package.code,
            f"{c.due:{DATE}}" if c.due else "",
            f"{c.forecast_finish:{DATE_TIME}}" if c.forecast_finish else "",
            str(c.slip_days),
            str(c.time_tolerance_days),
            str(c.over_by_days),
        ]
        for c in exceptions(capture.project, plan=capture.plan, result=capture.schedule)
    ]
    columns = ["Work package", "Due", "Forecast finish", "Slip", "Tolerance", "Over by"]
    notes = _none(rows, "No work package is forecast beyond its time tolerance.")
    notes.append("In working days, from the schedule when the tables were captured.")
    return TableData(columns, rows, notes)


def top_risks_table(capture: Capture) -> TableData:
    """The five open risks with the highest residual score (``risks.queries.top_risks``)."""
    rows = [
        [
            r.ref,
            r.title,
            r.owner.name if r.owner else "",
            str(r.residual_score),
            str(r.residual_rag),
            str(r.inherent_score),
        ]
        for r in top_risks(capture.project)
    ]
    columns = ["ID", "Risk", "Owner", "Residual score", "Residual RAG", "Inherent score"]
    notes = _none(rows, "There are no open risks.")
    notes.append("As the register stood when the tables were captured.")
    return TableData(columns, rows, notes)


def _move(move: ScoreMove) -> str:
    if move.before is None:
        return "New risk"
    if move.direction == "same":
        return "Inherent score changed"
    return f"{'Up' if move.direction == 'up' else 'Down'} from {move.before}"


def risk_changes_table(capture: Capture) -> TableData:
    """Risks raised or rescored in the period (``risks.queries.risk_changes_since``)."""
    moves = risk_changes_since(capture.project, capture.period_start, capture.period_end)
    rows = [[f"{m.on:{DATE}}", m.risk.ref, m.risk.title, _move(m), str(m.after)] for m in moves]
    columns = ["Date", "ID", "Risk", "Change", "Residual score"]
    return TableData(
        columns, rows, _none(rows, f"No risk was raised or rescored from {_period(capture)}.")
    )


def open_issues_table(capture: Capture) -> TableData:
    """Issues open at the end of the period, those for the board first
    (``risks.queries.open_issues``)."""
    rows = [
        [
            i.ref,
            i.title,
            i.get_type_display(),
            i.get_priority_display(),
            "Board" if i.severity == Severity.BOARD else "Project manager",
            i.owner.name if i.owner else "",
            f"{i.raised_on:{DATE}}",
        ]
        for i in open_issues(capture.project, capture.period_end)
    ]
    columns = ["ID", "Issue", "Type", "Priority", "Decided by", "Owner", "Raised"]
    notes = _none(rows, f"No issue was open on {capture.period_end:{DATE}}.")
    return TableData(columns, rows, notes)


def decisions_needed_table(capture: Capture) -> TableData:
    """The issues open at the end of the period that the board is asked to decide
    (``risks.queries.decisions_needed``), and the first board meeting after the period
    (``board.queries.next_meeting``)."""
    rows = [
        [
            i.ref,
            i.title,
            i.get_type_display(),
            i.owner.name if i.owner else "",
            f"{i.raised_on:{DATE}}",
        ]
        for i in decisions_needed(capture.project, capture.period_end)
    ]
    notes = _none(rows, f"No issue open on {capture.period_end:{DATE}} needs the board.")
    after = timezone.make_aware(datetime.combine(capture.next_start, time()))
    meeting = next_meeting(capture.project, after)
    if meeting is None:
        notes.append(f"No board meeting is arranged after {capture.period_end:{DATE}}.")
    else:
        when = timezone.localtime(meeting.starts_at)
        venue = f", {meeting.venue}" if meeting.venue else ""
        notes.append(f"Next board meeting: {meeting}, {when:{DATE_TIME}}{venue}.")
    return TableData(["ID", "Issue", "Type", "Owner", "Raised"], rows, notes)


def decisions_taken_table(capture: Capture) -> TableData:
    """Decisions taken in the period (``risks.queries.decisions_since``)."""
    found = decisions_since(capture.project, capture.period_start, capture.period_end)
    rows = [[d.ref, f"{d.decided_on:{DATE}}", d.title, d.made_by] for d in found]
    return TableData(
        ["ID", "Date", "Decision", "Made by"],
        rows,
        _none(rows, f"No decision was logged from {_period(capture)}."),
    )


def overdue_actions_table(capture: Capture) -> TableData:
    """Actions overdue at the end of the period (``risks.queries.overdue_actions``)."""
    rows = [
        [
            a.ref,
            a.title,
            a.owner.name if a.owner else "",
            f"{a.due:{DATE}}" if a.due else "",
            a.source,
        ]
        for a in overdue_actions(capture.project, capture.period_end)
    ]
    return TableData(
        ["ID", "Action", "Owner", "Due", "Source"],
        rows,
        _none(rows, f"No action was overdue on {capture.period_end:{DATE}}."),
    )


def lessons_table(capture: Capture) -> TableData:
    """Lessons logged in the period (``risks.queries.lessons_logged``)."""
    found = lessons_logged(capture.project, capture.period_start, capture.period_end)
    rows = [
        [
            lesson.ref,
            lesson.lesson,
            lesson.get_category_display(),
            lesson.logged_by.name if lesson.logged_by else "",
            f"{lesson.logged_on:{DATE}}",
        ]
        for lesson in found
    ]
    return TableData(
        ["ID", "Lesson", "Category", "Logged by", "Logged"],
        rows,
        _none(rows, f"No lesson was logged from {_period(capture)}."),
    )


# -- the sections ----------------------------------------------------------------------------


def moved_table(capture: Capture) -> TableData:
    """What moved since the last board: the tasks added, removed or moved between the most
    recently saved baseline (saved at or before the period's end) and the schedule now, with
    their finish slip in working days and whether they are critical then and now."""
    end = datetime.combine(capture.period_end, time.max, tzinfo=timezone.get_current_timezone())
    baseline = (
        Baseline.objects.filter(project=capture.project, saved__lte=end)
        .order_by("-saved", "-number")
        .first()
    )
    columns = ["Change", "Task", "Finish then", "Finish now", "Slip (days)", "Critical"]
    if baseline is None:
        return TableData(
            columns,
            [],
            [
                "No baseline saved by the period's end: save one at each board meeting to see "
                "what moved since."
            ],
        )
    diff = moved_since(capture.project, baseline.number)
    per_day = diff.minutes_per_day

    def when(moment: datetime | None) -> str:
        return f"{moment:{DATE_TIME}}" if moment else ""

    def critical(then: bool | None, now: bool | None) -> str:
        words = {True: "yes", False: "no", None: ""}  # a baseline does not record it
        return words[now] if then is None or then == now else f"{words[then]}, now {words[now]}"

    rows = [
        [
            c.change.capitalize(),
            f"{c.id} {c.name}",
            when(c.old_finish),
            when(c.new_finish),
            "" if c.finish_slip_minutes is None else working_days(c.finish_slip_minutes, per_day),
            critical(c.critical_then, c.critical_now),
        ]
        for c in diff.changes
        if not c.summary
    ]
    notes = [f"{diff.old_label} (saved {baseline.saved:{DATE}}) against {diff.new_label}."]
    if not rows:
        notes.append("Nothing moved.")
    if diff.finish_slip_minutes == 0:
        notes.append("The project's finish has not moved.")
    elif diff.finish_slip_minutes is not None:
        days = working_days(diff.finish_slip_minutes, per_day)
        notes.append(f"The project's finish moved {days} working days.")
    return TableData(columns, rows, notes)


def budget_table(capture: Capture) -> TableData:
    """The project's own funding per partner and the spend charged to it: in the period and
    to its end (the business case's funding page)."""
    rows: list[list[str]] = []
    totals = [ZERO, ZERO, ZERO]
    for partner in capture.project.partners.order_by("code", "id"):
        funded = sum((f.amount for f in partner.funding_set.all()), ZERO)
        spends = [s for s in partner.spend_set.all() if s.spent_on <= capture.period_end]
        in_period = sum((s.amount for s in spends if s.spent_on >= capture.period_start), ZERO)
        to_date = sum((s.amount for s in spends), ZERO)
        for i, amount in enumerate((funded, in_period, to_date)):
            totals[i] += amount
        rows.append(
            [
                partner.name,
                *(format_money(a) for a in (funded, in_period, to_date, funded - to_date)),
            ]
        )
    columns = ["Partner", "Funding", "Spent in the period", "Spent to date", "Remaining"]
    if not any(totals):
        return TableData(columns, [], ["No project funding or spend recorded."])
    rows.append(["Total", *(format_money(a) for a in (*totals, totals[0] - totals[2]))])
    return TableData(columns, rows)


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
        "exceptions",
        "Exceptions",
        "The work packages beyond tolerance: what the exception reports recommend.",
        exceptions_table,
    ),
    Section(
        "moved",
        "What moved since the last board",
        "Why tasks moved since the baseline saved at the last board.",
        moved_table,
    ),
    Section(
        "budget",
        "Budget against funding per partner",
        "Spend and commitments against each partner's funding.",
        budget_table,
    ),
    Section("risks", "Top risks", "The most serious risks and their mitigation.", top_risks_table),
    Section(
        "risk_changes",
        "Changes to risks",
        "Why risks were raised or rescored in the period.",
        risk_changes_table,
    ),
    Section("changes", "Changes", "Changes requested or approved in the period."),
    Section("issues", "Open issues", "Issues that are open, with their owners.", open_issues_table),
    Section(
        "decisions",
        "Decisions the board is asked to take",
        "Including the stop/go decision at this meeting.",
        decisions_needed_table,
    ),
    Section(
        "decisions_taken",
        "Decisions taken in the period",
        "What the decisions mean for the project.",
        decisions_taken_table,
    ),
    Section(
        "actions",
        "Overdue actions",
        "Why actions are overdue, and when they will be done.",
        overdue_actions_table,
    ),
    Section("lessons", "Lessons", "Lessons learned in the period.", lessons_table),
)

SECTION_KEYS = frozenset(s.key for s in SECTIONS)


def capture_tables(capture: Capture) -> dict[str, dict[str, list[str] | list[list[str]]]]:
    """Every data section's table, as stored with a report."""
    return {s.key: s.provider(capture).as_json() for s in SECTIONS if s.provider is not None}
