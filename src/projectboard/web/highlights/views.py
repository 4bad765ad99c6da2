"""The highlight report pages. Members read published reports; the project manager drafts,
edits, refreshes, publishes and starts new issues, and alone sees drafts (anyone else gets
the same 404 as for a report that does not exist). Every report comes through
``permissions.get_report_for``; each POST calls one service and answers 303 when done, 422
with the errors when invalid, 409 when the report was published or changed meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.downloads import attachment
from projectboard.web.highlights.export import FORMATS, export, overall_line, paragraphs
from projectboard.web.highlights.export import status_line as status_text
from projectboard.web.highlights.forms import NewReportForm, ReportEditForm
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.highlights.permissions import can_report, get_report_for, visible_reports
from projectboard.web.highlights.sections import SECTIONS, Section, TableData
from projectboard.web.highlights.services import (
    OBJECT_TYPE,
    highlight_report_draft,
    highlight_report_new_issue,
    highlight_report_publish,
    highlight_report_refresh,
    highlight_report_update,
    refuse_if_published,
)
from projectboard.web.projects.edit_views import (
    ConflictView,
    HttpResponseSeeOther,
    after_conflict,
)
from projectboard.web.projects.history import Change, who_name
from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict

REFUSED = "Only the project manager may write highlight reports."


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware sends others to log in
    return request.user


def _pm_only(request: HttpRequest, project: Project) -> User:
    user = _user(request)
    if not can_report(person_of(user), "change", project):
        raise PermissionDenied(REFUSED)
    return user


def _detail_url(report: HighlightReport) -> str:
    return reverse("highlight-report-detail", args=[report.project_id, report.pk])


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _codes(exc: ValidationError) -> set[str | None]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


# -- the list and a new report ---------------------------------------------------------------


@require_GET
def report_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    person = person_of(request.user)
    context = {
        "project": project,
        "reports": visible_reports(person, project),
        "may_change": can_report(person, "change", project),
    }
    return render(request, "highlights/list.html", context)


def _next_period(project: Project) -> dict[str, object]:
    """The day after the latest report's period, for the project's reporting cadence."""
    latest = HighlightReport.objects.filter(project=project).order_by("-period_end").first()
    start = latest.period_end + timedelta(days=1) if latest else project.start
    end = start + timedelta(days=project.reporting_cadence_days - 1)
    return {"period_start": start, "period_end": end}


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = _pm_only(request, project)
    if request.method == "GET":
        form = NewReportForm(initial=_next_period(project))
        return _new_page(request, project, form)
    form = NewReportForm(request.POST)
    if not form.is_valid():
        return _new_page(request, project, form, status=422)
    try:
        report = highlight_report_draft(
            project=project,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            by=user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _new_page(request, project, form, status=422)
    messages.success(request, f"Drafted the highlight report for {report.period_label}.")
    return HttpResponseSeeOther(_detail_url(report))


def _new_page(
    request: HttpRequest, project: Project, form: NewReportForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "cancel_url": reverse("highlight-report-list", args=[project.pk]),
    }
    return render(request, "highlights/new.html", context, status=status)


# -- one report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    section: Section
    paragraphs: list[str]
    table: TableData | None


def _sections(report: HighlightReport) -> list[SectionView]:
    return [
        SectionView(
            s,
            paragraphs(report.texts.get(s.key, "")),
            TableData.from_json(report.tables[s.key]) if s.key in report.tables else None,
        )
        for s in SECTIONS
    ]


def _detail_page(
    request: HttpRequest,
    report: HighlightReport,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    project = report.project
    successor = HighlightReport.objects.filter(based_on=report).first()
    context = {
        "project": project,
        "report": report,
        "sections": _sections(report),
        "status_line": status_text(report),
        "overall": overall_line(report),
        "may_change": can_report(person_of(request.user), "change", project),
        "has_next_issue": successor is not None,
        "formats": sorted(FORMATS),
        "errors": errors or [],
    }
    return render(request, "highlights/detail.html", context, status=status)


@require_GET
def report_detail(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _detail_page(request, get_report_for(request.user, project_id, report_id))


def _last_change(report: HighlightReport) -> Change | None:
    event = (
        AuditEvent.objects.filter(
            project_id=report.project_id, object_type=OBJECT_TYPE, object_id=report.pk
        )
        .select_related("who__person")
        .order_by("-when", "-id")
        .first()
    )
    if event is None:
        return None
    return Change(event.when, who_name(event.who), event.field or "Created", event.old, event.new)


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    report = get_report_for(request.user, project_id, report_id)
    user = _pm_only(request, report.project)
    try:
        refuse_if_published(report)  # the service refuses too; here, before the form shows
    except ValidationError as exc:
        return _detail_page(request, report, errors=_messages(exc), status=409)
    if request.method == "GET":
        return _edit_page(request, report, ReportEditForm.for_report(report))
    form = ReportEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, report, form, status=422)
    typed = form.cleaned_data
    try:
        saved = highlight_report_update(
            report=report,
            expected_version=typed["version"],
            overall_rag=typed["overall_rag"],
            overall_comment=typed["overall_comment"],
            texts=form.texts(),
            by=user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _edit_page(request, report, form, status=422)
    except Conflict as exc:
        again, conflict = after_conflict(request, form, exc, _last_change(report))
        return _edit_page(request, report, again, conflict=conflict, status=409)
    if saved.version == typed["version"]:
        messages.info(request, "Nothing was changed.")
    else:
        messages.success(request, "Highlight report saved.")
    return HttpResponseSeeOther(_detail_url(report))


def _edit_page(
    request: HttpRequest,
    report: HighlightReport,
    form: ReportEditForm,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": report.project,
        "report": report,
        "form": form,
        "conflict": conflict,
        "cancel_url": _detail_url(report),
    }
    return render(request, "highlights/edit.html", context, status=status)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # no version: treated as stale, a 409 with the current report


def _act(request: HttpRequest, project_id: int, report_id: int, action: str) -> HttpResponse:
    """Refresh, publish or start a new issue: a button on the report's page."""
    report = get_report_for(request.user, project_id, report_id)
    user = _pm_only(request, report.project)
    try:
        if action == "refresh":
            report = highlight_report_refresh(
                report=report, expected_version=_version(request), by=user
            )
            messages.success(request, "The tables were captured again from the plan.")
        elif action == "publish":
            report = highlight_report_publish(
                report=report, expected_version=_version(request), by=user
            )
            messages.success(request, "Published: the board and members can now read it.")
        else:
            report = highlight_report_new_issue(report=report, by=user)
            messages.success(request, f"Issue {report.issue} started as a draft.")
    except ValidationError as exc:
        conflict = bool(_codes(exc) & {"published", "issue_exists"})
        return _detail_page(request, report, errors=_messages(exc), status=409 if conflict else 422)
    except Conflict as exc:
        return _detail_page(request, report, errors=[str(exc)], status=409)
    return HttpResponseSeeOther(_detail_url(report))


@require_POST
def report_refresh(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "refresh")


@require_POST
def report_publish(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "publish")


@require_POST
def report_new_issue(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "new_issue")


@require_GET
def report_export(request: HttpRequest, project_id: int, report_id: int, fmt: str) -> HttpResponse:
    report = get_report_for(request.user, project_id, report_id)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return attachment(*export(report, fmt))
