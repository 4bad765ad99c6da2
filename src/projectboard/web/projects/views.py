"""Read-only pages (the edit pages are in ``edit_views``). Every object comes through an
access function in ``permissions``; login is required everywhere by
``LoginRequiredMiddleware``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from projectboard.engine.scheduler import Schedule, ScheduledTask, schedule
from projectboard.reports.gantt import render_gantt
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
from projectboard.web.projects.plan import project_plan


@dataclass(frozen=True)
class PlanRow:
    """A task as entered (``task``) beside its dates from the engine (``dates``), and whether
    the reader may change it."""

    task: Task
    dates: ScheduledTask
    may_change: bool = False


def _plan_rows(
    project: Project, result: Schedule, may_change: Callable[[Task], bool] | None = None
) -> list[PlanRow]:
    tasks = {t.number: t for t in project.tasks.select_related("work_package")}
    return [
        PlanRow(tasks[s.id], s, may_change is not None and may_change(tasks[s.id]))
        for s in result.tasks
    ]


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    projects = Project.objects.filter(memberships__person=person).distinct() if person else []
    return render(request, "projects/project_list.html", {"projects": projects})


@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    result = schedule(project_plan(project))
    rows = _plan_rows(project, result)
    context = {
        "project": project,
        "schedule": result,
        "critical": [r for r in rows if r.dates.critical and not r.dates.summary],
        "milestones": [r for r in rows if r.dates.milestone],
        "due": project.work_packages.exclude(due=None).order_by("due", "position"),
    }
    return render(request, "projects/project_detail.html", context)


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
    result = schedule(project_plan(project))
    person = person_of(request.user)
    may_change = can_each_task(person, "change", project)
    context = {
        "project": project,
        "schedule": result,
        "rows": _plan_rows(project, result, may_change),
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


# Pixels per calendar day for each zoom; no zoom fits the scale to the plan's length.
GANTT_ZOOM = {"week": 16.0, "month": 4.0}


@require_GET
def gantt(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    plan = project_plan(project)
    result = schedule(plan)
    data = request.GET.copy()
    # The page's form sends show_today=false from a hidden input ahead of the checkbox, so
    # an unticked box reads false; a URL without it at all gets the default, on.
    data.setdefault("show_today", "true")
    form = GanttOptionsForm(data)
    status = 200
    colour_by, ppd = "work_package", None
    today: date | None = timezone.localdate()
    if form.is_valid():
        colour_by = form.cleaned_data["colour_by"] or "work_package"
        ppd = GANTT_ZOOM.get(form.cleaned_data["zoom"])
        today = form.cleaned_data["today"] or today
        if not form.cleaned_data["show_today"]:
            today = None
    else:
        status = 400  # the page still shows, with the default chart and the errors
    # render_gantt is our own code and escapes every text it writes into the SVG.
    svg = mark_safe(render_gantt(plan, result, colour_by=colour_by, today=today, px_per_day=ppd))
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
