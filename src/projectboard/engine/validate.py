"""Find every problem in a plan at once, for ``projectboard check`` and forms.

``schedule`` stops at the first problem; ``validate`` keeps going and returns them all, in
task order, so a user can fix a file in one round.
"""

from __future__ import annotations

from projectboard.engine.calendar import require_working_time
from projectboard.engine.errors import (
    E_DUPLICATE_ID,
    E_NEGATIVE_DURATION,
    E_SELF_LINK,
    E_SUMMARY_LINK,
    E_UNKNOWN_CALENDAR,
    E_UNKNOWN_PREDECESSOR,
    Location,
    PlanError,
)
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule


def validate(plan: Plan) -> list[PlanError]:
    errors: list[PlanError] = []
    ids: dict[int, int] = {}
    parents = {t.id: t.parent for t in plan.tasks}

    def ancestors(task_id: int) -> set[int]:
        out: set[int] = set()
        parent = parents.get(task_id)
        while parent is not None and parent not in out:
            out.add(parent)
            parent = parents.get(parent)
        return out

    def add(code: str, message: str, line: int | None, task: int, value: object) -> None:
        errors.append(
            PlanError(code, message, location=Location(line=line), task=str(task), value=value)
        )

    for name, calendar in plan.calendars.items():
        try:
            require_working_time(calendar)
        except PlanError as exc:
            if any((t.calendar or plan.calendar) == name for t in plan.tasks):
                errors.append(exc)
    for task in plan.tasks:
        if task.id in ids:
            add(E_DUPLICATE_ID, f"ID {task.id} is used twice", task.line, task.id, task.id)
        ids[task.id] = task.line or 0
    for task in plan.tasks:
        if task.duration.value < 0:
            add(
                E_NEGATIVE_DURATION,
                f"duration {task.duration} is negative",
                task.line,
                task.id,
                str(task.duration),
            )
        if task.calendar and task.calendar not in plan.calendars:
            add(
                E_UNKNOWN_CALENDAR,
                f"calendar {task.calendar!r} is not defined",
                task.line,
                task.id,
                task.calendar,
            )
        for link in task.predecessors:
            if link.predecessor not in ids:
                add(
                    E_UNKNOWN_PREDECESSOR,
                    f"predecessor '{link.predecessor}' does not exist",
                    task.line,
                    task.id,
                    link.predecessor,
                )
            elif link.predecessor == task.id:
                add(
                    E_SELF_LINK, "a task cannot be its own predecessor", task.line, task.id, task.id
                )
            elif link.predecessor in ancestors(task.id) or task.id in ancestors(link.predecessor):
                add(
                    E_SUMMARY_LINK,
                    f"cannot link to {link.predecessor}: "
                    "a summary task cannot be linked to its own subtasks",
                    task.line,
                    task.id,
                    link.predecessor,
                )
    if not errors:
        try:
            schedule(plan)
        except PlanError as exc:
            errors.append(exc)
    return errors
