"""Exporting the plan (any member) and importing a plan file (the project manager).

Import is two steps. The upload is read and shown as a preview of what would change, with
the reader's warnings; nothing is written. The parsed plan waits in the session (as plan
YAML) with the digest that the preview page carries; confirming applies exactly that plan
through ``project_replace_plan``, or nothing if the digest no longer matches.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.engine.errors import PlanError
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule
from projectboard.interop.mspdi_write import write_mspdi
from projectboard.planfile import dump_plan, read_plan_text
from projectboard.planfile.table import table_rows, write_csv
from projectboard.planfile.table_write import write_xlsx
from projectboard.web.downloads import attachment
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.imports import (
    IMPORT_SUFFIXES,
    MAX_UPLOAD_BYTES,
    Preview,
    StaleImport,
    preview_import,
    project_replace_plan,
    read_upload,
)
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import can, get_project_for, person_of
from projectboard.web.projects.plan import project_plan
from projectboard.web.uploads import refuse_uploads_over

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml",
    "yaml": "application/yaml; charset=utf-8",
}


def _session_key(project: Project) -> str:
    return f"plan-import-{project.pk}"


# -- export ----------------------------------------------------------------------------------


@require_GET
def plan_export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such export format.")
    plan = project_plan(project)
    result = schedule(plan)
    body: bytes | str
    if fmt == "csv":
        body = write_csv(table_rows(plan, result))
    elif fmt == "xlsx":
        body = write_xlsx(table_rows(plan, result))
    elif fmt == "xml":
        body = write_mspdi(plan, result)
    else:
        body = dump_plan(plan)
    name = slugify(project.name) or f"project-{project.pk}"
    return attachment(body, CONTENT_TYPES[fmt], f"{name}-plan.{fmt}")


# -- import ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text=(
            f"{', '.join(IMPORT_SUFFIXES)}; at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB. "
            "You will see what would change before anything is saved."
        ),
    )


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


def _project_for_import(request: HttpRequest, project_id: int) -> tuple[Project, User]:
    project = get_project_for(request.user, project_id)
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware has sent others to log in
    if not can(person_of(user), "change", project):
        raise PermissionDenied("Only the project manager may import a plan.")
    return project, user


@refuse_uploads_over(MAX_UPLOAD_BYTES)
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, project_id: int) -> HttpResponse:
    project, _ = _project_for_import(request, project_id)
    if request.method == "GET":
        return _form_page(request, project, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, project, form, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        return _form_page(request, project, ImportForm(), too_large=True)
    try:
        parsed = read_upload(upload.read(), upload.name or "upload")
        preview = preview_import(project, parsed.plan, parsed.warnings, progress=parsed.progress)
    except PlanError as exc:
        return _form_page(request, project, form, error=exc, status=422)
    request.session[_session_key(project)] = {
        "plan": dump_plan(parsed.plan),
        "warnings": parsed.warnings,
        "filename": upload.name,
        "progress": parsed.progress,
    }
    return _preview_page(request, project, preview, str(upload.name))


@require_POST
def plan_import_confirm(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = _project_for_import(request, project_id)
    stored = request.session.get(_session_key(project))
    form = ConfirmForm(request.POST)
    if not stored or not form.is_valid():
        messages.error(request, "Nothing to import: upload the plan file again.")
        return _form_page(request, project, ImportForm(), status=409)
    plan = _stored_plan(stored)
    progress = bool(stored.get("progress", True))
    try:
        applied = project_replace_plan(
            user=user,
            project=project,
            plan=plan,
            expected_digest=form.cleaned_data["digest"],
            progress=progress,
        )
    except StaleImport as exc:
        messages.error(request, f"Not imported: {exc}.")
        return _form_page(request, project, ImportForm(), status=409)
    except PlanError as exc:
        preview = preview_import(project, plan, list(stored.get("warnings", [])), progress=progress)
        return _preview_page(
            request, project, preview, stored.get("filename", ""), error=exc, status=422
        )
    del request.session[_session_key(project)]
    if applied.no_changes:
        messages.info(request, "Plan imported: nothing was changed.")
    else:
        messages.success(
            request,
            f"Plan imported: {len(applied.added)} tasks added, {len(applied.changed)} changed, "
            f"{len(applied.removed)} removed.",
        )
    return HttpResponseSeeOther(reverse("plan", args=[project.pk]))


def _stored_plan(stored: dict[str, object]) -> Plan:
    text = stored.get("plan")
    assert isinstance(text, str)
    return read_plan_text(text, "<previewed plan>")


def _form_page(
    request: HttpRequest,
    project: Project,
    form: ImportForm,
    *,
    error: PlanError | None = None,
    too_large: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "error": error,
        "too_large": too_large,
        "max_mib": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(
        request, "projects/import_form.html", context, status=413 if too_large else status
    )


def _preview_page(
    request: HttpRequest,
    project: Project,
    preview: Preview,
    filename: str,
    *,
    error: PlanError | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "preview": preview,
        "filename": filename,
        "form": ConfirmForm(initial={"digest": preview.digest}),
        "error": error,
    }
    return render(request, "projects/import_preview.html", context, status=status)
