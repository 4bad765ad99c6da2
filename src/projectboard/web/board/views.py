"""The board's meeting pages. Every object comes through an access function (the same 404 for
missing and not yours); a page that changes things refuses, on GET and POST, anyone who may
not (403). A POST calls one service and answers 303 when done, 422 with the errors beside
their fields when refused, 409 when someone else saved first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.interop.ical import Event, write_calendar
from projectboard.web.board.forms import ConditionFormSet, DecisionForm, MeetingForm, SeriesForm
from projectboard.web.board.models import AttendanceStatus, Meeting, MeetingStatus, StopGoDecision
from projectboard.web.board.permissions import MEETING, can_board, get_meeting_for
from projectboard.web.board.services import (
    LONDON,
    ConditionInput,
    Seat,
    board_people,
    meeting_close,
    meeting_series_create,
    meeting_update,
    stop_go_decision_record,
)
from projectboard.web.downloads import attachment
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict


def acting_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware sent anonymous users away
    return request.user


def _require(request: HttpRequest, action: str, project: Project, message: str) -> User:
    user = acting_user(request)
    if not can_board(person_of(user), MEETING, action, project):
        raise PermissionDenied(message)
    return user


def add_errors(form: Form, exc: ValidationError) -> None:
    """The service's errors beside the form's fields (others at the top)."""
    for field, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else NON_FIELD_ERRORS, error)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("board-meeting", args=[meeting.project_id, meeting.pk])


# -- reading ---------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    meetings = (
        Meeting.objects.filter(project=project)
        .select_related("chair", "venue_partner", "decision")
        .order_by("starts_at", "number")
    )
    person = person_of(request.user)
    context = {
        "project": project,
        "meetings": meetings,
        "may_change": can_board(person, MEETING, "change", project),
    }
    return render(request, "board/meeting_list.html", context)


@dataclass(frozen=True)
class AttendanceRow:
    person: Person
    board_role: str
    status: str  # label, or "Not recorded"


@dataclass(frozen=True)
class PartnerAttendance:
    partner: str
    rows: list[AttendanceRow]


def attendance_by_partner(meeting: Meeting) -> list[PartnerAttendance]:
    """The board members grouped by partner (in partner order; no partner last)."""
    recorded = {a.person_id: a.get_status_display() for a in meeting.attendance.all()}
    roles = dict(
        meeting.project.memberships.filter(role="board_member").values_list(
            "person_id", "board_role"
        )
    )
    groups: dict[str, list[AttendanceRow]] = {
        p.name: [] for p in meeting.project.partners.order_by("code")
    }
    for person in board_people(meeting.project):
        name = person.partner.name if person.partner else "No partner"
        groups.setdefault(name, []).append(
            AttendanceRow(person, roles.get(person.pk, ""), recorded.get(person.pk, "Not recorded"))
        )
    return [PartnerAttendance(name, rows) for name, rows in groups.items() if rows]


def _detail(
    request: HttpRequest, meeting: Meeting, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    person = person_of(request.user)
    project = meeting.project
    decision = StopGoDecision.objects.filter(meeting=meeting).first()
    context = {
        "project": project,
        "meeting": meeting,
        "agenda": meeting.agenda_items.all(),
        "attendance": attendance_by_partner(meeting),
        "others": meeting.others_attending.order_by("name"),
        "circulation": meeting.circulation.order_by("name"),
        "decision": decision,
        "conditions": decision.conditions.select_related("owner", "action") if decision else [],
        "present": AttendanceStatus.PRESENT.label,
        "errors": errors or [],
        "may_change": meeting.status != MeetingStatus.CLOSED
        and can_board(person, MEETING, "change", project),
        "may_decide": decision is None
        and meeting.status != MeetingStatus.CLOSED
        and can_board(person, MEETING, "decide", project),
        "may_close": meeting.status != MeetingStatus.CLOSED
        and can_board(person, MEETING, "close", project),
    }
    return render(request, "board/meeting_detail.html", context, status=status)


@require_GET
def meeting_detail(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    return _detail(request, get_meeting_for(request.user, project_id, meeting_id))


# -- iCalendar -------------------------------------------------------------------------------


def meeting_event(meeting: Meeting) -> Event:
    agenda = [f"{i.position}. {i.title}" for i in meeting.agenda_items.all()]
    chair = f"Chair: {meeting.chair.name}" if meeting.chair else "Chair: to be confirmed"
    return Event(
        uid=f"board-meeting-{meeting.pk}.project-{meeting.project_id}@projectboard",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=f"{meeting.project.name}: {meeting}",
        location=meeting.venue,
        description="\n".join([chair, "Agenda:", *agenda]),
        sequence=meeting.version - 1,
    )


def _ics(text: str, filename: str) -> HttpResponse:
    return attachment(text, "text/calendar; charset=utf-8", filename)


@require_GET
def meeting_ics(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, project_id, meeting_id)
    text = write_calendar([meeting_event(meeting)], stamp=timezone.now())
    return _ics(text, f"project-board-{meeting.number}.ics")


@require_GET
def calendar_ics(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    meetings = (
        Meeting.objects.filter(project=project)
        .select_related("chair", "project")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "number")
    )
    text = write_calendar(
        [meeting_event(m) for m in meetings],
        stamp=timezone.now(),
        name=f"{project.name}: project board",
    )
    return _ics(text, f"project-{project.pk}-board.ics")


# -- changing --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = _require(request, "change", project, "Only the project manager may arrange meetings.")
    if request.method == "GET":
        form = SeriesForm(project=project, initial={"start": timezone.localdate()})
        return _series_page(request, project, form)
    form = SeriesForm(request.POST, project=project)
    if not form.is_valid():
        return _series_page(request, project, form, status=422)
    data = form.cleaned_data
    try:
        created = meeting_series_create(
            project=project,
            rule=form.rule(),
            start=data["start"],
            count=data["count"],
            at=data["at"],
            duration_minutes=data["duration_minutes"],
            rotation=[Seat(p, c, v) for p, c, v in form.rotation()],
            by=user,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _series_page(request, project, form, status=422)
    messages.success(request, f"{len(created)} meetings arranged, {form.rule().describe()}.")
    return HttpResponseSeeOther(reverse("board-meetings", args=[project.pk]))


def _series_page(
    request: HttpRequest, project: Project, form: SeriesForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "cancel_url": reverse("board-meetings", args=[project.pk]),
    }
    return render(request, "board/series_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, project_id, meeting_id)
    user = _require(
        request, "change", meeting.project, "Only the project manager may change meetings."
    )
    if request.method == "GET":
        return _edit_page(request, meeting, MeetingForm.for_meeting(meeting))
    form = MeetingForm(request.POST, project=meeting.project)
    if not form.is_valid():
        return _edit_page(request, meeting, form, status=422)
    data = form.cleaned_data
    try:
        meeting_update(
            meeting=meeting,
            expected_version=data["version"],
            by=user,
            starts_at=datetime.combine(data["date"], data["at"], tzinfo=LONDON),
            duration_minutes=data["duration_minutes"],
            venue=data["venue"],
            chair=data["chair"],
            status=data["status"],
            highlight_report=data["highlight_report"],
            agenda=form.agenda_lines(),
            attendance=form.attendance(),
            others_attending=list(data["others_attending"]),
            circulation=list(data["circulation"]),
            minutes=data["minutes"].replace("\r\n", "\n").strip(),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _edit_page(request, meeting, form, status=422)
    except Conflict as exc:
        posted = request.POST.copy()
        posted["version"] = str(exc.version)
        again = MeetingForm(posted, project=meeting.project)
        again.is_valid()
        again.add_error(None, f"Not saved: {exc}. Save again to keep what you typed.")
        return _edit_page(request, meeting, again, status=409)
    messages.success(request, f"{meeting} saved.")
    return HttpResponseSeeOther(_meeting_url(meeting))


def _edit_page(
    request: HttpRequest, meeting: Meeting, form: MeetingForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "project": meeting.project,
        "meeting": meeting,
        "form": form,
        "cancel_url": _meeting_url(meeting),
    }
    return render(request, "board/meeting_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def decision_record(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, project_id, meeting_id)
    project = meeting.project
    user = _require(request, "decide", project, "Only the project board records a decision.")
    if request.method == "GET":
        form = DecisionForm()
        conditions = ConditionFormSet(prefix="conditions", form_kwargs={"project": project})
        return _decision_page(request, meeting, form, conditions)
    form = DecisionForm(request.POST)
    conditions = ConditionFormSet(
        request.POST, prefix="conditions", form_kwargs={"project": project}
    )
    if not (form.is_valid() and conditions.is_valid()):
        return _decision_page(request, meeting, form, conditions, status=422)
    given = [
        ConditionInput(c["text"], c["owner"], c["due"])
        for c in conditions.cleaned_data
        if c.get("text")
    ]
    try:
        stop_go_decision_record(
            meeting=meeting,
            outcome=form.cleaned_data["outcome"],
            rationale=form.cleaned_data["rationale"],
            conditions=given,
            by=user,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _decision_page(request, meeting, form, conditions, status=422)
    messages.success(request, f"The stop/go decision of {meeting} is recorded.")
    return HttpResponseSeeOther(_meeting_url(meeting))


def _decision_page(
    request: HttpRequest,
    meeting: Meeting,
    form: DecisionForm,
    conditions: object,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": meeting.project,
        "meeting": meeting,
        "form": form,
        "conditions": conditions,
        "cancel_url": _meeting_url(meeting),
    }
    return render(request, "board/decision_form.html", context, status=status)


@require_POST
def meeting_close_view(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, project_id, meeting_id)
    user = _require(
        request, "close", meeting.project, "Only the project manager or the chair may close."
    )
    try:
        meeting_close(meeting=meeting, by=user)
    except ValidationError as exc:
        errors = [m for errs in exc.error_dict.values() for e in errs for m in e.messages]
        return _detail(request, meeting, errors=errors, status=422)
    messages.success(request, f"{meeting} is closed.")
    return HttpResponseSeeOther(_meeting_url(meeting))
