"""Who may do what: one table per resource, and the access functions that pages go through.

A person's roles for an object are the roles their memberships give them in its project, plus
``wp_lead_own`` / ``deputy_own`` when they lead or deputise for the object's own work package
(a task's is the work package it belongs to). An action is allowed if any of those roles is in
the action's set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from projectboard.web.projects.models import Membership, Person, Project, Task, WorkPackage

MEMBERS = frozenset({"pm", "chair", "board_member", "wp_lead", "deputy", "team_member", "observer"})

PROJECT = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),
    "status": frozenset({"pm"}),  # set the status date
    "reschedule": frozenset({"pm"}),  # reschedule uncompleted work after it
    "baseline": frozenset({"pm"}),  # save a baseline
}
WORK_PACKAGE = {
    "view": MEMBERS,
    "change": frozenset({"pm", "wp_lead_own", "deputy_own"}),
}
TASK = {
    "view": MEMBERS,
    "change": frozenset({"pm", "wp_lead_own", "deputy_own"}),
    "progress": frozenset({"pm", "wp_lead_own", "deputy_own"}),  # actual dates, % complete
}

Resource = Project | WorkPackage | Task


def _table(obj: Resource) -> dict[str, frozenset[str]]:
    if isinstance(obj, Project):
        return PROJECT
    if isinstance(obj, WorkPackage):
        return WORK_PACKAGE
    return TASK


def roles(person: Person, obj: Resource) -> frozenset[str]:
    """The roles ``person`` has for ``obj``."""
    project_id = obj.pk if isinstance(obj, Project) else obj.project_id
    found = set(
        Membership.objects.filter(project_id=project_id, person=person).values_list(
            "role", flat=True
        )
    )
    wp = (
        obj if isinstance(obj, WorkPackage) else obj.work_package if isinstance(obj, Task) else None
    )
    if wp is not None:
        if wp.leads.filter(pk=person.pk).exists():
            found.add("wp_lead_own")
        if wp.deputies.filter(pk=person.pk).exists():
            found.add("deputy_own")
    return frozenset(found)


def can(person: Person | None, action: str, obj: Resource) -> bool:
    """May ``person`` do ``action`` ("view", "change") to ``obj``? Unknown actions: no."""
    if person is None:
        return False
    allowed = _table(obj).get(action, frozenset())
    return bool(allowed & roles(person, obj))


def person_of(user: AbstractBaseUser | AnonymousUser) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).first()


def get_project_for(user: AbstractBaseUser | AnonymousUser, project_id: int) -> Project:
    """The project, if ``user`` may see it; the same 404 if it is missing or not theirs."""
    person = person_of(user)
    project = Project.objects.filter(pk=project_id).first()
    if project is None or not can(person, "view", project):
        raise Http404("No such project.")
    return project


def get_work_package_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, code: str
) -> WorkPackage:
    """The work package, if ``user`` may see it; the same 404 if missing or not theirs."""
    person = person_of(user)
    wp = (
        WorkPackage.objects.filter(project_id=project_id, code=code)
        .select_related("project")
        .first()
    )
    if wp is None or not can(person, "view", wp):
        raise Http404("No such work package.")
    return wp


def get_task_for(user: AbstractBaseUser | AnonymousUser, project_id: int, number: int) -> Task:
    """The task with ID ``number`` in the plan, if ``user`` may see it; the same 404 if it is
    missing or not theirs."""
    person = person_of(user)
    task = (
        Task.objects.filter(project_id=project_id, number=number)
        .select_related("project", "work_package")
        .first()
    )
    if task is None or not can(person, "view", task):
        raise Http404("No such task.")
    return task


def can_each_task(person: Person | None, action: str, project: Project) -> Callable[[Task], bool]:
    """``can(person, action, task)`` for the tasks of ``project``, with the person's roles
    read once (three queries) instead of once per task, for pages that list every task."""
    if person is None:
        return lambda task: False
    allowed = TASK.get(action, frozenset())
    in_project = frozenset(
        Membership.objects.filter(project=project, person=person).values_list("role", flat=True)
    )
    own: dict[int, set[str]] = defaultdict(set)
    for wp_id in person.leads_work_packages.filter(project=project).values_list("pk", flat=True):
        own[wp_id].add("wp_lead_own")
    for wp_id in person.deputises_work_packages.filter(project=project).values_list(
        "pk", flat=True
    ):
        own[wp_id].add("deputy_own")

    def check(task: Task) -> bool:
        wp_roles = own.get(task.work_package_id, set()) if task.work_package_id else set()
        return bool(allowed & (in_project | wp_roles))

    return check
