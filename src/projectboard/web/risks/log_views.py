"""The issue, decision, action and lessons logs, the communications plan and the
consultation log with its printable report section. Same rules as ``views``: 404 for
outsiders, 403 for members without the right, 303 when saved, 422 when invalid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.risks.forms import (
    ActionForm,
    ActionStatusForm,
    AsAtForm,
    CommsItemForm,
    ConsultationForm,
    DecisionForm,
    IssueEditForm,
    IssueRaiseForm,
    LessonForm,
)
from projectboard.web.risks.logs import (
    action_create,
    action_set_status,
    comms_item_create,
    consultation_record,
    decision_record,
    issue_raise,
    issue_update,
    lesson_create,
)
from projectboard.web.risks.models import Action, Issue
from projectboard.web.risks.permissions import action_updater, can_log
from projectboard.web.risks.queries import consultations
from projectboard.web.risks.views import (
    form_page,
    number_of,
    project_with_right,
    user_of,
)


def _may(request: HttpRequest, resource: str, action: str, project: Project) -> bool:
    return can_log(person_of(request.user), resource, action, project)


# -- issues ----------------------------------------------------------------------------------


@require_GET
def issue_log(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    context = {
        "project": project,
        "issues": Issue.objects.filter(project=project)
        .select_related("owner", "raised_by")
        .order_by("number"),
        "may_raise": _may(request, "issue", "raise", project),
        "may_change": _may(request, "issue", "change", project),
    }
    return render(request, "risks/issue_log.html", context)


@require_http_methods(["GET", "POST"])
def issue_raise_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "issue", "raise")
    cancel = reverse("issue-log", args=[project_id])
    if request.method == "GET":
        form = IssueRaiseForm(project=project)
        return form_page(request, project, form, heading="Raise an issue", cancel_url=cancel)
    form = IssueRaiseForm(request.POST, project=project)
    if form.is_valid():
        try:
            issue = issue_raise(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{issue.ref} raised.")
            return HttpResponseSeeOther(cancel)
    return form_page(
        request, project, form, heading="Raise an issue", cancel_url=cancel, status=422
    )


@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, project_id: int, ref: str) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    issue = Issue.objects.filter(project=project, number=number_of(ref, "I")).first()
    if issue is None:
        raise Http404("No such issue.")
    project, user = project_with_right(request, project_id, "issue", "change")
    heading = f"Edit {issue.ref}: {issue.title}"
    cancel = reverse("issue-log", args=[project_id])
    if request.method == "GET":
        fields = IssueEditForm.base_fields
        initial = {name: getattr(issue, name) for name in fields}
        form = IssueEditForm(project=project, initial=initial)
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = IssueEditForm(request.POST, project=project)
    if form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        try:
            saved = issue_update(issue=issue, expected_version=version, by=user, **d)
        except ValidationError as exc:
            form.add_error(None, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
            return form_page(request, project, form, heading=heading, cancel_url=cancel, status=409)
        else:
            messages.success(request, f"{saved.ref} saved.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


# -- decisions -------------------------------------------------------------------------------


@require_GET
def decision_log(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    context = {
        "project": project,
        "decisions": project.decisions.order_by("decided_on", "number"),
        "may_record": _may(request, "decision", "record", project),
    }
    return render(request, "risks/decision_log.html", context)


@require_http_methods(["GET", "POST"])
def decision_record_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "decision", "record")
    cancel = reverse("decision-log", args=[project_id])
    heading = "Record a decision"
    if request.method == "GET":
        form = DecisionForm(initial={"decided_on": timezone.localdate()})
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = decision_record(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{decision.ref} recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


# -- actions ---------------------------------------------------------------------------------


@require_GET
def action_log(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    as_at_form = AsAtForm(request.GET)
    status = 200
    as_at = timezone.localdate()
    if as_at_form.is_valid():
        as_at = as_at_form.cleaned_data["as_at"] or as_at
    else:
        status = 400
    person = person_of(request.user)
    actions = Action.objects.filter(project=project).select_related("owner").order_by("number")
    may_update = action_updater(person, project)
    rows = [(a, a.overdue(as_at), may_update(a)) for a in actions]
    context = {
        "project": project,
        "rows": rows,
        "as_at": as_at,
        "as_at_form": as_at_form,
        "overdue": sum(1 for _, late, _ in rows if late),
        "may_create": can_log(person, "action", "create", project),
    }
    return render(request, "risks/action_log.html", context, status=status)


@require_http_methods(["GET", "POST"])
def action_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "action", "create")
    cancel = reverse("action-log", args=[project_id])
    if request.method == "GET":
        form = ActionForm(project=project)
        return form_page(request, project, form, heading="Add an action", cancel_url=cancel)
    form = ActionForm(request.POST, project=project)
    if form.is_valid():
        try:
            action = action_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{action.ref} added.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading="Add an action", cancel_url=cancel, status=422)


@require_POST
def action_status(request: HttpRequest, project_id: int, ref: str) -> HttpResponse:
    """Mark an action done or open again: the project manager or its owner (403 others)."""
    project = get_project_for(request.user, project_id)
    action = Action.objects.filter(project=project, number=number_of(ref, "A")).first()
    if action is None:
        raise Http404("No such action.")
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Status must be open or done.", status=422)
    saved = action_set_status(
        action=action, status=form.cleaned_data["status"], by=user_of(request)
    )
    messages.success(request, f"{saved.ref} is now {saved.get_status_display().lower()}.")
    return HttpResponseSeeOther(reverse("action-log", args=[project_id]))


# -- lessons ---------------------------------------------------------------------------------


@require_GET
def lesson_log(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    context = {
        "project": project,
        "lessons": project.lessons.select_related("logged_by").order_by("number"),
        "may_create": _may(request, "lesson", "create", project),
    }
    return render(request, "risks/lesson_log.html", context)


@require_http_methods(["GET", "POST"])
def lesson_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "lesson", "create")
    cancel = reverse("lesson-log", args=[project_id])
    if request.method == "GET":
        return form_page(request, project, LessonForm(), heading="Log a lesson", cancel_url=cancel)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            lesson = lesson_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{lesson.ref} logged.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading="Log a lesson", cancel_url=cancel, status=422)


# -- communications --------------------------------------------------------------------------


@require_GET
def comms_plan(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    context = {
        "project": project,
        "items": project.comms_items.select_related("owner").order_by(
            F("next_date").asc(nulls_last=True), "audience", "id"
        ),
        "consultations": project.consultations.order_by("state", "on", "id"),
        "may_change": _may(request, "comms", "change", project),
    }
    return render(request, "risks/comms_plan.html", context)


@require_http_methods(["GET", "POST"])
def comms_item_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "comms", "change")
    cancel = reverse("comms-plan", args=[project_id])
    heading = "Add to the communications plan"
    if request.method == "GET":
        form = CommsItemForm(project=project)
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = CommsItemForm(request.POST, project=project)
    if form.is_valid():
        try:
            comms_item_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Added to the communications plan.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


@require_http_methods(["GET", "POST"])
def consultation_record_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "comms", "change")
    cancel = reverse("comms-plan", args=[project_id])
    heading = "Record a consultation"
    if request.method == "GET":
        return form_page(request, project, ConsultationForm(), heading=heading, cancel_url=cancel)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            consultation_record(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Consultation recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


@require_GET
def consultation_report(request: HttpRequest, project_id: int) -> HttpResponse:
    """The committee report's CONSULTATION section, printable."""
    project = get_project_for(request.user, project_id)
    held, planned = consultations(project)
    context = {"project": project, "held": held, "planned": planned}
    return render(request, "risks/consultation_report.html", context)
