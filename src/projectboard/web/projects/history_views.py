"""The history of a whole project: every recorded change, newest first, 50 to a page,
optionally only those of one type of object (``?type=task``). Every member may read it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.views.decorators.http import require_GET

from projectboard.web.pid.models import PidSection
from projectboard.web.projects.history import who_name
from projectboard.web.projects.models import (
    AuditEvent,
    Membership,
    Person,
    Project,
    Task,
    WorkPackage,
)
from projectboard.web.projects.permissions import get_project_for

PER_PAGE = 50

# What each object type is called on the page; a type written by a part of the app not
# named here is shown as its own name, made readable.
TYPE_LABELS = {
    "project": "Project",
    "work_package": "Work package",
    "task": "Task",
    "person": "Person",
    "membership": "Role",
    "pid_section": "PID section",
}
# The field labels of the types whose model is known here; others are made readable.
TYPE_MODELS: dict[str, type[Model]] = {
    "project": Project,
    "work_package": WorkPackage,
    "task": Task,
    "person": Person,
}
SPECIAL_FIELDS = {"": "Created", "removed": "Removed", "body": "Text"}


def type_label(object_type: str) -> str:
    return TYPE_LABELS.get(object_type) or capfirst(object_type.replace("_", " "))


def field_label(object_type: str, field: str) -> str:
    if field in SPECIAL_FIELDS:
        return SPECIAL_FIELDS[field]
    model = TYPE_MODELS.get(object_type)
    if model is not None:
        for f in model._meta.concrete_fields:
            if f.name == field:
                return capfirst(str(f.verbose_name))
    return capfirst(field.replace("_", " "))


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    kind: str  # the object type's label
    what: str  # the object, as "WP-FIN Finance / Budgets"
    url: str  # where it is shown; blank if nowhere (removed)
    field: str
    old: str
    new: str


class HistoryFilterForm(forms.Form):
    type = forms.ChoiceField(label="Show changes to", required=False)

    def __init__(self, *args: Any, types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Everything"), *((t, type_label(t)) for t in types)]


def _objects(project: Project, events: list[AuditEvent]) -> dict[tuple[str, int], tuple[str, str]]:
    """What and where each event's object is, read with one query per type."""
    ids: dict[str, set[int]] = defaultdict(set)
    for e in events:
        ids[e.object_type].add(e.object_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    pk = project.pk
    if "project" in ids:
        found[("project", pk)] = (project.name, reverse("project-detail", args=[pk]))
    for wp in WorkPackage.objects.filter(project=project, pk__in=ids.get("work_package", ())):
        url = reverse("work-package-history", args=[pk, wp.code])
        found[("work_package", wp.pk)] = (str(wp), url)
    for task in Task.objects.filter(project=project, pk__in=ids.get("task", ())):
        found[("task", task.pk)] = (str(task), reverse("task-history", args=[pk, task.number]))
    for person in Person.objects.filter(pk__in=ids.get("person", ())):
        found[("person", person.pk)] = (
            person.name,
            f"{reverse('people', args=[pk])}#person-{person.pk}",
        )
    memberships = Membership.objects.filter(project=project, pk__in=ids.get("membership", ()))
    for m in memberships.select_related("person"):
        url = f"{reverse('people', args=[pk])}#person-{m.person_id}"
        found[("membership", m.pk)] = (f"{m.person.name}: {m.get_role_display()}", url)
    for s in PidSection.objects.filter(project=project, pk__in=ids.get("pid_section", ())):
        found[("pid_section", s.pk)] = (s.title, f"{reverse('pid', args=[pk])}#pid-{s.key}")
    return found


def entries(project: Project, events: list[AuditEvent]) -> list[Entry]:
    objects = _objects(project, events)
    rows = []
    for e in events:
        what, url = objects.get((e.object_type, e.object_id), ("", ""))
        if not what and e.object_type == "membership":
            what = e.old or e.new  # a removed role: its events say whose it was
        elif not what:
            gone = " (removed)" if e.object_type in TYPE_LABELS else ""
            what = f"{type_label(e.object_type)} {e.object_id}{gone}"
        rows.append(
            Entry(
                e.when,
                who_name(e.who),
                type_label(e.object_type),
                what,
                url,
                field_label(e.object_type, e.field),
                e.old,
                e.new,
            )
        )
    return rows


def page_links(page: Page[AuditEvent], query: dict[str, str]) -> dict[str, str]:
    """The query strings of the first, previous, next and last pages that exist."""

    def link(number: int) -> str:
        params: dict[str, str | int] = {**query, "page": number}
        return "?" + urlencode(params)

    links: dict[str, str] = {}
    if page.has_previous():
        links["first"] = link(1)
        links["previous"] = link(page.previous_page_number())
    if page.has_next():
        links["next"] = link(page.next_page_number())
        links["last"] = link(page.paginator.num_pages)
    return links


@require_GET
def project_history(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    events = AuditEvent.objects.filter(project=project)
    types = sorted(set(events.values_list("object_type", flat=True)), key=type_label)
    form = HistoryFilterForm(request.GET, types=types)
    status = 200
    query: dict[str, str] = {}
    if form.is_valid():
        if form.cleaned_data["type"]:
            query["type"] = form.cleaned_data["type"]
            events = events.filter(object_type=query["type"])
    else:
        status = 400  # the page still shows, every change, with the error
    page = Paginator(
        events.select_related("who__person").order_by("-when", "-id"), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "form": form,
        "page": page,
        "entries": entries(project, list(page.object_list)),
        "links": page_links(page, query),
        "shown": type_label(query["type"]) if query else "",
    }
    return render(request, "projects/project_history.html", context, status=status)
