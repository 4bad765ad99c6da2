"""The project's rows as an engine ``Plan``, and its schedule, cached per plan revision.

A schedule is a pure function of the rows that ``project_plan`` reads, so it is cached under
the project's ``plan_revision``: every service that changes those rows bumps the revision in
the same transaction, and the next read computes the new schedule once. A page that needs
the plan as well reads both with ``project_plan_and_schedule``, which reads the plan once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from django.core.cache import cache

from projectboard.engine.durations import ZERO, TimeSettings, parse_duration
from projectboard.engine.model import (
    BaselineTask,
    BoardMember,
    Plan,
)
from projectboard.engine.model import Partner as PlanPartner
from projectboard.engine.model import Person as PlanPerson
from projectboard.engine.model import Task as PlanTask
from projectboard.engine.model import WorkPackage as PlanWorkPackage
from projectboard.engine.scheduler import Schedule, schedule
from projectboard.planfile.syntax import (
    parse_constraint,
    parse_datetime,
    parse_predecessors,
)
from projectboard.web.projects.models import (
    Baseline,
    Membership,
    Person,
    Project,
    Role,
    Task,
    WorkPackage,
)
from projectboard.web.projects.models import (
    BaselineTask as BaselineRow,
)


def _minutes_to_time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def person_code(person: Person) -> str:
    return person.code or f"P{person.pk}"


@dataclass(frozen=True)
class WorkPackagePeople:
    """The leads and deputies of some work packages, by work package id, each list in the
    order they were added (the PID lists the main lead first); partners are loaded."""

    leads: dict[int, list[Person]]
    deputies: dict[int, list[Person]]

    def leads_of(self, work_package: WorkPackage) -> list[Person]:
        return self.leads.get(work_package.pk, [])

    def deputies_of(self, work_package: WorkPackage) -> list[Person]:
        return self.deputies.get(work_package.pk, [])


def work_package_people(work_packages: Iterable[WorkPackage]) -> WorkPackagePeople:
    """The leads and deputies of ``work_packages``, in two queries whatever their number."""
    ids = [wp.pk for wp in work_packages]
    found: dict[str, dict[int, list[Person]]] = {"leads": {}, "deputies": {}}
    for relation, by_wp in found.items():
        through = getattr(WorkPackage, relation).through
        rows = through.objects.filter(workpackage_id__in=ids).select_related("person__partner")
        for row in rows.order_by("id"):
            by_wp.setdefault(row.workpackage_id, []).append(row.person)
    return WorkPackagePeople(found["leads"], found["deputies"])


def project_plan(project: Project) -> Plan:
    """The engine's ``Plan`` for ``project``, from its rows, on the Standard calendar.

    Raises ``PlanError`` if a stored text no longer parses (the services refuse such texts).
    """
    start_time, finish_time = project.default_start_time, project.default_finish_time
    plan = Plan(
        name=project.name,
        start=datetime.combine(project.start, _minutes_to_time(start_time)),
        settings=time_settings(project),
        default_start_time=start_time,
        default_finish_time=finish_time,
        calendar="Standard",
        status_date=status_date(project),
    )
    plan.partners = [
        PlanPartner(code=p.code, name=p.name, short_name=p.short_name)
        for p in project.partners.all()
    ]
    work_packages = list(project.work_packages.prefetch_related("depends_on"))
    memberships = list(Membership.objects.filter(project=project).select_related("person__partner"))
    people: dict[int, Person] = {m.person.pk: m.person for m in memberships}
    leads_and_deputies = work_package_people(work_packages)
    plan_wps: list[PlanWorkPackage] = []
    for wp in work_packages:
        leads = leads_and_deputies.leads_of(wp)
        deputies = leads_and_deputies.deputies_of(wp)
        people.update({p.pk: p for p in [*leads, *deputies]})
        plan_wps.append(
            PlanWorkPackage(
                code=wp.code,
                name=wp.name,
                objectives=list(wp.objectives),
                outputs=list(wp.outputs),
                depends_on=[d.code for d in sorted(wp.depends_on.all(), key=_wp_order)],
                dependencies=wp.dependencies,
                timescale=wp.timescale,
                due=None
                if wp.due is None
                else datetime.combine(wp.due, _minutes_to_time(finish_time)),
                external_requirements=wp.external_requirements,
                leads=[person_code(p) for p in leads],
                deputies=[person_code(p) for p in deputies],
            )
        )
    plan.work_packages = plan_wps
    plan.people = [
        PlanPerson(
            code=person_code(p),
            name=p.name,
            partner=p.partner.code if p.partner else None,
            job_title=p.job_title,
            email=p.email,
        )
        for p in sorted(people.values(), key=lambda p: (p.name, p.pk))
    ]
    chairs = {m.person.pk for m in memberships if m.role == Role.CHAIR}
    plan.board = [
        BoardMember(person_code(m.person), m.board_role, chair=m.person.pk in chairs)
        for m in sorted(memberships, key=lambda m: m.pk)
        if m.role == Role.BOARD_MEMBER
    ]
    plan.project_manager = next(
        (person_code(m.person) for m in memberships if m.role == Role.PM), None
    )
    plan.tasks = [
        _plan_task(task, start_time=start_time, finish_time=finish_time)
        for task in Task.objects.filter(project=project).select_related("work_package", "parent")
    ]
    plan.baselines = project_baselines(project)
    return plan


def time_settings(project: Project) -> TimeSettings:
    return TimeSettings(
        minutes_per_day=project.minutes_per_day,
        minutes_per_week=project.minutes_per_week,
        days_per_month=project.days_per_month,
    )


def status_date(project: Project) -> datetime | None:
    """The project's status date as the engine takes it (a bare date: the default finish
    time), or None."""
    if not project.status_date:
        return None
    return parse_datetime(
        project.status_date, default_time=project.default_finish_time, field="status date"
    )


def project_baselines(project: Project) -> dict[int, dict[int, BaselineTask]]:
    """The saved baselines, by number, as the engine keeps them."""
    out: dict[int, dict[int, BaselineTask]] = {}
    rows = BaselineRow.objects.filter(baseline__project=project).select_related("baseline")
    for row in rows.order_by("baseline__number", "task_number"):
        out.setdefault(row.baseline.number, {})[row.task_number] = BaselineTask(
            _when(row.start), _when(row.finish), parse_duration(row.duration)
        )
    for number in Baseline.objects.filter(project=project).values_list("number", flat=True):
        out.setdefault(number, {})  # a baseline of a plan with no tasks
    return dict(sorted(out.items()))


def _when(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _wp_order(wp: WorkPackage) -> tuple[int, str]:
    return (wp.position, wp.code)


def _plan_task(task: Task, *, start_time: int, finish_time: int) -> PlanTask:
    def when(text: str, default_time: int, field: str) -> datetime | None:
        return parse_datetime(text, default_time=default_time, field=field) if text else None

    return PlanTask(
        id=task.number,
        name=task.name,
        duration=parse_duration(task.duration) if task.duration.strip() else ZERO,
        predecessors=parse_predecessors(task.predecessors),
        constraint=parse_constraint(
            task.constraint, start_time=start_time, finish_time=finish_time
        ),
        parent=task.parent.number if task.parent else None,
        work_package=task.work_package.code if task.work_package else None,
        actual_start=when(task.actual_start, start_time, "actual start"),
        actual_finish=when(task.actual_finish, finish_time, "actual finish"),
        percent_complete=task.percent_complete,
        remaining=parse_duration(task.remaining) if task.remaining.strip() else None,
        resume=when(task.resume, start_time, "resume"),
    )


# A schedule never changes for a given revision; the timeout only bounds what is kept.
SCHEDULE_CACHE_SECONDS = 60 * 60


def project_schedule(project: Project) -> Schedule:
    """The engine's schedule of ``project``'s plan as it is now, computed once per revision.

    The revision is read from the database first, then the plan: a change committed in
    between is then scheduled under the older key, which no reader asks for again, rather
    than an old plan under the new key. The key also carries the project's creation time, so
    a project that reuses a deleted one's id (SQLite may) never gets its schedule.

    Raises ``PlanError`` as ``project_plan`` and ``schedule`` do (nothing is cached then).
    """
    key = _schedule_key(project)
    found = cache.get(key)
    if isinstance(found, Schedule):
        return found
    return _scheduled(key, project_plan(project))


def project_plan_and_schedule(project: Project) -> tuple[Plan, Schedule]:
    """``project_plan`` and ``project_schedule`` together, the plan read once: for a page
    that needs both. The revision is read first, then the plan, and the schedule is cached
    as ``project_schedule`` says."""
    key = _schedule_key(project)
    plan = project_plan(project)
    found = cache.get(key)
    if isinstance(found, Schedule):
        return plan, found
    return plan, _scheduled(key, plan)


def _schedule_key(project: Project) -> str:
    revision, created = Project.objects.values_list("plan_revision", "created").get(pk=project.pk)
    return f"projectboard:schedule:{project.pk}:{created.timestamp():.6f}:{revision}"


def _scheduled(key: str, plan: Plan) -> Schedule:
    result = schedule(plan)
    cache.set(key, result, SCHEDULE_CACHE_SECONDS)
    return result
