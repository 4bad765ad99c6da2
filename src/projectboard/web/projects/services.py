"""Every write to a project goes through these: permission, validation, write and audit events,
in one transaction. Views parse input, call one service and render."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from projectboard.engine.calendar import standard_calendar
from projectboard.engine.durations import parse_duration
from projectboard.engine.errors import (
    E_BAD_VALUE,
    E_CYCLE,
    E_SELF_LINK,
    E_SUMMARY_LINK,
    E_UNKNOWN_PREDECESSOR,
    PlanError,
)
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule
from projectboard.planfile.syntax import (
    format_constraint,
    format_predecessors,
    parse_constraint,
    parse_predecessors,
)
from projectboard.web.projects.models import (
    AuditEvent,
    Membership,
    Partner,
    Person,
    Project,
    Role,
    Task,
    WorkPackage,
)
from projectboard.web.projects.permissions import can, person_of
from projectboard.web.projects.plan import project_plan
from projectboard.web.projects.progress_store import (
    plan_status_text,
    task_progress_fields,
    write_baseline,
)


class Conflict(Exception):
    """Someone else saved the object since the caller read it (``expected_version``)."""

    def __init__(self, what: str, version: int, current: dict[str, object]) -> None:
        self.version = version
        self.current = current
        super().__init__(
            f"{what} was changed by someone else (now version {version}); "
            "review the current values and make your change again"
        )


# -- import ----------------------------------------------------------------------------------


def project_import_plan(*, plan: Plan, by: User | None) -> Project:
    """Create a project with its partners, people, roles, work packages and tasks from
    ``plan``. ``by`` is None for the system (the demo loader); a user must be staff.

    Refuses (``PlanError``) a plan that does not schedule or that uses what the web app does
    not store yet (calendars other than Standard, manual tasks, deadlines...). Progress, the
    status date and the baselines are stored.
    """
    if by is not None and not by.is_staff:
        raise PermissionDenied("Only staff may create projects.")
    _check_importable(plan)
    schedule(plan)  # refuse an unschedulable plan before writing anything
    assert plan.start is not None  # _check_importable
    with transaction.atomic():
        project = Project.objects.create(
            name=plan.name,
            start=plan.start.date(),
            minutes_per_day=plan.settings.minutes_per_day,
            minutes_per_week=plan.settings.minutes_per_week,
            days_per_month=plan.settings.days_per_month,
            default_start_time=plan.default_start_time,
            default_finish_time=plan.default_finish_time,
        )
        project.status_date = plan_status_text(plan, project)
        project.save(update_fields=["status_date"])
        record_audit(project, by, project, field="", old="", new=project.name)
        partners = {
            p.code: Partner.objects.create(
                project=project, code=p.code, name=p.name, short_name=p.short_name
            )
            for p in plan.partners
        }
        people = {
            p.code: Person.objects.create(
                code=p.code,
                name=p.name,
                job_title=p.job_title,
                email=p.email,
                partner=partners[p.partner] if p.partner else None,
            )
            for p in plan.people
        }

        def member(code: str, role: Role, board_role: str = "") -> None:
            Membership.objects.get_or_create(
                project=project,
                person=people[code],
                role=role,
                defaults={"board_role": board_role},
            )

        if plan.project_manager:
            member(plan.project_manager, Role.PM)
        for b in plan.board:
            member(b.person, Role.BOARD_MEMBER, b.role)
            if b.chair:
                member(b.person, Role.CHAIR)
        wps: dict[str, WorkPackage] = {}
        for position, w in enumerate(plan.work_packages):
            wp = WorkPackage.objects.create(
                project=project,
                code=w.code,
                name=w.name,
                objectives=list(w.objectives),
                outputs=list(w.outputs),
                dependencies=w.dependencies,
                timescale=w.timescale,
                due=w.due.date() if w.due else None,
                external_requirements=w.external_requirements,
                position=position,
            )
            for code in w.leads:  # one at a time: the order of the leads is kept
                wp.leads.add(people[code])
                member(code, Role.WP_LEAD)
            for code in w.deputies:
                wp.deputies.add(people[code])
                member(code, Role.DEPUTY)
            wps[w.code] = wp
            record_audit(project, by, wp, field="", old="", new=str(wp))
        for w in plan.work_packages:
            wps[w.code].depends_on.add(*(wps[code] for code in w.depends_on))
        times = {"start_time": plan.default_start_time, "finish_time": plan.default_finish_time}
        tasks: dict[int, Task] = {}
        for t in plan.tasks:
            task = Task.objects.create(
                project=project,
                work_package=wps[t.work_package] if t.work_package else None,
                number=t.id,
                name=t.name,
                duration=str(t.duration),
                predecessors=format_predecessors(t.predecessors),
                constraint=format_constraint(t.constraint, **times),
                parent=tasks[t.parent] if t.parent is not None else None,
                **task_progress_fields(t, project),
            )
            tasks[t.id] = task
            record_audit(project, by, task, field="", old="", new=str(task))
        for number, entries in sorted(plan.baselines.items()):
            write_baseline(project, number, entries, by=by)
    return project


def _check_importable(plan: Plan) -> None:
    problems: list[str] = []
    if plan.schedule_from != "start" or plan.start is None:
        problems.append("the project must be scheduled from a start date")
    elif plan.start.hour * 60 + plan.start.minute != plan.default_start_time:
        problems.append("the project must start at its default start time")
    if plan.calendar != "Standard" or plan.calendars != {"Standard": standard_calendar("Standard")}:
        problems.append("only the Standard calendar is stored")
    unstored = ("deadline", "calendar", "start", "finish", "milestone", "uid")
    for t in plan.tasks:
        used = [name for name in unstored if getattr(t, name) is not None]
        used += [name for name in ("manual", "wbs", "notes") if getattr(t, name)]
        if used:
            problems.append(f"task {t.id} uses {', '.join(used)}")
    if problems:
        raise PlanError(
            E_BAD_VALUE,
            "the web app cannot store this plan yet: " + "; ".join(problems),
            value=problems,
        )


# -- updates ---------------------------------------------------------------------------------


class WorkPackageChanges(TypedDict, total=False):
    name: str
    objectives: list[str]
    outputs: list[str]
    dependencies: str
    timescale: str
    due: date | None
    external_requirements: str


def work_package_update(
    *,
    user: User,
    work_package: WorkPackage,
    expected_version: int,
    **fields: Unpack[WorkPackageChanges],
) -> WorkPackage:
    """Change the work package's texts. Returns the saved row (``work_package`` is not
    changed in place)."""
    with transaction.atomic():
        row = WorkPackage.objects.select_for_update().get(pk=work_package.pk)
        if not can(person_of(user), "change", row):
            raise PermissionDenied("You may not change this work package.")
        if row.version != expected_version:
            raise Conflict(
                f"work package {row.code}",
                row.version,
                {name: getattr(row, name) for name in WorkPackageChanges.__annotations__},
            )
        if "name" in fields and not fields["name"].strip():
            raise ValidationError({"name": ValidationError("Name is required.", code="required")})
        for key, items in (
            ("objectives", fields.get("objectives")),
            ("outputs", fields.get("outputs")),
        ):
            if items is not None and not all(isinstance(i, str) and i.strip() for i in items):
                raise ValidationError(
                    {key: ValidationError("Each item must be non-empty text.", code="invalid")}
                )
        apply_changes(row, user, dict(fields))
    return row


class TaskChanges(TypedDict, total=False):
    name: str
    duration: str
    predecessors: str
    constraint: str


# Engine errors that are about the predecessors field rather than the plan as a whole.
_PREDECESSOR_CODES = frozenset({E_UNKNOWN_PREDECESSOR, E_CYCLE, E_SELF_LINK, E_SUMMARY_LINK})


def task_update(
    *, user: User, task: Task, expected_version: int, **fields: Unpack[TaskChanges]
) -> Task:
    """Change a task's name, duration, predecessors or constraint. The texts are parsed by
    the engine and the whole plan is rescheduled before anything is kept, so a bad value, an
    unknown predecessor or a cycle is refused (``ValidationError`` keyed by field, carrying the
    engine's code and message). Returns the saved row."""
    with transaction.atomic():
        row = (
            Task.objects.select_for_update(of=("self",))  # lock the task, not the joined rows
            .select_related("project", "work_package")
            .get(pk=task.pk)
        )
        if not can(person_of(user), "change", row):
            raise PermissionDenied("You may not change this task.")
        if row.version != expected_version:
            raise Conflict(
                f"task {row.number}",
                row.version,
                {name: getattr(row, name) for name in TaskChanges.__annotations__},
            )
        project = row.project
        if "name" in fields and not fields["name"].strip():
            raise ValidationError({"name": ValidationError("Name is required.", code="required")})
        _parse_field("duration", fields, parse_duration)
        _parse_field("predecessors", fields, parse_predecessors)
        _parse_field(
            "constraint",
            fields,
            lambda text: parse_constraint(
                text,
                start_time=project.default_start_time,
                finish_time=project.default_finish_time,
            ),
        )
        if not apply_changes(row, user, dict(fields)):
            return row
        plan_changed(project)
        try:
            schedule(project_plan(project))
        except PlanError as exc:  # the write above is rolled back with the transaction
            field = "predecessors" if exc.code in _PREDECESSOR_CODES else NON_FIELD_ERRORS
            raise ValidationError({field: ValidationError(exc.message, code=exc.code)}) from exc
    return row


def plan_changed(project: Project) -> None:
    """Bump ``project.plan_revision``, so that schedules cached for the old revision are no
    longer read (``plan.project_schedule``). Every service that changes what the schedule is
    computed from (tasks, their links, durations and constraints, the project's start and
    time settings) calls this inside its transaction, so the bump commits or rolls back with
    the change. An F() expression: two concurrent changes both count. Never read
    ``project_schedule`` inside that transaction: if it rolled back, the next change would
    bump to the same revision and find the rolled-back plan's schedule in the cache."""
    Project.objects.filter(pk=project.pk).update(plan_revision=F("plan_revision") + 1)


def _parse_field(name: str, fields: Mapping[str, object], parse: Callable[[str], object]) -> None:
    text = fields.get(name)
    if not isinstance(text, str):
        return
    try:
        parse(text)
    except PlanError as exc:
        raise ValidationError({name: ValidationError(exc.message, code=exc.code)}) from exc


def apply_changes(row: WorkPackage | Task, user: User, fields: dict[str, object]) -> bool:
    """Set the changed fields, bump the version, save and record one event per field.
    Returns whether anything changed."""
    changes = [
        (name, getattr(row, name), new) for name, new in fields.items() if getattr(row, name) != new
    ]
    if not changes:
        return False
    for name, _, new in changes:
        setattr(row, name, new)
    row.version += 1
    row.save()
    for name, old, new in changes:
        record_audit(row.project, user, row, field=name, old=_text(old), new=_text(new))
    return True


def record_audit(
    project: Project,
    who: User | None,
    obj: Project | WorkPackage | Task,
    *,
    field: str,
    old: str,
    new: str,
) -> None:
    object_type = {Project: "project", WorkPackage: "work_package", Task: "task"}[type(obj)]
    AuditEvent.objects.create(
        project=project,
        who=who,
        object_type=object_type,
        object_id=obj.pk,
        field=field,
        old=old,
        new=new,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
