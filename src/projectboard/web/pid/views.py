"""The PID pages: the whole document and its history (members), and one section's edit
page (the project manager; other members 403, outsiders and unknown sections 404). A POST
answers 303 when saved and 409 with both texts when someone else saved first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from projectboard.web.business.queries import funding_table
from projectboard.web.pid.forms import PidSectionForm
from projectboard.web.pid.models import SECTION_ORDER, PidSection
from projectboard.web.pid.permissions import can_pid
from projectboard.web.pid.services import (
    OBJECT_TYPE,
    pid_ensure_sections,
    pid_section_update,
    pid_sections,
)
from projectboard.web.projects.edit_views import (
    ConflictView,
    HttpResponseSeeOther,
    after_conflict,
)
from projectboard.web.projects.history import Change, who_name
from projectboard.web.projects.history_views import PER_PAGE, page_links
from projectboard.web.projects.models import AuditEvent
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict


@require_GET
def pid_document(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    context = {
        "project": project,
        "sections": pid_sections(project),
        "may_change": can_pid(person_of(request.user), "change", project),
        # The costs section shows the project's own funding per partner as recorded in the
        # business case, beside the text, so the two cannot disagree unnoticed.
        "funding": funding_table(project) if project.funding.exists() else None,
    }
    return render(request, "pid/document.html", context)


@dataclass(frozen=True)
class SectionChange:
    when: datetime
    who: str
    key: str  # blank: a section no longer in the document
    title: str
    old: str
    new: str


@require_GET
def pid_history(request: HttpRequest, project_id: int) -> HttpResponse:
    """Every saved change of a PID section, newest first, 50 to a page."""
    project = get_project_for(request.user, project_id)
    events = (
        AuditEvent.objects.filter(project=project, object_type=OBJECT_TYPE)
        .select_related("who__person")
        .order_by("-when", "-id")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    sections = {s.pk: s for s in PidSection.objects.filter(project=project)}
    changes = []
    for e in page.object_list:
        section = sections.get(e.object_id)
        changes.append(
            SectionChange(
                e.when,
                who_name(e.who),
                section.key if section else "",
                section.title if section else f"Section {e.object_id} (removed)",
                e.old,
                e.new,
            )
        )
    context = {
        "project": project,
        "page": page,
        "changes": changes,
        "links": page_links(page, {}),
    }
    return render(request, "pid/history.html", context)


@require_http_methods(["GET", "POST"])
def pid_section_edit(request: HttpRequest, project_id: int, key: str) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    if key not in SECTION_ORDER:
        raise Http404("No such section.")
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware has sent anonymous users away
    if not can_pid(person_of(user), "change", project):
        raise PermissionDenied("Only the project manager may change the PID.")
    section = next(s for s in pid_ensure_sections(project) if s.key == key)
    if request.method == "GET":
        return _page(request, section, PidSectionForm.for_section(section))
    form = PidSectionForm(request.POST)
    if not form.is_valid():
        return _page(request, section, form, status=422)
    typed = form.cleaned_data
    try:
        saved = pid_section_update(
            user=user, section=section, expected_version=typed["version"], body=typed["body"]
        )
    except Conflict as exc:
        again, conflict = after_conflict(request, form, exc, _last_change(section))
        return _page(request, section, again, conflict=conflict, status=409)
    if saved.version == typed["version"]:
        messages.info(request, f"{section.title}: nothing was changed.")
    else:
        messages.success(request, f"{section.title} saved.")
    return HttpResponseSeeOther(f"{reverse('pid', args=[project_id])}#pid-{key}")


def _last_change(section: PidSection) -> Change | None:
    event = (
        AuditEvent.objects.filter(
            project_id=section.project_id, object_type=OBJECT_TYPE, object_id=section.pk
        )
        .select_related("who__person")
        .order_by("-when", "-id")
        .first()
    )
    if event is None:
        return None
    return Change(event.when, who_name(event.who), "Text", event.old, event.new)


def _page(
    request: HttpRequest,
    section: PidSection,
    form: PidSectionForm,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": section.project,
        "section": section,
        "form": form,
        "conflict": conflict,
        "cancel_url": f"{reverse('pid', args=[section.project_id])}#pid-{section.key}",
    }
    return render(request, "pid/section_edit.html", context, status=status)
