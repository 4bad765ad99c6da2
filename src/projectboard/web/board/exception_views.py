"""Tolerances (the project manager's page), the exceptions page (members) and exception
reports (members read; the project manager drafts and edits). Answers as in ``views``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.board.exception_services import (
    WorkPackageTolerance,
    exception_report_create,
    exception_report_update,
    tolerances_update,
)
from projectboard.web.board.forms import ExceptionReportForm, TolerancesForm
from projectboard.web.board.models import ExceptionReport, ReportStatus
from projectboard.web.board.permissions import (
    EXCEPTION_REPORT,
    TOLERANCES,
    can_board,
    get_exception_report_for,
)
from projectboard.web.board.tolerance import tolerance_checks
from projectboard.web.board.views import acting_user, add_errors
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict


@require_http_methods(["GET", "POST"])
def tolerances_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = acting_user(request)
    if not can_board(person_of(user), TOLERANCES, "change", project):
        raise PermissionDenied("Only the project manager may set tolerances.")
    if request.method == "GET":
        return _tolerances_page(request, project, TolerancesForm.for_project(project))
    form = TolerancesForm(request.POST, project=project)
    if not form.is_valid():
        return _tolerances_page(request, project, form, status=422)
    data = form.cleaned_data
    try:
        changed = tolerances_update(
            project=project,
            time_tolerance_days=data["time_tolerance_days"],
            cost_tolerance_percent=data["cost_tolerance_percent"],
            work_packages={
                wp.code: WorkPackageTolerance(data[f"time_{wp.pk}"], data[f"cost_{wp.pk}"])
                for wp in form.work_packages
            },
            by=user,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _tolerances_page(request, project, form, status=422)
    messages.success(request, f"Tolerances saved: {changed} value(s) changed.")
    return HttpResponseSeeOther(reverse("board-exceptions", args=[project.pk]))


def _tolerances_page(
    request: HttpRequest, project: Project, form: TolerancesForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "cancel_url": reverse("board-exceptions", args=[project.pk]),
    }
    return render(request, "board/tolerances.html", context, status=status)


@require_GET
def exceptions_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    person = person_of(request.user)
    context = {
        "project": project,
        "checks": tolerance_checks(project),
        "reports": ExceptionReport.objects.filter(project=project)
        .select_related("work_package")
        .order_by("-created", "-id"),
        "may_report": can_board(person, EXCEPTION_REPORT, "change", project),
        "may_set": can_board(person, TOLERANCES, "change", project),
    }
    return render(request, "board/exceptions.html", context)


@require_POST
def exception_report_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = acting_user(request)
    if not can_board(person_of(user), EXCEPTION_REPORT, "change", project):
        raise PermissionDenied("Only the project manager may write exception reports.")
    wp = project.work_packages.filter(code=request.POST.get("work_package", "")).first()
    if wp is None:
        raise Http404("No such work package.")
    try:
        report = exception_report_create(work_package=wp, by=user)
    except ValidationError as exc:
        messages.error(
            request, " ".join(m for e in exc.error_dict.values() for x in e for m in x.messages)
        )
        return HttpResponseSeeOther(reverse("board-exceptions", args=[project.pk]))
    messages.success(request, f"Exception report drafted for {wp.code}.")
    return HttpResponseSeeOther(
        reverse("board-exception-report-edit", args=[project.pk, report.pk])
    )


@require_GET
def exception_report_detail(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    report = get_exception_report_for(request.user, project_id, report_id)
    context = {
        "project": report.project,
        "report": report,
        "may_change": report.status != ReportStatus.DECIDED
        and can_board(person_of(request.user), EXCEPTION_REPORT, "change", report.project),
    }
    return render(request, "board/exception_report.html", context)


@require_http_methods(["GET", "POST"])
def exception_report_edit(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    report = get_exception_report_for(request.user, project_id, report_id)
    user = acting_user(request)
    if not can_board(person_of(user), EXCEPTION_REPORT, "change", report.project):
        raise PermissionDenied("Only the project manager may change exception reports.")
    if request.method == "GET":
        return _report_page(request, report, ExceptionReportForm.for_report(report))
    form = ExceptionReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, form, status=422)
    data = form.cleaned_data
    try:
        exception_report_update(
            report=report,
            expected_version=data["version"],
            cause=data["cause"],
            consequences=data["consequences"],
            options=data["options"],
            recommendation=data["recommendation"],
            status=data["status"],
            by=user,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _report_page(request, report, form, status=422)
    except Conflict as exc:
        posted = request.POST.copy()
        posted["version"] = str(exc.version)
        again = ExceptionReportForm(posted)
        again.is_valid()
        again.add_error(None, f"Not saved: {exc}. Save again to keep what you typed.")
        return _report_page(request, report, again, status=409)
    messages.success(request, "Exception report saved.")
    return HttpResponseSeeOther(
        reverse("board-exception-report", args=[report.project_id, report.pk])
    )


def _report_page(
    request: HttpRequest, report: ExceptionReport, form: ExceptionReportForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": report.project,
        "report": report,
        "form": form,
        "cancel_url": reverse("board-exception-report", args=[report.project_id, report.pk]),
    }
    return render(request, "board/exception_report_edit.html", context, status=status)
