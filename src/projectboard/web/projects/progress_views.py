"""The progress pages: entering progress in bulk, the status date, rescheduling uncompleted
work, baselines, variance and what moved.

Who may do what is ``permissions.TASK["progress"]`` (the project manager any task, a lead or
deputy their own work package's) and ``PROJECT["status"|"reschedule"|"baseline"]`` (the
project manager). A page a member may not use answers 403, outside the project 404. Each
POST calls one service: saved, 303 back; invalid, 422 with the errors beside the fields;
stale, 409 with the values now saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from projectboard.engine.baselines import baseline_name
from projectboard.engine.diff import ADDED, MOVED, REMOVED
from projectboard.engine.progress import TaskProgress, task_progress
from projectboard.engine.scheduler import ScheduledTask
from projectboard.reports.slip_chart import render_slip_chart
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Project, Task
from projectboard.web.projects.permissions import can, can_each_task, get_project_for, person_of
from projectboard.web.projects.plan import project_plan_and_schedule, status_date
from projectboard.web.projects.progress_forms import (
    BaselineSaveForm,
    MovedForm,
    PeriodForm,
    ProgressRowForm,
    StatusDateForm,
    VarianceForm,
)
from projectboard.web.projects.progress_queries import (
    moved_since,
    saved_baselines,
    slip_chart,
    variance,
)
from projectboard.web.projects.progress_services import (
    BaselineExists,
    ProgressConflict,
    ProgressInvalid,
    ProgressUpdate,
    baseline_save,
    project_reschedule_uncompleted_work,
    project_set_status_date,
    saved_entry,
    task_progress_update,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware sent the others away
    return request.user


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# -- entering progress -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    task: Task
    dates: ScheduledTask
    progress: TaskProgress
    form: ProgressRowForm | None  # None: the reader may not change it


def _fields_ids(form: ProgressRowForm) -> None:
    """Each field in error points at its message (``aria-describedby``)."""
    for name, field in form.fields.items():
        if form.errors.get(name):
            field.widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error"


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, project_id: int) -> HttpResponse:
    """The bulk form: a row per task the reader may update (their work packages' tasks; the
    project manager's: every task) scheduled to start by the period's end. Members who may
    update none see every task's progress, without the form."""
    project = get_project_for(request.user, project_id)
    user = _user(request)
    person = person_of(user)
    may = can_each_task(person, "progress", project)
    parents = set(Task.objects.filter(project=project, parent__isnull=False).values_list(
        "parent__number", flat=True
    ))  # fmt: skip
    mine = [
        t
        for t in project.tasks.select_related("work_package").order_by("number")
        if may(t) and t.number not in parents
    ]
    is_pm = can(person, "status", project)
    read_only = not mine and not is_pm
    if read_only:
        # Other members see everyone's progress, and may change none of it.
        if request.method == "POST":
            raise PermissionDenied("You have no tasks whose progress you may update.")
        mine = [t for t in project.tasks.select_related("work_package") if t.number not in parents]
    period = PeriodForm(request.GET or None)
    until = None
    status = 200
    when = status_date(project)
    if period.is_bound and period.is_valid():
        until = period.cleaned_data["until"]
    elif period.is_bound:
        status = 400
    elif when is not None:
        until = when.date()
        period = PeriodForm(initial={"until": until})
    plan, result = project_plan_and_schedule(project)
    dates = result.by_id()
    if until is not None:
        end = datetime.combine(until, time(23, 59))
        mine = [t for t in mine if dates[t.number].start <= end]
    forms = {t.number: ProgressRowForm.for_task(t, saved_entry(t, project)) for t in mine}
    if request.method == "POST":
        forms, status = _save_progress(request, project, user, mine)
        if not status:
            return HttpResponseSeeOther(request.get_full_path())
    for form in forms.values():
        _fields_ids(form)
    done = task_progress(plan, result)
    rows = [
        ProgressRow(t, dates[t.number], done[t.number], None if read_only else forms[t.number])
        for t in mine
    ]
    context = {
        "project": project,
        "rows": rows,
        "period": period,
        "is_pm": is_pm,
        "read_only": read_only,
        "status_form": StatusDateForm(initial={"status_date": project.status_date}),
        "status_date": when,
        "errors": [
            (row, row.form[name], error)
            for row in rows
            if row.form is not None
            for name, errors in row.form.errors.items()
            for error in errors
        ],
    }
    return render(request, "projects/progress.html", context, status=status)


def _save_progress(
    request: HttpRequest, project: Project, user: User, listed: list[Task]
) -> tuple[dict[int, ProgressRowForm], int]:
    """The forms as posted and the status to answer (0: saved)."""
    tasks = {t.number: t for t in listed}
    try:
        posted = [int(n) for n in request.POST.getlist("task")]
    except ValueError:
        posted = []
    if not posted or any(n not in tasks for n in posted):
        # A task not on the form (not theirs, or outside the period): refuse it all.
        raise PermissionDenied("You may not update the progress of that task.")
    forms = {t.number: ProgressRowForm.for_task(t, saved_entry(t, project)) for t in listed}
    for n in posted:
        forms[n] = ProgressRowForm(request.POST, prefix=f"task-{n}")
    if not all(forms[n].is_valid() for n in posted):
        return forms, 422
    updates = [
        ProgressUpdate(n, forms[n].cleaned_data["version"], forms[n].entry()) for n in posted
    ]
    try:
        changed = task_progress_update(user=user, project=project, updates=updates)
    except ProgressInvalid as exc:
        for number, fields in exc.errors.items():
            for name, error in fields.items():
                forms[number].add_error(name, error)
        return forms, 422
    except ProgressConflict as exc:
        for number in exc.numbers:
            fresh = Task.objects.get(project=project, number=number)
            forms[number] = ProgressRowForm.for_task(fresh, saved_entry(fresh, project))
        messages.error(request, f"Not saved: {exc}.")
        return forms, 409
    except ValidationError as exc:
        messages.error(request, f"Not saved: {' '.join(exc.messages)}")
        return forms, 422
    if changed:
        messages.success(request, f"Progress saved for task{'s' * (len(changed) > 1)} "
                         f"{_numbers(changed)}.")  # fmt: skip
    else:
        messages.info(request, "Nothing was changed.")
    return forms, 0


@require_http_methods(["GET", "POST"])
def status_date_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = _user(request)
    if not can(person_of(user), "status", project):
        raise PermissionDenied("Only the project manager may set the status date.")
    if request.method == "GET":
        form = StatusDateForm(initial={"status_date": project.status_date})
        return _status_page(request, project, form)
    form = StatusDateForm(request.POST)
    if not form.is_valid():
        return _status_page(request, project, form, status=422)
    try:
        saved = project_set_status_date(
            user=user, project=project, status_date=form.cleaned_data["status_date"]
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _status_page(request, project, form, status=422)
    messages.success(request, f"Status date: {saved.status_date or 'none'}.")
    return HttpResponseSeeOther(reverse("progress", args=[project_id]))


def _status_page(
    request: HttpRequest, project: Project, form: StatusDateForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "title": "Status date",
        "cancel_url": reverse("progress", args=[project.pk]),
    }
    return render(request, "projects/progress_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, project_id: int) -> HttpResponse:
    """GET: what rescheduling will do, and a button; POST: do it."""
    project = get_project_for(request.user, project_id)
    user = _user(request)
    if not can(person_of(user), "reschedule", project):
        raise PermissionDenied("Only the project manager may reschedule the project.")
    error = None
    if request.method == "POST":
        try:
            changed = project_reschedule_uncompleted_work(user=user, project=project)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            when = status_date(project)
            assert when is not None  # the service refuses without one
            listed = f"tasks changed: {_numbers(changed)}" if changed else "no task changed"
            messages.success(
                request,
                f"Uncompleted work rescheduled to start after {when:%d/%m/%Y %H:%M}; {listed}.",
            )
            return HttpResponseSeeOther(reverse("progress", args=[project_id]))
    context = {"project": project, "status_date": status_date(project), "error": error}
    return render(
        request, "projects/reschedule.html", context, status=422 if error is not None else 200
    )


# -- baselines -------------------------------------------------------------------------------


@require_GET
def baselines(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    may_save = can(person_of(request.user), "baseline", project)
    context = {
        "project": project,
        "baselines": [(b, baseline_name(b.number)) for b in saved_baselines(project)],
        "may_save": may_save,
        "form": BaselineSaveForm() if may_save else None,
    }
    return render(request, "projects/baselines.html", context)


@require_http_methods(["GET", "POST"])
def baseline_save_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """GET: the form; POST: save. Saving over a saved baseline answers 409 with a button
    that confirms (``replace``)."""
    project = get_project_for(request.user, project_id)
    user = _user(request)
    if not can(person_of(user), "baseline", project):
        raise PermissionDenied("Only the project manager may save a baseline.")
    if request.method == "GET":
        return _baseline_page(request, project, BaselineSaveForm())
    form = BaselineSaveForm(request.POST)
    if not form.is_valid():
        return _baseline_page(request, project, form, status=422)
    number = form.cleaned_data["number"]
    try:
        baseline_save(
            user=user, project=project, number=number, replace=form.cleaned_data["replace"]
        )
    except BaselineExists as exc:
        again = BaselineSaveForm(initial={"number": str(number), "replace": True})
        return _baseline_page(request, project, again, exists=str(exc), status=409)
    messages.success(request, f"{baseline_name(number)} saved.")
    return HttpResponseSeeOther(reverse("baselines", args=[project_id]))


def _baseline_page(
    request: HttpRequest,
    project: Project,
    form: BaselineSaveForm,
    *,
    exists: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "exists": exists,
        "cancel_url": reverse("baselines", args=[project.pk]),
    }
    return render(request, "projects/baseline_save.html", context, status=status)


# -- variance and what moved -----------------------------------------------------------------


@require_GET
def variance_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    form = VarianceForm(request.GET or None, project=project)
    saved = saved_baselines(project)
    status = 200
    number = saved[0].number if saved else None
    if form.is_bound and form.is_valid() and form.cleaned_data["baseline"] is not None:
        number = form.cleaned_data["baseline"]
    elif form.is_bound and not form.is_valid():
        status = 400
    plan, result = project_plan_and_schedule(project)
    report = variance(plan, result, number) if number is not None else None
    chart = slip_chart(project, plan, result)
    drawn = [s for s in chart.series if len(set(s.finishes)) > 1 or s.name == "Project finish"]
    svg = mark_safe(  # our own code, which escapes every text it writes
        render_slip_chart(
            chart_id="slip-chart",
            title=f"Slip chart: forecast finish of the {chart.what}",
            points=chart.points,
            series=[(s.name, s.finishes) for s in drawn],
        )
    )
    context = {
        "project": project,
        "form": form,
        "number": number,
        "name": baseline_name(number) if number is not None else "",
        "report": report,
        "per_day": report.minutes_per_day if report else project.minutes_per_day,
        "chart": chart,
        "drawn": drawn,
        "svg": svg,
    }
    return render(request, "projects/variance.html", context, status=status)


@require_GET
def moved(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    form = MovedForm(request.GET or None, project=project)
    saved = saved_baselines(project)
    status = 200
    old = saved[0].number if saved else None
    new: int | None = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data["old"] is not None:
            old = form.cleaned_data["old"]
        choice = form.cleaned_data["new"]
        new = int(choice) if choice and choice != "now" else None
    elif form.is_bound:
        status = 400
    # The form offers saved baselines only, so the engine finds both.
    diff = moved_since(project, old, new) if old is not None else None
    context = {
        "project": project,
        "form": form,
        "diff": diff,
        "added": diff.of(ADDED) if diff else [],
        "removed": diff.of(REMOVED) if diff else [],
        "moved": diff.of(MOVED) if diff else [],
        "per_day": project.minutes_per_day,
    }
    return render(request, "projects/moved.html", context, status=status)
