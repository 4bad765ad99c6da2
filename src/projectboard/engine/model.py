"""The plan: what a user (or a file) says about a project, before scheduling.

Everything here is input. Dates are naive wall-clock datetimes in the project's local time,
as in MS Project; ``engine.scheduler.schedule`` turns a ``Plan`` into a ``Schedule``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from projectboard.engine.calendar import Calendar, standard_calendar
from projectboard.engine.durations import ZERO, Duration, Lag, TimeSettings

LINK_TYPES = ("FS", "SS", "FF", "SF")
CONSTRAINT_TYPES = ("ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
DATED_CONSTRAINTS = frozenset(CONSTRAINT_TYPES[2:])
CONSTRAINT_NAMES = {
    "ASAP": "As Soon As Possible",
    "ALAP": "As Late As Possible",
    "SNET": "Start No Earlier Than",
    "SNLT": "Start No Later Than",
    "FNET": "Finish No Earlier Than",
    "FNLT": "Finish No Later Than",
    "MSO": "Must Start On",
    "MFO": "Must Finish On",
}


@dataclass(frozen=True)
class Link:
    """``predecessor`` (a task ID) must start/finish before this task starts/finishes."""

    predecessor: int
    type: str = "FS"
    lag: Lag = ZERO


@dataclass(frozen=True)
class Constraint:
    type: str = "ASAP"
    date: datetime | None = None


@dataclass
class Task:
    """A row of the plan. A task with children is a summary task and has no duration of
    its own. ``line`` is where the task was written, for error messages."""

    id: int
    name: str
    duration: Duration = ZERO
    predecessors: list[Link] = field(default_factory=list)
    constraint: Constraint | None = None
    deadline: datetime | None = None
    calendar: str | None = None
    manual: bool = False
    start: datetime | None = None
    finish: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    milestone: bool | None = None
    parent: int | None = None
    uid: int | None = None
    work_package: str | None = None
    wbs: str = ""  # a WBS code other than the outline number (MS Project's default)
    notes: str = ""
    percent_complete: int = 0
    remaining: Duration | None = None  # remaining duration of a started task (MS Project's)
    resume: datetime | None = None  # when a started task's remaining work resumes (a split)
    line: int | None = field(default=None, compare=False)  # where it was written


def done_minutes(task: Task, total: int, settings: TimeSettings) -> int:
    """A task's actual duration (the part done), in minutes out of its ``total``: all of it
    once finished, ``total - remaining`` when a remaining duration is given, else its percent
    complete of ``total`` (rounded half up)."""
    if task.actual_finish is not None:
        return total
    if task.remaining is not None:
        return total - min(total, task.remaining.minutes(settings))
    return percent_of(total, task.percent_complete)


def percent_of(total: int, percent: int) -> int:
    return int((Decimal(total) * percent / 100).to_integral_value(rounding=ROUND_HALF_UP))


def percent_done(done: int, total: int) -> int:
    """Percent complete as MS Project rounds it (half up): 104 h done of 184 h is 57%."""
    if total == 0:
        return 0
    return int((Decimal(100 * done) / total).to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class BaselineTask:
    """One task in a saved baseline: the start, finish and duration it had then."""

    start: datetime | None
    finish: datetime | None
    duration: Duration = ZERO


@dataclass
class Partner:
    """A partner organisation (a council)."""

    code: str
    name: str
    short_name: str = ""


@dataclass
class Person:
    code: str
    name: str
    partner: str | None = None
    job_title: str = ""
    email: str = ""


@dataclass
class BoardMember:
    person: str
    role: str
    chair: bool = False


@dataclass
class WorkPackage:
    """A work package of the PID appendix."""

    code: str
    name: str
    objectives: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    dependencies: str = ""
    timescale: str = ""
    due: datetime | None = None
    external_requirements: str = ""
    leads: list[str] = field(default_factory=list)
    deputies: list[str] = field(default_factory=list)


@dataclass
class Plan:
    name: str
    start: datetime | None = None
    finish: datetime | None = None
    schedule_from: str = "start"
    settings: TimeSettings = field(default_factory=TimeSettings)
    default_start_time: int = 8 * 60
    default_finish_time: int = 17 * 60
    calendar: str = "Standard"
    calendars: dict[str, Calendar] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    board: list[BoardMember] = field(default_factory=list)
    project_manager: str | None = None
    work_packages: list[WorkPackage] = field(default_factory=list)
    status_date: datetime | None = None
    # Saved baselines, as MS Project keeps them: number (0 = "Baseline", 1-10) -> task ID ->
    # what that task was when the baseline was saved.
    baselines: dict[int, dict[int, BaselineTask]] = field(default_factory=dict)
    source: str | None = field(default=None, compare=False)  # the file it was read from

    def __post_init__(self) -> None:
        if self.calendar not in self.calendars:
            self.calendars[self.calendar] = standard_calendar(self.calendar)
