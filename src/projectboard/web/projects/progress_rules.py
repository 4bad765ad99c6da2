"""The rules a task's progress must keep, as the plan files' reader keeps them
(``planfile.yamlprogress.ProgressReader.check_progress``) and MS Project does: every problem
with the field it belongs to, the engine's code and a message naming the bad value.

Pure: no Django. The progress services parse the typed texts here and refuse the entry with
these errors beside the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projectboard.engine.durations import Duration, TimeSettings, parse_duration
from projectboard.engine.errors import E_BAD_VALUE, E_MISSING_KEY, PlanError
from projectboard.engine.model import percent_done
from projectboard.planfile.syntax import parse_datetime


@dataclass(frozen=True)
class Entry:
    """What was typed for one task, after the form has parsed the number."""

    actual_start: str
    actual_finish: str
    percent_complete: int
    remaining: str


@dataclass(frozen=True)
class Checked:
    """An entry that keeps the rules, parsed."""

    actual_start: datetime | None
    actual_finish: datetime | None
    percent_complete: int
    remaining: Duration | None


def check_entry(
    entry: Entry,
    *,
    duration: Duration,
    settings: TimeSettings,
    start_time: int,
    finish_time: int,
) -> tuple[Checked | None, dict[str, PlanError]]:
    """The entry parsed, or None and the problems by field name (the first per field)."""
    errors: dict[str, PlanError] = {}

    def parsed(name: str, text: str, default_time: int, label: str) -> datetime | None:
        if not text.strip():
            return None
        try:
            return parse_datetime(text, default_time=default_time, field=label)
        except PlanError as exc:
            errors[name] = exc
            return None

    start = parsed("actual_start", entry.actual_start, start_time, "actual start")
    finish = parsed("actual_finish", entry.actual_finish, finish_time, "actual finish")
    remaining: Duration | None = None
    if entry.remaining.strip():
        try:
            remaining = parse_duration(entry.remaining)
        except PlanError as exc:
            errors["remaining"] = exc
    percent = entry.percent_complete
    if not 0 <= percent <= 100:
        errors["percent_complete"] = PlanError(
            E_BAD_VALUE, f"percent complete {percent} must be 0 to 100", value=percent
        )
    if errors:
        return None, errors
    if finish is not None and start is None:
        errors["actual_finish"] = PlanError(
            E_MISSING_KEY, "an actual finish needs an actual start", value="actual_start"
        )
    elif finish is not None and start is not None and finish < start:
        errors["actual_finish"] = PlanError(
            E_BAD_VALUE,
            f"actual finish {finish:%Y-%m-%d %H:%M} is before the actual start "
            f"{start:%Y-%m-%d %H:%M}",
            value=entry.actual_finish,
        )
    if finish is not None and percent != 100:
        errors["percent_complete"] = PlanError(
            E_BAD_VALUE,
            f"percent complete {percent} with an actual finish (a finished task is 100% complete)",
            value=percent,
        )
    if remaining is not None:
        total, left = duration.minutes(settings), remaining.minutes(settings)
        if start is None:
            errors["remaining"] = PlanError(
                E_MISSING_KEY, "a remaining duration needs an actual start", value="actual_start"
            )
        elif finish is not None and left:
            errors["remaining"] = PlanError(
                E_BAD_VALUE,
                f"remaining {remaining} is more than 0 (the task is finished)",
                value=str(remaining),
            )
        elif left > total:
            errors["remaining"] = PlanError(
                E_BAD_VALUE, f"remaining {remaining} is more than {duration}", value=str(remaining)
            )
        elif total and percent_done(total - left, total) != percent:
            errors["remaining"] = PlanError(
                E_BAD_VALUE,
                f"remaining {remaining} of {duration} means "
                f"{percent_done(total - left, total)}% complete, not {percent}%",
                value=str(remaining),
            )
    if errors:
        return None, errors
    return Checked(start, finish, percent, remaining), {}


def reconcile(saved: Entry, typed: Entry, *, duration: Duration, settings: TimeSettings) -> Entry:
    """What to keep when a form shows every field and the user changed some, as MS Project
    recomputes one field from another: a new percent complete clears the remaining duration
    (the percent then says what is done); a new remaining duration sets the percent it
    means; a new actual finish makes the task 100% complete with nothing remaining. A field
    changed on purpose is kept as typed, so that contradictions are refused, not hidden."""
    percent_typed = typed.percent_complete != saved.percent_complete
    remaining_typed = typed.remaining.strip() != saved.remaining.strip()
    finish_typed = typed.actual_finish.strip() != saved.actual_finish.strip()
    percent, remaining = typed.percent_complete, typed.remaining.strip()
    if finish_typed and typed.actual_finish.strip():
        percent = percent if percent_typed else 100
        remaining = remaining if remaining_typed else ""
    elif remaining_typed and remaining and not percent_typed:
        try:
            total = duration.minutes(settings)
            left = parse_duration(remaining).minutes(settings)
        except PlanError:
            pass  # check_entry reports it
        else:
            percent = percent_done(total - min(left, total), total) if total else percent
    elif percent_typed and not remaining_typed:
        remaining = ""
    return Entry(typed.actual_start.strip(), typed.actual_finish.strip(), percent, remaining)
