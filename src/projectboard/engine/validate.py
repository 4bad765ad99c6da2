"""Find every problem in a plan at once, for ``projectboard check`` and forms."""

from __future__ import annotations

from projectboard.engine.errors import PlanError, PlanErrors
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule


def validate(plan: Plan) -> list[PlanError]:
    """Every problem with ``plan``, in task order; empty when it schedules.

    The scheduler collects all per-task problems (duplicate IDs, unknown predecessors and
    calendars, self and summary links, negative durations) before it stops; a dependency
    cycle is looked for once those are fixed.
    """
    try:
        schedule(plan)
    except PlanErrors as exc:
        return list(exc.errors)
    except PlanError as exc:
        return [exc]
    return []
