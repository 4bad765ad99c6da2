"""The scheduling engine: calendars, durations, the plan model and the CPM scheduler.

Pure Python, no Django. ``schedule(plan) -> Schedule`` is the entry point.
"""

from projectboard.engine.calendar import Calendar, RecurringException, WorkTime
from projectboard.engine.durations import Duration, PercentLag, TimeSettings
from projectboard.engine.errors import PlanError, PlanErrors
from projectboard.engine.model import Constraint, Link, Plan, Task, WorkPackage
from projectboard.engine.scheduler import Schedule, ScheduledTask, schedule

__all__ = [
    "Calendar",
    "Constraint",
    "Duration",
    "Link",
    "PercentLag",
    "Plan",
    "PlanError",
    "PlanErrors",
    "RecurringException",
    "Schedule",
    "ScheduledTask",
    "Task",
    "TimeSettings",
    "WorkPackage",
    "WorkTime",
    "schedule",
]
