"""The committee report pages: list, new, detail (printable), edit, refresh, make final,
start a new draft, export. Members read every report, drafts included; the project manager
writes. Every report comes through ``get_committee_report_for`` (the same 404 for missing and
not yours). A POST calls one service and answers 303 when done, 422 with the errors when
invalid, 409 when the report is final or was changed meanwhile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.business.committee import (
    OBJECT_TYPE,
    committee_report_create,
    committee_report_finalise,
    committee_report_new_draft,
    committee_report_refresh,
    committee_report_update,
    refuse_if_final,
)
from projectboard.web.business.committee_content import (
    BACKGROUND,
    CONSULTATION,
    IMPLICATIONS,
    RECOMMENDATIONS,
    SUMMARY,
)
from projectboard.web.business.committee_forms import SCRUTINY, ReportEditForm, TitleBlockForm
from projectboard.web.business.export import (
    FORMATS,
    captured_table,
    committee_export,
    paragraphs,
    status_line,
)
from projectboard.web.business.models import CommitteeReport
from projectboard.web.business.views import page, project_with_right
from projectboard.web.downloads import attachment
from projectboard.web.projects.edit_views import ConflictRow, ConflictView, HttpResponseSeeOther
from projectboard.web.projects.history import Change, who_name
from projectboard.web.projects.models import AuditEvent, Membership, Project, Role
from projectboard.web.projects.permissions import get_project_for
from projectboard.web.projects.services import Conflict


def get_committee_report_for(
    user: User | AnonymousUser, project_id: int, report_id: int
) -> CommitteeReport:
    """The report, if ``user`` may see its project; the same 404 if missing or not theirs."""
    project = get_project_for(user, project_id)
    report = (
        CommitteeReport.objects.filter(project=project, pk=report_id)
        .select_related("project", "partner", "based_on")
        .first()
    )
    if report is None:
        raise Http404("No such committee report.")
    return report


def _detail_url(report: CommitteeReport) -> str:
    return reverse("business-committee-detail", args=[report.project_id, report.pk])


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _codes(exc: ValidationError) -> set[str | None]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def _add_errors(form: TitleBlockForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


# -- the list and a new report ---------------------------------------------------------------


@require_GET
def report_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    reports = CommitteeReport.objects.filter(project=project).select_related("partner")
    return page(request, "business/committee_list.html", project, reports=reports)


def _new_initial(project: Project) -> dict[str, Any]:
    pm = Membership.objects.filter(project=project, role=Role.PM).select_related("person")
    first = pm.order_by("id").first()
    return {
        "committee": SCRUTINY,
        "title": f"{project.name}: progress report",
        "contact_officer": first.person.name if first else "",
    }


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "committee_report", "change")
    if request.method == "GET":
        form = TitleBlockForm(project=project, initial=_new_initial(project))
        return _new_page(request, project, form)
    form = TitleBlockForm(request.POST, project=project)
    if not form.is_valid():
        return _new_page(request, project, form, status=422)
    try:
        report = committee_report_create(project=project, title_block=form.title_block(), by=user)
    except ValidationError as exc:
        _add_errors(form, exc)
        return _new_page(request, project, form, status=422)
    messages.success(request, f"Drafted the report to the {report.committee}.")
    return HttpResponseSeeOther(_detail_url(report))


def _new_page(
    request: HttpRequest, project: Project, form: TitleBlockForm, *, status: int = 200
) -> HttpResponse:
    return page(
        request,
        "business/form_page.html",
        project,
        status,
        form=form,
        heading="Draft a committee report",
        intro="The draft takes the consultation log, the cost model and the top risks as they "
        "are now, and pre-fills the financial and risk implications; you then write each "
        "section. One report per committee and council: for a later meeting, make the report "
        "final and start a new draft from it.",
        cancel_url=reverse("business-committee-list", args=[project.pk]),
        conflict=None,
    )


# -- one report ------------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest,
    report: CommitteeReport,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    texts = report.texts
    return page(
        request,
        "business/committee_detail.html",
        report.project,
        status,
        report=report,
        status_line=status_line(report),
        summary=(SUMMARY.title, paragraphs(texts.get("summary", ""))),
        background=(BACKGROUND.title, paragraphs(texts.get("background", ""))),
        consultation=(CONSULTATION.title, paragraphs(texts.get("consultation", ""))),
        held=report.captured.get("held", []),
        planned=report.captured.get("planned", []),
        recommendations=(RECOMMENDATIONS.title, paragraphs(texts.get("recommendations", ""))),
        implications=[
            (
                s.title,
                paragraphs(texts.get(s.key, "")),
                captured_table(report, {"financial": "financial", "risk": "risks"}[s.key])
                if s.key in ("financial", "risk")
                else None,
            )
            for s in IMPLICATIONS
        ],
        papers=texts.get("background_papers", "").strip(),
        next_issue=CommitteeReport.objects.filter(based_on=report).first(),
        formats=sorted(FORMATS),
        errors=errors or [],
    )


@require_GET
def report_detail(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _detail_page(request, get_committee_report_for(request.user, project_id, report_id))


def _last_change(report: CommitteeReport) -> Change | None:
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
    report = get_committee_report_for(request.user, project_id, report_id)
    _, user = project_with_right(request, project_id, "committee_report", "change")
    try:
        refuse_if_final(report)  # the service refuses too; here, before the form shows
    except ValidationError as exc:
        return _detail_page(request, report, errors=_messages(exc), status=409)
    if request.method == "GET":
        return _edit_page(request, report, ReportEditForm.for_report(report))
    form = ReportEditForm(request.POST, project=report.project)
    if not form.is_valid():
        return _edit_page(request, report, form, status=422)
    try:
        saved = committee_report_update(
            report=report,
            expected_version=form.cleaned_data["version"],
            title_block=form.title_block(),
            texts=form.texts(),
            by=user,
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _edit_page(request, report, form, status=409 if "final" in _codes(exc) else 422)
    except Conflict as exc:
        rows = [
            ConflictRow(
                str(form.fields[name].label),
                str(exc.current[name]),
                str(form.cleaned_data[name]),
            )
            for name in form.fields
            if name != "version"
        ]
        data = request.POST.copy()
        data["version"] = str(exc.version)
        again = ReportEditForm(data, project=report.project)
        again.is_valid()
        conflict = ConflictView(str(exc), _last_change(report), rows)
        return _edit_page(request, report, again, conflict=conflict, status=409)
    if saved.version == form.cleaned_data["version"]:
        messages.info(request, "Nothing was changed.")
    else:
        messages.success(request, "Committee report saved.")
    return HttpResponseSeeOther(_detail_url(report))


def _edit_page(
    request: HttpRequest,
    report: CommitteeReport,
    form: ReportEditForm,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    return page(
        request,
        "business/form_page.html",
        report.project,
        status,
        form=form,
        heading=f"Edit the committee report “{report.title}”",
        intro=f"Issue {report.issue}, draft. The consultation to date and proposed come from "
        "the consultation log; capture them again from the report's page.",
        cancel_url=_detail_url(report),
        conflict=conflict,
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # no version: treated as stale, a 409 with the current report


def _act(request: HttpRequest, project_id: int, report_id: int, action: str) -> HttpResponse:
    """Refresh, make final or start a new draft: a button on the report's page."""
    report = get_committee_report_for(request.user, project_id, report_id)
    _, user = project_with_right(request, project_id, "committee_report", "change")
    try:
        if action == "refresh":
            report = committee_report_refresh(
                report=report, expected_version=_version(request), by=user
            )
            messages.success(request, "Captured again from the consultation log, cost model "
                             "and risk register.")  # fmt: skip
        elif action == "finalise":
            report = committee_report_finalise(
                report=report, expected_version=_version(request), by=user
            )
            messages.success(request, "The report is final: nobody can change it now.")
        else:
            report = committee_report_new_draft(report=report, by=user)
            messages.success(request, f"Issue {report.issue} started as a draft.")
    except ValidationError as exc:
        conflict = bool(_codes(exc) & {"final", "issue_exists", "not_final"})
        return _detail_page(request, report, errors=_messages(exc), status=409 if conflict else 422)
    except Conflict as exc:
        return _detail_page(request, report, errors=[str(exc)], status=409)
    return HttpResponseSeeOther(_detail_url(report))


@require_POST
def report_refresh(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "refresh")


@require_POST
def report_finalise(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "finalise")


@require_POST
def report_new_draft(request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
    return _act(request, project_id, report_id, "new_draft")


@require_GET
def report_export(request: HttpRequest, project_id: int, report_id: int, fmt: str) -> HttpResponse:
    report = get_committee_report_for(request.user, project_id, report_id)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return attachment(*committee_export(report, fmt))
