"""What the API reads and writes. Updates name only the fields they change, plus the
``version`` they were based on (a stale version is refused with 409 and the current values)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str | None = Field(description="The field at fault; null: the plan as a whole.")
    code: str = Field(description="The engine's error code, such as E_UNKNOWN_PREDECESSOR.")
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


class ConflictOut(Schema):
    detail: str
    version: int = Field(description="The version now saved.")
    current: dict[str, Any] = Field(description="The values now saved.")


class ProjectOut(Schema):
    id: int
    name: str
    start: date
    minutes_per_day: int
    minutes_per_week: int
    days_per_month: int
    default_start_time: int = Field(description="Minutes after midnight.")
    default_finish_time: int = Field(description="Minutes after midnight.")


class PersonOut(Schema):
    name: str
    job_title: str
    partner: str | None = Field(description="The partner's code.")


class WorkPackageOut(Schema):
    code: str
    name: str
    objectives: list[str]
    outputs: list[str]
    dependencies: str
    depends_on: list[str] = Field(description="Codes of the work packages this one needs.")
    timescale: str
    due: date | None
    external_requirements: str
    leads: list[PersonOut]
    deputies: list[PersonOut]
    version: int


class WorkPackagePatch(Schema):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="The version the change is based on.")
    name: str = Field(default="", min_length=1)
    objectives: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    dependencies: str = ""
    timescale: str = ""
    due: date | None = None
    external_requirements: str = ""


class TaskOut(Schema):
    number: int = Field(description="The task's ID in the plan, as predecessors name it.")
    name: str
    duration: str = Field(description="As typed, such as '3.33d'.")
    predecessors: str = Field(description="MS Project syntax, such as '2SS, 5FS+2d'.")
    constraint: str = Field(description="Such as 'SNET 2008-04-08'; blank: as soon as possible.")
    work_package: str | None = Field(description="The work package's code.")
    parent: int | None = Field(description="The summary task's number.")
    version: int


TASK_PAGE = 100
TASK_PAGE_MAX = 1000


class TaskPageQuery(Schema):
    """Which page of the task list: ``?limit=100&offset=0``."""

    limit: int = Field(TASK_PAGE, ge=1, le=TASK_PAGE_MAX, description="Tasks per page.")
    offset: int = Field(0, ge=0, description="Tasks to skip, in plan order.")


class TaskPage(Schema):
    """One page of a project's tasks, in plan order (by ID)."""

    count: int = Field(description="How many tasks the project has in all.")
    limit: int = Field(description="The most tasks a page holds, as asked.")
    offset: int = Field(description="How many tasks come before this page.")
    items: list[TaskOut]


class TaskPatch(Schema):
    """Only the fields sent are changed; the engine parses them and reschedules the plan."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="The version the change is based on.")
    name: str = Field(default="", min_length=1)
    duration: str = ""
    predecessors: str = ""
    constraint: str = ""


class ScheduleProject(Schema):
    name: str
    start: str | None
    finish: str | None
    schedule_from: str


class ScheduledTaskOut(Schema):
    """As ``projectboard schedule --format json`` writes it; times are local, to the minute."""

    id: int
    uid: int
    name: str
    level: int
    summary: bool
    milestone: bool
    duration_minutes: int
    start: str | None
    finish: str | None
    early_start: str | None
    early_finish: str | None
    late_start: str | None
    late_finish: str | None
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    deadline: str | None
    deadline_missed: bool
    predecessors: str
    work_package: str | None


class ScheduleOut(Schema):
    project: ScheduleProject
    tasks: list[ScheduledTaskOut]
