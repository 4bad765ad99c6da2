"""Read-only pages (the edit pages are in ``edit_views``). Every object comes through an
access function in ``permissions``; login is required everywhere by
``LoginRequiredMiddleware``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from projectboard.engine.baselines import baseline_name
from projectboard.engine.scheduler import Schedule, ScheduledTask
from projectboard.reports.gantt import render_gantt
from projectboard.web.projects.forms import AsAtForm
from projectboard.web.projects.history import history
from projectboard.web.projects.models import Person, Project, Task, WorkPackage
from projectboard.web.projects.permissions import (
    can,
    can_each_task,
    get_project_for,
    get_task_for,
    get_work_package_for,
    person_of,
)
from projectboard.web.projects.plan import (
    project_plan_and_schedule,
    project_schedule,
    work_package_people,
)


@dataclass(frozen=True)
class PlanRow:
    """A task as entered (``task``) beside its dates from the engine (``dates``), whether
    the reader may change it, its dates before the change just saved if they moved (``was``)
    and whether its Edit link takes the focus (the row just saved or cancelled)."""

    task: Task
    dates: ScheduledTask
    may_change: bool = False
    was: ScheduledTask | None = None
    focus: bool = False

    @property
    def start_moved(self) -> bool:
        return self.was is not None and self.was.start != self.dates.start

    @property
    def finish_moved(self) -> bool:
        return self.was is not None and self.was.finish != self.dates.finish


def _plan_rows(
    project: Project, result: Schedule, may_change: Callable[[Task], bool] | None = None
) -> list[PlanRow]:
    tasks = {t.number: t for t in project.tasks.select_related("work_package")}
    return [
        PlanRow(tasks[s.id], s, may_change is not None and may_change(tasks[s.id]))
        for s in result.tasks
    ]


# -- the plan grouped by work package --------------------------------------------------------


@dataclass(frozen=True)
class PlanGroup:
    """A work package's tasks (``work_package`` None: the tasks in none) with the span of
    their engine dates: the earliest start and the latest finish."""

    work_package: WorkPackage | None
    leads: list[Person]
    rows: list[PlanRow]

    @property
    def start(self) -> datetime | None:
        return min((r.dates.start for r in self.rows), default=None)

    @property
    def finish(self) -> datetime | None:
        return max((r.dates.finish for r in self.rows), default=None)


def plan_groups(
    project: Project,
    result: Schedule,
    may_change: Callable[[Task], bool] | None = None,
    *,
    before: Schedule | None = None,
    focus: int | None = None,
) -> list[PlanGroup]:
    """The plan's rows by work package, in the PID's order, then the tasks in none; each
    group in plan order. ``before``: the schedule before a change, to show what moved;
    ``focus``: the task whose Edit link takes the focus."""
    tasks = {t.number: t for t in project.tasks.select_related("work_package")}
    was = before.by_id() if before is not None else {}
    by_wp: dict[int | None, list[PlanRow]] = defaultdict(list)
    for s in result.tasks:
        task = tasks[s.id]
        old = was.get(s.id)
        moved = old is not None and (old.start, old.finish) != (s.start, s.finish)
        row = PlanRow(
            task,
            s,
            may_change is not None and may_change(task),
            was=old if moved else None,
            focus=s.id == focus,
        )
        by_wp[task.work_package_id].append(row)
    work_packages = [wp for wp in project.work_packages.all() if by_wp.get(wp.pk)]
    people = work_package_people(work_packages)
    groups = [PlanGroup(wp, people.leads_of(wp), by_wp[wp.pk]) for wp in work_packages]
    if by_wp.get(None):
        groups.append(PlanGroup(None, [], by_wp[None]))
    return groups


# -- the dashboard's statuses ----------------------------------------------------------------

LATE, IN_PROGRESS, NOT_STARTED, FINISHED = "Late", "In progress", "Not started", "Finished by plan"
STATUS_ORDER = (LATE, IN_PROGRESS, NOT_STARTED, FINISHED)


def work_package_status(group: PlanGroup, as_at: date) -> str:
    """Where the schedule puts a work package at the end of the ``as_at`` day: late if its
    forecast finish (its tasks' latest) is after its due date, whatever its progress;
    otherwise not started, in progress or finished by plan."""
    assert group.work_package is not None and group.start and group.finish  # has tasks
    due = group.work_package.due
    if due is not None and group.finish.date() > due:
        return LATE
    if group.start.date() > as_at:
        return NOT_STARTED
    if group.finish.date() <= as_at:
        return FINISHED
    return IN_PROGRESS


@dataclass(frozen=True)
class WorkPackageStatus:
    group: PlanGroup
    status: str

    @property
    def days_late(self) -> int:
        wp, finish = self.group.work_package, self.group.finish
        assert wp is not None and finish is not None
        return (finish.date() - wp.due).days if wp.due and self.status == LATE else 0

    @property
    def order(self) -> tuple[int, datetime, int, str]:
        """Late first, then in progress, not started, finished; then by forecast finish."""
        wp, finish = self.group.work_package, self.group.finish
        assert wp is not None and finish is not None
        return (STATUS_ORDER.index(self.status), finish, wp.position, wp.code)


@dataclass(frozen=True)
class LateTask:
    """A task whose forecast finish is after ``due``: its work package's due date or its own
    deadline, whichever it misses first."""

    row: PlanRow
    due: date
    what: str  # "work package due" or "deadline"

    @property
    def days_late(self) -> int:
        return (self.row.dates.finish.date() - self.due).days


def late_tasks(groups: list[PlanGroup]) -> list[LateTask]:
    found: list[LateTask] = []
    for group in groups:
        wp_due = group.work_package.due if group.work_package else None
        for row in group.rows:
            if row.dates.summary:
                continue
            finish = row.dates.finish
            missed = [
                (due, what)
                for due, what in (
                    (wp_due, "work package due"),
                    (row.dates.deadline.date() if row.dates.deadline else None, "deadline"),
                )
                if due is not None and finish.date() > due
            ]
            if missed:
                due, what = min(missed)
                found.append(LateTask(row, due, what))
    return sorted(found, key=lambda late: (late.row.dates.finish, late.row.task.number))


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    projects = Project.objects.filter(memberships__person=person).distinct() if person else []
    return render(request, "projects/project_list.html", {"projects": projects})


NEXT_MILESTONES = 5


@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """The dashboard: key dates, the critical path, and, as at a date (today unless
    ``?as_at=YYYY-MM-DD``), the work packages by status, the late tasks and the next
    milestones. A bad date is shown as an error (400) and today is used."""
    project = get_project_for(request.user, project_id)
    form = AsAtForm(request.GET)
    as_at = timezone.localdate()
    status = 200
    if form.is_valid():
        as_at = form.cleaned_data["as_at"] or as_at
    else:
        status = 400
    result = project_schedule(project)
    groups = plan_groups(project, result)
    rows = [row for group in groups for row in group.rows]
    rows.sort(key=lambda r: r.task.number)
    statuses = sorted(
        (WorkPackageStatus(g, work_package_status(g, as_at)) for g in groups if g.work_package),
        key=lambda s: s.order,
    )
    upcoming = sorted(
        (r for r in rows if r.dates.milestone and r.dates.finish.date() >= as_at),
        key=lambda r: (r.dates.finish, r.task.number),
    )
    context = {
        "project": project,
        "schedule": result,
        "form": form,
        "as_at": as_at,
        "critical": [r for r in rows if r.dates.critical and not r.dates.summary],
        "statuses": statuses,
        "counts": [(name, sum(s.status == name for s in statuses)) for name in STATUS_ORDER],
        "late": late_tasks(groups),
        "milestones": upcoming[:NEXT_MILESTONES],
        "unscheduled": project.work_packages.filter(tasks=None).order_by("position", "code"),
    }
    return render(request, "projects/project_detail.html", context, status=status)


@require_GET
def work_package_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    wps = project.work_packages.prefetch_related("leads__partner", "deputies__partner")
    return render(
        request, "projects/work_package_list.html", {"project": project, "work_packages": wps}
    )


@dataclass(frozen=True)
class PartnerPeople:
    partner: str
    leads: list[Person]
    deputies: list[Person]


@require_GET
def work_package_detail(request: HttpRequest, project_id: int, code: str) -> HttpResponse:
    wp = get_work_package_for(request.user, project_id, code)
    leads = list(wp.leads.select_related("partner"))
    deputies = list(wp.deputies.select_related("partner"))
    names = [p.name for p in wp.project.partners.all()]
    people = [
        PartnerPeople(
            name,
            [p for p in leads if p.partner and p.partner.name == name],
            [p for p in deputies if p.partner and p.partner.name == name],
        )
        for name in names
    ]
    context = {
        "project": wp.project,
        "wp": wp,
        "people": [p for p in people if p.leads or p.deputies],
        "depends_on": wp.depends_on.order_by("position", "code"),
        "tasks": wp.tasks.order_by("number"),
        "may_change": can(person_of(request.user), "change", wp),
    }
    return render(request, "projects/work_package_detail.html", context)


@require_GET
def my_work_packages(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    wps: list[tuple[WorkPackage, str]] = []
    if person is not None:
        led = WorkPackage.objects.filter(leads=person).select_related("project")
        deputised = WorkPackage.objects.filter(deputies=person).select_related("project")
        wps = sorted(
            [(wp, "Lead") for wp in led] + [(wp, "Deputy") for wp in deputised],
            key=lambda pair: (pair[0].project.name, pair[0].project_id, pair[0].position, pair[1]),
        )
    return render(request, "projects/my_work_packages.html", {"rows": wps})


@require_GET
def plan_table(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    result = project_schedule(project)
    person = person_of(request.user)
    may_change = can_each_task(person, "change", project)
    context = {
        "project": project,
        "schedule": result,
        "groups": plan_groups(project, result, may_change),
        "may_import": can(person, "change", project),  # replacing the plan is the PM's
    }
    return render(request, "projects/plan.html", context)


class GanttOptionsForm(forms.Form):
    """The Gantt page's view options, from the query string. Every field may be left out."""

    colour_by = forms.ChoiceField(
        label="Colour by",
        choices=[("work_package", "Work package"), ("partner", "Lead partner")],
        required=False,
    )
    zoom = forms.ChoiceField(
        label="Zoom",
        choices=[("", "Fit the plan"), ("week", "Week"), ("month", "Month")],
        required=False,
    )
    show_today = forms.BooleanField(label="Show today", required=False)
    today = forms.DateField(
        label="Today is",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Leave blank for the real date; YYYY-MM-DD for another.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    baseline = forms.TypedChoiceField(
        label="Baseline bars",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A saved baseline to draw under the bars.",
    )

    def __init__(self, *args: Any, baselines: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["baseline"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "None"), *((str(n), baseline_name(n)) for n in baselines)]


# Pixels per calendar day for each zoom; no zoom fits the scale to the plan's length.
GANTT_ZOOM = {"week": 16.0, "month": 4.0}


@require_GET
def gantt(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    plan, result = project_plan_and_schedule(project)
    data = request.GET.copy()
    # The page's form sends show_today=false from a hidden input ahead of the checkbox, so
    # an unticked box reads false; a URL without it at all gets the default, on.
    data.setdefault("show_today", "true")
    form = GanttOptionsForm(data, baselines=sorted(plan.baselines))
    status = 200
    colour_by, ppd, number = "work_package", None, None
    today: date | None = timezone.localdate()
    if form.is_valid():
        colour_by = form.cleaned_data["colour_by"] or "work_package"
        ppd = GANTT_ZOOM.get(form.cleaned_data["zoom"])
        today = form.cleaned_data["today"] or today
        number = form.cleaned_data["baseline"]
        if not form.cleaned_data["show_today"]:
            today = None
    else:
        status = 400  # the page still shows, with the default chart and the errors
    # render_gantt is our own code and escapes every text it writes into the SVG.
    svg = mark_safe(
        render_gantt(
            plan,
            result,
            colour_by=colour_by,
            today=today,
            px_per_day=ppd,
            baseline=plan.baselines.get(number) if number is not None else None,
            status_date=plan.status_date,
        )
    )
    context = {
        "project": project,
        "schedule": result,
        "rows": _plan_rows(project, result),
        "svg": svg,
        "form": form,
    }
    return render(request, "projects/gantt.html", context, status=status)


@require_GET
def work_package_history(request: HttpRequest, project_id: int, code: str) -> HttpResponse:
    wp = get_work_package_for(request.user, project_id, code)
    context = {
        "project": wp.project,
        "title": f"{wp.code}: {wp.name}",
        "back_url": reverse("work-package-detail", args=[project_id, code]),
        "changes": history(wp),
    }
    return render(request, "projects/history.html", context)


@require_GET
def task_history(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    task = get_task_for(request.user, project_id, number)
    context = {
        "project": task.project,
        "title": f"task {task.number}: {task.name}",
        "back_url": f"{reverse('plan', args=[project_id])}#task-{number}",
        "changes": history(task),
    }
    return render(request, "projects/history.html", context)
