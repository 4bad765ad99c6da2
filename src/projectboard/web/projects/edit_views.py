"""The pages that change a task or a work package.

Each reads its object through the access function (the same 404 for missing and not yours)
and refuses, on GET and on POST, anyone who may not change it (403). A POST calls one
service, which checks the permission again inside its transaction, and answers:

- saved: 303 to the page that shows the object;
- invalid (the service's ``ValidationError``): 422, the form as typed, each error beside its
  field;
- stale (``Conflict``): 409, the form as typed, the values now saved beside what was typed,
  and the new version in the form, so that saving again applies the change on purpose.

The plan page edits a task in place with htmx (``task_inline_edit``): the same checks and
answers, but as table rows. Its Edit link is the full edit page's, so without JavaScript
that page is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from projectboard.web.projects.forms import TaskForm, WorkPackageForm
from projectboard.web.projects.history import Change, history
from projectboard.web.projects.models import Task, WorkPackage
from projectboard.web.projects.permissions import (
    can,
    can_each_task,
    get_task_for,
    get_work_package_for,
    person_of,
)
from projectboard.web.projects.plan import project_schedule
from projectboard.web.projects.services import (
    Conflict,
    TaskChanges,
    task_update,
    work_package_update,
)
from projectboard.web.projects.views import PlanRow, plan_groups


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    typed: str

    @property
    def differs(self) -> bool:
        return self.saved != self.typed


@dataclass(frozen=True)
class ConflictView:
    message: str
    last: Change | None  # the latest recorded change: who saved first, and when
    rows: list[ConflictRow]


FormT = TypeVar("FormT", bound=forms.Form)


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware has sent anonymous users to log in.
    assert isinstance(request.user, User)
    return request.user


def _as_text(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def after_conflict(
    request: HttpRequest, form: FormT, exc: Conflict, last: Change | None
) -> tuple[FormT, ConflictView]:
    """The form as typed but carrying the version now saved (so saving again applies it on
    purpose), and what to show of the other change: ``last`` is who saved it, and when."""
    rows = [
        ConflictRow(
            str(form.fields[name].label),
            _as_text(exc.current[name]),
            _as_text(form.cleaned_data[name]),
        )
        for name in form.fields
        if name != "version"
    ]
    data = request.POST.copy()
    data["version"] = str(exc.version)
    again = type(form)(data)
    again.is_valid()
    return again, ConflictView(str(exc), last, rows)


def _latest(obj: Task | WorkPackage) -> Change | None:
    changes = history(obj)
    return changes[0] if changes else None


# -- tasks -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    task = get_task_for(request.user, project_id, number)
    user = _user(request)
    if not can(person_of(user), "change", task):
        raise PermissionDenied("You may not change this task.")
    if request.method == "GET":
        return _task_page(request, task, TaskForm.for_task(task))
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, form, status=422)
    typed = form.cleaned_data
    try:
        saved = task_update(
            user=user, task=task, expected_version=typed["version"], **_changed(task, typed)
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _task_page(request, task, form, status=422)
    except Conflict as exc:
        again, conflict = after_conflict(request, form, exc, _latest(task))
        return _task_page(request, task, again, conflict=conflict, status=409)
    if saved.version == typed["version"]:
        messages.info(request, f"Task {number}: nothing was changed.")
    else:
        messages.success(request, f"Task {number} saved.")
    return HttpResponseSeeOther(f"{reverse('plan', args=[project_id])}#task-{number}")


def _changed(task: Task, typed: dict[str, Any]) -> TaskChanges:
    """Only what the user changed: the engine parses every text it is given, and an old
    value it would refuse (a blank duration) must not block a change to another field."""
    changes: TaskChanges = {}
    if typed["name"] != task.name:
        changes["name"] = typed["name"]
    if typed["duration"] != task.duration:
        changes["duration"] = typed["duration"]
    if typed["predecessors"] != task.predecessors:
        changes["predecessors"] = typed["predecessors"]
    if typed["constraint"] != task.constraint:
        changes["constraint"] = typed["constraint"]
    return changes


def _task_page(
    request: HttpRequest,
    task: Task,
    form: forms.Form,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": task.project,
        "task": task,
        "form": form,
        "conflict": conflict,
        "cancel_url": f"{reverse('plan', args=[task.project_id])}#task-{task.number}",
    }
    return render(request, "projects/task_edit.html", context, status=status)


# -- tasks, in place on the plan page --------------------------------------------------------

# The most moved task IDs that the message after a save lists.
MOVED_LISTED = 10


def _inline_id(task: Task) -> str:
    """Ids for the inline form's fields, such as ``task-6-duration``: unique on the page, as
    several rows may be in edit mode at once."""
    return f"task-{task.number}-%s"


@require_GET
def task_row(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    """A task's row of the plan table, as shown (for Cancel on the inline form); its Edit
    link takes the focus."""
    task = get_task_for(request.user, project_id, number)
    dates = project_schedule(task.project).by_id()[number]
    row = PlanRow(task, dates, can(person_of(request.user), "change", task), focus=True)
    return render(request, "projects/_plan_row.html", {"project": task.project, "row": row})


@require_http_methods(["GET", "POST"])
def task_inline_edit(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    """The plan row as a form (GET; without htmx, 303 to the full edit page), and saving it
    (POST): saved, the whole plan table again (every date may have moved), with the moved
    dates marked and the saved task's Edit link focused; invalid (422) or stale (409), the
    row again with the errors or the other change, in edit mode."""
    task = get_task_for(request.user, project_id, number)
    user = _user(request)
    if not can(person_of(user), "change", task):
        raise PermissionDenied("You may not change this task.")
    if request.method == "GET":
        if not request.headers.get("HX-Request"):
            return HttpResponseSeeOther(reverse("task-edit", args=[project_id, number]))
        return _inline_row(request, task, TaskForm.for_task(task, auto_id=_inline_id(task)))
    form = TaskForm(request.POST, auto_id=_inline_id(task))
    if not form.is_valid():
        return _inline_row(request, task, form, status=422)
    typed = form.cleaned_data
    before = project_schedule(task.project)
    try:
        saved = task_update(
            user=user, task=task, expected_version=typed["version"], **_changed(task, typed)
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _inline_row(request, task, form, status=422)
    except Conflict as exc:
        again, conflict = after_conflict(request, form, exc, _latest(task))
        again.auto_id = _inline_id(task)
        return _inline_row(request, task, again, conflict=conflict, status=409)
    project = saved.project
    groups = plan_groups(
        project,
        project_schedule(project),
        can_each_task(person_of(user), "change", project),
        before=before,
        focus=number,
    )
    moved = [row.task.number for group in groups for row in group.rows if row.was]
    if saved.version == typed["version"]:
        message = f"Task {number}: nothing was changed."
    elif not moved:
        message = f"Task {number} saved. No dates moved."
    else:
        listed = ", ".join(str(n) for n in sorted(moved)[:MOVED_LISTED])
        more = f" and {len(moved) - MOVED_LISTED} more" if len(moved) > MOVED_LISTED else ""
        message = (
            f"Task {number} saved. Dates moved for {len(moved)} "
            f"task{'s' if len(moved) != 1 else ''}: {listed}{more}."
        )
    context = {"project": project, "groups": groups, "message": message}
    response = render(request, "projects/_plan_table_saved.html", context)
    # The form's row asked to be replaced; the answer is the whole table.
    response["HX-Retarget"] = "#plan-table"
    response["HX-Reswap"] = "outerHTML"
    return response


def _inline_row(
    request: HttpRequest,
    task: Task,
    form: TaskForm,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    """The row in edit mode. The focus goes to the first field in error, else the first."""
    fields = [f for f in form.visible_fields() if f.errors] or form.visible_fields()
    fields[0].field.widget.attrs["autofocus"] = True
    context = {
        "project": task.project,
        "task": task,
        "form": form,
        "conflict": conflict,
        "conflict_title_id": f"task-{task.number}-conflict-title",
    }
    return render(request, "projects/_task_inline_form.html", context, status=status)


# -- work packages ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def work_package_edit(request: HttpRequest, project_id: int, code: str) -> HttpResponse:
    wp = get_work_package_for(request.user, project_id, code)
    user = _user(request)
    if not can(person_of(user), "change", wp):
        raise PermissionDenied("You may not change this work package.")
    if request.method == "GET":
        return _work_package_page(request, wp, WorkPackageForm.for_work_package(wp))
    form = WorkPackageForm(request.POST)
    if not form.is_valid():
        return _work_package_page(request, wp, form, status=422)
    typed = form.cleaned_data
    try:
        saved = work_package_update(
            user=user,
            work_package=wp,
            expected_version=typed["version"],
            objectives=typed["objectives"],
            outputs=typed["outputs"],
            dependencies=typed["dependencies"],
            timescale=typed["timescale"],
            external_requirements=typed["external_requirements"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _work_package_page(request, wp, form, status=422)
    except Conflict as exc:
        again, conflict = after_conflict(request, form, exc, _latest(wp))
        return _work_package_page(request, wp, again, conflict=conflict, status=409)
    if saved.version == typed["version"]:
        messages.info(request, f"{wp.code}: nothing was changed.")
    else:
        messages.success(request, f"{wp.code} saved.")
    return HttpResponseSeeOther(reverse("work-package-detail", args=[project_id, code]))


def _work_package_page(
    request: HttpRequest,
    wp: WorkPackage,
    form: forms.Form,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": wp.project,
        "wp": wp,
        "form": form,
        "conflict": conflict,
        "cancel_url": reverse("work-package-detail", args=[wp.project_id, wp.code]),
    }
    return render(request, "projects/work_package_edit.html", context, status=status)
