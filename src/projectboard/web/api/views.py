"""The API's operations. Each one finds its object through the access functions in
``projects.permissions`` (an object you may not see is the same 404 as a missing one) and writes
through ``projects.services``; the exception handlers below turn the services' refusals into
403, 409 and 422."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError as RequestInvalid
from ninja.operation import Operation

from projectboard.cli import schedule_json
from projectboard.web.api.schemas import (
    ConflictOut,
    Error,
    FieldError,
    Invalid,
    PersonOut,
    ProjectOut,
    ScheduleOut,
    TaskOut,
    TaskPage,
    TaskPageQuery,
    TaskPatch,
    WorkPackageOut,
    WorkPackagePatch,
)
from projectboard.web.api.tokens import BearerToken
from projectboard.web.projects.models import Person, Project, Task, WorkPackage
from projectboard.web.projects.permissions import (
    get_project_for,
    get_task_for,
    get_work_package_for,
    person_of,
)
from projectboard.web.projects.plan import (
    WorkPackagePeople,
    project_plan_and_schedule,
    work_package_people,
)
from projectboard.web.projects.services import (
    Conflict,
    TaskChanges,
    WorkPackageChanges,
    task_update,
    work_package_update,
)


class ProjectboardAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__


api = ProjectboardAPI(
    title="projectboard",
    version="1",
    description="Projects, work packages, tasks and the schedule. "
    "Send `Authorization: Bearer <token>`.",
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)

READ = {401: Error, 404: Error}
WRITE = {401: Error, 403: Error, 404: Error, 409: ConflictOut, 422: Invalid}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by ninja from BearerToken
    assert isinstance(user, User)
    return user


# -- refusals --------------------------------------------------------------------------------


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(Conflict)
def _conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    body = {"detail": str(exc), "version": exc.version, "current": exc.current}
    return api.create_response(request, body, status=409)


def _unprocessable(request: HttpRequest, errors: list[FieldError]) -> HttpResponse:
    body = {
        "detail": "; ".join(e.message for e in errors),
        "errors": [e.model_dump() for e in errors],
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A change the services refuse: for a task, the engine's code and message."""
    return _unprocessable(
        request,
        [
            FieldError(
                field=None if field == NON_FIELD_ERRORS else field,
                code=error.code or "invalid",
                message=str(error.message % error.params if error.params else error.message),
            )
            for field, field_errors in exc.error_dict.items()
            for error in field_errors
        ],
    )


def _where(loc: tuple[str | int, ...]) -> str | None:
    """``("body", "payload", "name")`` -> ``"name"``; ``("path", "number")`` -> ``"number"``."""
    parts = loc[2:] if loc[:1] == ("body",) else loc[1:]
    return ".".join(str(part) for part in parts) or None


@api.exception_handler(RequestInvalid)
def _request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    """A request that does not fit the operation's schema, in the same shape as the above:
    ``field`` is where in the body or path, such as ``version``."""
    return _unprocessable(
        request,
        [
            FieldError(
                field=_where(error["loc"]),
                code=str(error["type"]),
                message=str(error["msg"]),
            )
            for error in exc.errors
        ],
    )


# -- what is returned ------------------------------------------------------------------------


def _project_out(p: Project) -> ProjectOut:
    return ProjectOut(
        id=p.pk,
        name=p.name,
        start=p.start,
        minutes_per_day=p.minutes_per_day,
        minutes_per_week=p.minutes_per_week,
        days_per_month=p.days_per_month,
        default_start_time=p.default_start_time,
        default_finish_time=p.default_finish_time,
    )


def _people(people: list[Person]) -> list[PersonOut]:
    return [
        PersonOut(name=p.name, job_title=p.job_title, partner=p.partner.code if p.partner else None)
        for p in people
    ]


def _work_package_out(wp: WorkPackage, people: WorkPackagePeople) -> WorkPackageOut:
    """``people``: leads and deputies, read for many work packages at once; ``depends_on``
    may be prefetched."""
    return WorkPackageOut(
        code=wp.code,
        name=wp.name,
        objectives=list(wp.objectives),
        outputs=list(wp.outputs),
        dependencies=wp.dependencies,
        depends_on=[
            d.code for d in sorted(wp.depends_on.all(), key=lambda d: (d.position, d.code))
        ],
        timescale=wp.timescale,
        due=wp.due,
        external_requirements=wp.external_requirements,
        leads=_people(people.leads_of(wp)),
        deputies=_people(people.deputies_of(wp)),
        version=wp.version,
    )


def _task_out(t: Task) -> TaskOut:
    return TaskOut(
        number=t.number,
        name=t.name,
        duration=t.duration,
        predecessors=t.predecessors,
        constraint=t.constraint,
        work_package=t.work_package.code if t.work_package else None,
        parent=t.parent.number if t.parent else None,
        version=t.version,
    )


