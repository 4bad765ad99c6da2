"""The business case document (printable HTML) and its external review (same conventions
as ``views``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.business.case import (
    GUIDANCE,
    SECTIONS,
    review_comment_create,
    review_respond,
    review_verify,
    section_text,
    section_update,
)
from projectboard.web.business.export import FORMATS, business_case_export
from projectboard.web.business.forms import CommentForm, NoteForm, ResponseForm, SectionForm
from projectboard.web.business.models import ReviewComment
from projectboard.web.business.queries import business_case_content
from projectboard.web.business.views import (
    add_errors,
    conflict_of,
    form_page,
    page,
    project_with_right,
)
from projectboard.web.downloads import attachment
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.permissions import get_project_for
from projectboard.web.projects.services import Conflict


@require_GET
def document(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    comments = ReviewComment.objects.filter(project=project).select_related(
        "author", "responded_by"
    )
    return page(
        request,
        "business/document.html",
        project,
        content=business_case_content(project),
        comments=comments,
        section_names=SECTIONS,
        note_form=NoteForm(),
        formats=sorted(FORMATS),
    )


@require_GET
def document_export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    """The business case as a PDF or Word attachment: every member, like reading it."""
    project = get_project_for(request.user, project_id)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return attachment(*business_case_export(project, fmt))


def _document_url(project_id: int, anchor: str = "") -> str:
    url = reverse("business-case", args=[project_id])
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, project_id: int, key: str) -> HttpResponse:
    project, user = project_with_right(request, project_id, "business_case", "change")
    if key not in SECTIONS:
        raise Http404("No such section.")
    heading = f"Edit the {SECTIONS[key].lower()}"
    intro = GUIDANCE[key] + " The tables are added from the cost model, appraisal and surveys. "
    intro += "A change after the external review's verification clears it."
    cancel = _document_url(project_id, key)
    text, version = section_text(project, key)
    if request.method == "GET":
        form = SectionForm(initial={"text": text, "version": version})
        return form_page(request, project, form, heading=heading, intro=intro, cancel_url=cancel)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            section_update(
                project=project,
                key=key,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                by=user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Conflict as exc:
            form = SectionForm({"text": form.cleaned_data["text"], "version": exc.version})
            return form_page(
                request, project, form, heading=heading, intro=intro, cancel_url=cancel,
                conflict=conflict_of(exc), status=409,
            )  # fmt: skip
        else:
            messages.success(request, f"{SECTIONS[key]} saved.")
            return HttpResponseSeeOther(cancel)
    return form_page(
        request, project, form, heading=heading, intro=intro, cancel_url=cancel, status=422
    )


@require_http_methods(["GET", "POST"])
def review_comment(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "business_case", "comment")
    heading = "Comment on the business case"
    cancel = _document_url(project_id, "review")
    if request.method == "GET":
        form = CommentForm(initial={"section": request.GET.get("section", "")})
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            review_comment_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Comment recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


@require_http_methods(["GET", "POST"])
def review_respond_view(request: HttpRequest, project_id: int, comment_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "business_case", "respond")
    comment = (
        ReviewComment.objects.filter(project=project, pk=comment_id)
        .select_related("project", "author")
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    heading = "Respond to the reviewer's comment"
    intro = f"{comment.author.name} wrote: “{comment.text}”"
    cancel = _document_url(project_id, "review")
    if request.method == "GET":
        form = ResponseForm(initial={"response": comment.response})
        return form_page(request, project, form, heading=heading, intro=intro, cancel_url=cancel)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            review_respond(comment=comment, response=form.cleaned_data["response"], by=user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Response recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(
        request, project, form, heading=heading, intro=intro, cancel_url=cancel, status=422
    )


@require_POST
def review_verify_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "business_case", "verify")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        review_verify(project=project, note=note, by=user)
    except ValidationError as exc:
        messages.error(request, f"Not verified: {' '.join(exc.messages)}")
        return HttpResponseSeeOther(_document_url(project_id, "review"))
    messages.success(request, "You have verified the business case.")
    return HttpResponseSeeOther(_document_url(project_id, "review"))
