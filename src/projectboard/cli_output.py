"""What the ``projectboard`` commands print: a schedule as JSON or a rich table, and a diff
as JSON or CSV rows.

Kept apart from ``cli`` so that the commands there read as what they do, and the column lists
and field names, a contract with whoever parses the output, sit together here. The web API
serves the same schedule JSON (``schedule_json``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TextIO

from projectboard.engine.diff import PlanDiff, TaskChange, format_days
from projectboard.engine.model import Plan
from projectboard.engine.progress import has_progress, task_progress
from projectboard.engine.scheduler import Schedule, ScheduledTask
from projectboard.planfile.syntax import format_predecessors


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value is not None else None


def schedule_json(plan: Plan, result: Schedule) -> dict[str, Any]:
    links = {t.id: format_predecessors(t.predecessors) for t in plan.tasks}
    data: dict[str, Any] = {
        "project": {
            "name": plan.name,
            "start": _iso(result.start),
            "finish": _iso(result.finish),
            "schedule_from": plan.schedule_from,
        },
        "tasks": [
            {
                "id": t.id,
                "uid": t.uid if t.uid is not None else t.id,
                "name": t.name,
                "level": t.level,
                "summary": t.summary,
                "milestone": t.milestone,
                "duration_minutes": t.duration_minutes,
                "start": _iso(t.start),
                "finish": _iso(t.finish),
                "early_start": _iso(t.early_start),
                "early_finish": _iso(t.early_finish),
                "late_start": _iso(t.late_start),
                "late_finish": _iso(t.late_finish),
                "total_float_minutes": t.total_float_minutes,
                "free_float_minutes": t.free_float_minutes,
                "critical": t.critical,
                "deadline": _iso(t.deadline),
                "deadline_missed": t.deadline_missed,
                "predecessors": links[t.id],
                "work_package": t.work_package,
            }
            for t in result.tasks
        ],
    }
    if has_progress(plan):
        data["project"]["status_date"] = _iso(plan.status_date)
        progress = task_progress(plan, result)
        for row in data["tasks"]:
            done = progress[row["id"]]
            row.update(
                status=done.status,
                percent_complete=done.percent_complete,
                actual_start=_iso(done.actual_start),
                actual_finish=_iso(done.actual_finish),
                actual_minutes=done.actual_minutes,
                remaining_minutes=done.remaining_minutes,
                stop=_iso(done.stop),
                resume=_iso(done.resume),
            )
    return data


def _days(minutes: int, plan: Plan) -> str:
    text = f"{minutes / plan.settings.minutes_per_day:.2f}".rstrip("0").rstrip(".")
    return f"{text} d"


def print_table(plan: Plan, result: Schedule, tasks: list[ScheduledTask], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    title = f"{plan.name}: {result.start:%d/%m/%y} to {result.finish:%d/%m/%y}"
    if plan.status_date is not None:
        title += f", status date {plan.status_date:%d/%m/%y %H:%M}"
    table = Table(title=title)
    progress = task_progress(plan, result) if has_progress(plan) else None
    for heading, justify in (
        ("ID", "right"),
        ("Task Name", "left"),
        ("Duration", "right"),
        ("Start", "left"),
        ("Finish", "left"),
        ("Predecessors", "left"),
        ("Total float", "right"),
        ("Free float", "right"),
        ("Critical", "left"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    if progress is not None:
        for heading, justify in PROGRESS_COLUMNS:
            table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    links = {t.id: format_predecessors(t.predecessors) for t in plan.tasks}
    for t in tasks:
        name = "  " * (t.level - 1) + t.name
        cells = [
            str(t.id),
            f"[bold]{_escape(name)}[/bold]" if t.summary else _escape(name),
            _days(t.duration_minutes, plan),
            f"{t.start:%a %d/%m/%y %H:%M}",
            f"{t.finish:%a %d/%m/%y %H:%M}",
            links[t.id],
            _days(t.total_float_minutes, plan),
            _days(t.free_float_minutes, plan),
            "yes" if t.critical else "no",
        ]
        if progress is not None:
            done = progress[t.id]
            cells += [
                f"{done.percent_complete}%",
                f"{done.actual_start:%d/%m/%y %H:%M}" if done.actual_start else "NA",
                f"{done.actual_finish:%d/%m/%y %H:%M}" if done.actual_finish else "NA",
                _days(done.remaining_minutes, plan),
            ]
        table.add_row(*cells)
    Console(file=out, width=160 if not out.isatty() else None, highlight=False).print(table)


PROGRESS_COLUMNS = (
    ("% Comp.", "right"),
    ("Actual Start", "left"),
    ("Actual Finish", "left"),
    ("Remaining", "right"),
)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


DIFF_COLUMNS = (
    "change",
    "id",
    "name",
    "summary",
    "old_start",
    "new_start",
    "start_slip_days",
    "old_finish",
    "new_finish",
    "finish_slip_days",
    "duration_change_days",
    "critical_then",
    "critical_now",
)


def _slip_days(minutes: int | None, per_day: int) -> str | None:
    if minutes is None:
        return None
    return format_days(minutes, per_day).removesuffix(" d")


def _change_dict(change: TaskChange, per_day: int) -> dict[str, Any]:
    return {
        "change": change.change,
        "id": change.id,
        "name": change.name,
        "summary": change.summary,
        "old_start": _iso(change.old_start),
        "new_start": _iso(change.new_start),
        "start_slip_days": _slip_days(change.start_slip_minutes, per_day),
        "old_finish": _iso(change.old_finish),
        "new_finish": _iso(change.new_finish),
        "finish_slip_days": _slip_days(change.finish_slip_minutes, per_day),
        "duration_change_days": _slip_days(change.duration_change_minutes, per_day),
        "critical_then": change.critical_then,
        "critical_now": change.critical_now,
    }


def diff_json(found: PlanDiff) -> dict[str, Any]:
    per_day = found.minutes_per_day
    return {
        "old": found.old_label,
        "new": found.new_label,
        "old_finish": _iso(found.old_finish),
        "new_finish": _iso(found.new_finish),
        "finish_slip_days": _slip_days(found.finish_slip_minutes, per_day),
        "same": found.same,
        "changes": [_change_dict(c, per_day) for c in found.changes],
        "critical_path": {"joined": found.critical_joined, "left": found.critical_left},
    }


def diff_rows(found: PlanDiff) -> list[list[str]]:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    rows = [list(DIFF_COLUMNS)]
    for change in found.changes:
        d = _change_dict(change, found.minutes_per_day)
        rows.append([cell(d[k]) for k in DIFF_COLUMNS])
    return rows