# -- projects --------------------------------------------------------------------------------


@api.get("/projects", response={200: list[ProjectOut], 401: Error}, tags=["projects"])
def list_projects(request: HttpRequest) -> list[ProjectOut]:
    """The projects you are a member of."""
    person = person_of(_user(request))
    if person is None:
        return []
    projects = Project.objects.filter(memberships__person=person).distinct()
    return [_project_out(p) for p in projects]


@api.get("/projects/{project_id}", response={200: ProjectOut, **READ}, tags=["projects"])
def get_project(request: HttpRequest, project_id: int) -> ProjectOut:
    return _project_out(get_project_for(_user(request), project_id))


@api.get("/projects/{project_id}/schedule", response={200: ScheduleOut, **READ}, tags=["projects"])
def get_schedule(request: HttpRequest, project_id: int) -> ScheduleOut:
    """The schedule the engine computes from the plan, as ``projectboard schedule --format
    json`` writes it."""
    project = get_project_for(_user(request), project_id)
    plan, result = project_plan_and_schedule(project)  # the schedule cached per revision
    return ScheduleOut.model_validate(schedule_json(plan, result))


# -- work packages ---------------------------------------------------------------------------


@api.get(
    "/projects/{project_id}/work-packages",
    response={200: list[WorkPackageOut], **READ},
    tags=["work packages"],
)
def list_work_packages(request: HttpRequest, project_id: int) -> list[WorkPackageOut]:
    project = get_project_for(_user(request), project_id)
    work_packages = list(project.work_packages.prefetch_related("depends_on"))
    people = work_package_people(work_packages)
    return [_work_package_out(wp, people) for wp in work_packages]


@api.get(
    "/projects/{project_id}/work-packages/{code}",
    response={200: WorkPackageOut, **READ},
    tags=["work packages"],
)
def get_work_package(request: HttpRequest, project_id: int, code: str) -> WorkPackageOut:
    wp = get_work_package_for(_user(request), project_id, code)
    return _work_package_out(wp, work_package_people([wp]))


@api.patch(
    "/projects/{project_id}/work-packages/{code}",
    response={200: WorkPackageOut, **WRITE},
    tags=["work packages"],
)
def update_work_package(
    request: HttpRequest, project_id: int, code: str, payload: WorkPackagePatch
) -> WorkPackageOut:
    """Change the fields sent. Project managers may change any work package, leads and
    deputies their own."""
    user = _user(request)
    wp = get_work_package_for(user, project_id, code)
    changes = cast(WorkPackageChanges, payload.model_dump(exclude_unset=True, exclude={"version"}))
    saved = work_package_update(
        user=user, work_package=wp, expected_version=payload.version, **changes
    )
    return _work_package_out(saved, work_package_people([saved]))


# -- tasks -----------------------------------------------------------------------------------


@api.get("/projects/{project_id}/tasks", response={200: TaskPage, **READ}, tags=["tasks"])
def list_tasks(request: HttpRequest, project_id: int, page: Query[TaskPageQuery]) -> TaskPage:
    """The project's tasks in plan order (by ID), a page at a time: ``limit`` (default
    100, at most 1000) from ``offset``; ``count`` is how many there are in all."""
    project = get_project_for(_user(request), project_id)
    tasks = project.tasks.order_by("number")
    start, stop = page.offset, page.offset + page.limit
    return TaskPage(
        count=tasks.count(),
        limit=page.limit,
        offset=page.offset,
        items=[_task_out(t) for t in tasks.select_related("work_package", "parent")[start:stop]],
    )


@api.get("/projects/{project_id}/tasks/{number}", response={200: TaskOut, **READ}, tags=["tasks"])
def get_task(request: HttpRequest, project_id: int, number: int) -> TaskOut:
    return _task_out(get_task_for(_user(request), project_id, number))


@api.patch(
    "/projects/{project_id}/tasks/{number}", response={200: TaskOut, **WRITE}, tags=["tasks"]
)
def update_task(request: HttpRequest, project_id: int, number: int, payload: TaskPatch) -> TaskOut:
    """Change the fields sent; the plan is rescheduled and a change it cannot take (an
    unknown predecessor, a cycle, a bad duration) is refused with 422. Project managers may
    change any task, leads and deputies those of their own work packages."""
    user = _user(request)
    task = get_task_for(user, project_id, number)
    changes = cast(TaskChanges, payload.model_dump(exclude_unset=True, exclude={"version"}))
    saved = task_update(user=user, task=task, expected_version=payload.version, **changes)
    return _task_out(saved)
