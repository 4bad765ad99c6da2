"""Writes to the board's meetings and decisions: permission, validation, write and audit
events in one transaction. ``by`` is the user acting; ``None`` is the system (the demo
loader), which is not checked. Tolerances and exception reports: ``exception_services``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projectboard.web.board.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Condition,
    Meeting,
    MeetingStatus,
    Outcome,
    StopGoDecision,
)
from projectboard.web.board.permissions import MEETING, can_board
from projectboard.web.board.series import MonthlyRule, monthly_dates
from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.projects.models import AuditEvent, Membership, Partner, Person, Project, Role
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.risks.logs import action_create_unchecked, decision_record_unchecked
from projectboard.web.risks.models import Action

LONDON = ZoneInfo("Europe/London")
MAX_SERIES = 24
CONDITION_MAX = Action._meta.get_field("title").max_length or 200
DEFAULT_AGENDA = (
    "Apologies",
    "Minutes of the last meeting and matters arising",
    "Highlight report from the project manager",
    "Exceptions, risks and issues",
    "Stop/go decision",
    "Any other business",
    "Date and venue of the next meeting",
)


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def require(
    by: User | None, table: dict[str, frozenset[str]], action: str, project: Project, message: str
) -> None:
    """Refuse (``PermissionDenied``) unless ``by`` may; the system (``None``) always may."""
    if by is not None and not can_board(person_of(by), table, action, project):
        raise PermissionDenied(message)


def audit(
    project: Project,
    by: User | None,
    object_type: str,
    object_id: int,
    *,
    field: str = "",
    old: str = "",
    new: str = "",
) -> None:
    AuditEvent.objects.create(
        project=project,
        who=by,
        object_type=object_type,
        object_id=object_id,
        field=field,
        old=old,
        new=new,
    )


def board_people(project: Project) -> list[Person]:
    """The board: members with the role board member or chair, by name."""
    return list(
        Person.objects.filter(
            memberships__project=project, memberships__role__in=[Role.BOARD_MEMBER, Role.CHAIR]
        )
        .select_related("partner")
        .distinct()
        .order_by("name", "id")
    )


# -- the series generator --------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One partner's turn: its director chairs, at its venue."""

    partner: Partner
    chair: Person
    venue: str


def meeting_series_create(
    *,
    project: Project,
    rule: MonthlyRule,
    start: date,
    count: int,
    at: time,
    duration_minutes: int,
    rotation: Sequence[Seat],
    by: User | None,
) -> list[Meeting]:
    """Create ``count`` meetings, one a month by ``rule``, the first on or after ``start``,
    at ``at`` London time. The chair and venue go round ``rotation`` in order: the first
    meeting is the first seat's. Each meeting gets the standard agenda and the board and
    project manager as its circulation list. Numbers follow on from existing meetings."""
    require(by, MEETING, "change", project, "Only the project manager may arrange meetings.")
    board = {p.pk for p in board_people(project)}
    if not 1 <= count <= MAX_SERIES:
        raise _refuse("count", f"Give 1 to {MAX_SERIES} meetings, not {count}.", "out_of_range")
    if not 15 <= duration_minutes <= 8 * 60:
        raise _refuse(
            "duration_minutes",
            f"A meeting lasts 15 to 480 minutes, not {duration_minutes}.",
            "out_of_range",
        )
    if not rotation:
        raise _refuse("rotation", "Choose a chair and venue for at least one partner.", "required")
    partners = [seat.partner.pk for seat in rotation]
    if len(set(partners)) != len(partners):
        raise _refuse("rotation", "Each partner takes one turn in the rotation.", "duplicate")
    for seat in rotation:
        if seat.partner.project_id != project.pk:
            raise _refuse("rotation", f"{seat.partner} is not a partner here.", "invalid")
        if seat.chair.pk not in board:
            raise _refuse(
                "rotation", f"{seat.chair} is not on the project board.", "not_board_member"
            )
        if seat.chair.partner_id != seat.partner.pk:
            raise _refuse(
                "rotation", f"{seat.chair} does not work for {seat.partner}.", "wrong_partner"
            )
        if not seat.venue.strip():
            raise _refuse("rotation", f"Give a venue for {seat.partner}.", "required")
    circulation = [
        *board,
        *Membership.objects.filter(project=project, role=Role.PM).values_list(
            "person_id", flat=True
        ),
    ]
    days = monthly_dates(rule, start=start, count=count)
    created: list[Meeting] = []
    with transaction.atomic():
        # One series at a time takes numbers: the project row is locked even when there is
        # no meeting yet to lock (and a lock is never taken on an aggregate).
        Project.objects.select_for_update().get(pk=project.pk)
        last = Meeting.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0
        for i, day in enumerate(days):
            seat = rotation[i % len(rotation)]
            meeting = Meeting.objects.create(
                project=project,
                number=last + i + 1,
                starts_at=datetime.combine(day, at, tzinfo=LONDON),
                duration_minutes=duration_minutes,
                venue=seat.venue.strip(),
                venue_partner=seat.partner,
                chair=seat.chair,
            )
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, position=n, title=title)
                for n, title in enumerate(DEFAULT_AGENDA, start=1)
            )
            meeting.circulation.set(circulation)
            audit(project, by, "board_meeting", meeting.pk, new=_describe(meeting))
            created.append(meeting)
    return created


def _describe(meeting: Meeting) -> str:
    when = meeting.starts_at.astimezone(LONDON).strftime("%a %d/%m/%Y %H:%M")
    return f"{meeting}: {when}, {meeting.venue}, chair {meeting.chair or 'none'}"


# -- editing a meeting -----------------------------------------------------------------------


class MeetingChanges(TypedDict, total=False):
    starts_at: datetime
    duration_minutes: int
    venue: str
    chair: Person | None
    status: str
    highlight_report: HighlightReport | None
    minutes: str
    agenda: list[str]
    attendance: dict[int, str]  # board member's person id -> status, "" for not recorded
    others_attending: list[Person]
    circulation: list[Person]


_COLUMNS = (
    "starts_at",
    "duration_minutes",
    "venue",
    "chair",
    "status",
    "highlight_report",
    "minutes",
)


def meeting_update(
    *, meeting: Meeting, expected_version: int, by: User | None, **fields: Unpack[MeetingChanges]
) -> Meeting:
    """Change a meeting that is not closed. The status may go between planned and held (a
    meeting is closed by ``meeting_close``). Returns the saved row; one audit event per
    changed field."""
    with transaction.atomic():
        row = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=meeting.pk)
        )
        project = row.project
        require(by, MEETING, "change", project, "Only the project manager may change meetings.")
        current = _meeting_values(row)
        if row.version != expected_version:
            raise Conflict(str(row), row.version, dict(current))
        if row.status == MeetingStatus.CLOSED:
            raise _refuse("status", f"{row} is closed and cannot be changed.", "closed")
        _validate_meeting(project, fields)
        changed = [(k, current[k], v) for k, v in _comparable(fields).items() if current[k] != v]
        if not changed:
            return row
        plain: dict[str, object] = dict(fields)
        for name in _COLUMNS:
            if name in plain:
                setattr(row, name, plain[name])
        if "venue" in fields:
            row.venue = fields["venue"].strip()
        if "agenda" in fields:
            row.agenda_items.all().delete()
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=row, position=n, title=t.strip())
                for n, t in enumerate(fields["agenda"], start=1)
            )
        if "attendance" in fields:
            row.attendance.all().delete()
            Attendance.objects.bulk_create(
                Attendance(meeting=row, person_id=pid, status=status)
                for pid, status in sorted(fields["attendance"].items())
                if status
            )
        if "others_attending" in fields:
            row.others_attending.set(fields["others_attending"])
        if "circulation" in fields:
            row.circulation.set(fields["circulation"])
        row.version += 1
        row.save()
        for name, old, new in changed:
            audit(project, by, "board_meeting", row.pk, field=name, old=old, new=new)
    return row


def _validate_meeting(project: Project, fields: MeetingChanges) -> None:
    if "status" in fields and fields["status"] not in (MeetingStatus.PLANNED, MeetingStatus.HELD):
        raise _refuse(
            "status", "A meeting is planned or held here; close it from its page.", "invalid"
        )
    if "duration_minutes" in fields and not 15 <= fields["duration_minutes"] <= 480:
        raise _refuse(
            "duration_minutes",
            f"A meeting lasts 15 to 480 minutes, not {fields['duration_minutes']}.",
            "out_of_range",
        )
    board = {p.pk for p in board_people(project)}
    chair = fields.get("chair")
    if chair is not None and chair.pk not in board:
        raise _refuse("chair", f"{chair} is not on the project board.", "not_board_member")
    report = fields.get("highlight_report")
    if report is not None:
        _validate_report(project, report)
    if any(not t.strip() for t in fields.get("agenda", [])):
        raise _refuse("agenda", "An agenda item cannot be empty.", "invalid")
    for pid, status in fields.get("attendance", {}).items():
        if pid not in board:
            raise _refuse("attendance", "Attendance is recorded for board members.", "invalid")
        if status and status not in AttendanceStatus.values:
            raise _refuse("attendance", f"{status!r} is not an attendance.", "invalid")
    members = set(Membership.objects.filter(project=project).values_list("person_id", flat=True))
    for name in ("others_attending", "circulation"):
        people = fields.get(name, [])
        assert isinstance(people, list)
        outside = [p.name for p in people if p.pk not in members]
        if outside:
            raise _refuse(name, f"Not in this project: {', '.join(outside)}.", "not_member")


def _validate_report(project: Project, report: HighlightReport) -> None:
    """Only a published report of the meeting's project: every member may read it."""
    if report.project_id != project.pk:
        raise _refuse(
            "highlight_report",
            "That highlight report is not one of this project's.",
            "other_project",
        )
    if report.status != Status.PUBLISHED:
        raise _refuse(
            "highlight_report",
            f"{report} is a draft: publish it before attaching it, so that the board can read it.",
            "draft",
        )


def _meeting_values(row: Meeting) -> dict[str, str]:
    """The meeting's editable values as text, for comparing, auditing and conflicts."""
    return {
        "starts_at": row.starts_at.astimezone(LONDON).isoformat(),
        "duration_minutes": str(row.duration_minutes),
        "venue": row.venue,
        "chair": str(row.chair) if row.chair else "",
        "status": row.status,
        "highlight_report": str(row.highlight_report) if row.highlight_report else "",
        "minutes": row.minutes,
        "agenda": "\n".join(i.title for i in row.agenda_items.all()),
        "attendance": "\n".join(
            f"{a.person}: {a.status}" for a in row.attendance.select_related("person")
        ),
        "others_attending": "\n".join(p.name for p in row.others_attending.order_by("name")),
        "circulation": "\n".join(p.name for p in row.circulation.order_by("name")),
    }


def _comparable(fields: MeetingChanges) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in fields.items():
        if name == "starts_at":
            assert isinstance(value, datetime)
            out[name] = value.astimezone(LONDON).isoformat()
        elif name == "venue":
            assert isinstance(value, str)
            out[name] = value.strip()
        elif name == "agenda":
            assert isinstance(value, list)
            out[name] = "\n".join(str(t).strip() for t in value)
        elif name == "attendance":
            assert isinstance(value, dict)
            names = {p.pk: p.name for p in Person.objects.filter(pk__in=value)}
            out[name] = "\n".join(
                f"{names[pid]}: {status}"
                for pid, status in sorted(value.items(), key=lambda kv: (names[kv[0]], kv[0]))
                if status
            )
        elif name in ("others_attending", "circulation"):
            assert isinstance(value, list)
            out[name] = "\n".join(sorted(p.name for p in value))
        else:
            out[name] = "" if value is None else str(value)
    return out


# -- the stop/go decision and closing --------------------------------------------------------


@dataclass(frozen=True)
class ConditionInput:
    text: str
    owner: Person
    due: date


def stop_go_decision_record(
    *,
    meeting: Meeting,
    outcome: str,
    rationale: str,
    conditions: Sequence[ConditionInput] = (),
    by: User | None,
) -> StopGoDecision:
    """Record the board's stop/go decision at ``meeting``: once, by a board member or the
    chair, while the meeting is not closed. "Go with conditions" needs at least one condition,
    each with an owner in the project and a due date not before the meeting; the other
    outcomes take none. A planned meeting becomes held.

    In the same transaction, the decision goes to the decision log (made by "Project board",
    dated the meeting's day, source "Project board N") and each condition to the action log
    as an action with its owner and due date (source "Project board N, condition k"),
    through the logs' unchecked writers: the board's own rule is the one checked here. The
    condition is met when that action is done (``Condition.met_on``)."""
    with transaction.atomic():
        row = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=meeting.pk)
        )
        project = row.project
        require(
            by, MEETING, "decide", project, "Only the project board records a stop/go decision."
        )
        if row.status == MeetingStatus.CLOSED:
            raise _refuse("outcome", f"{row} is closed.", "closed")
        if StopGoDecision.objects.filter(meeting=row).exists():
            raise _refuse(
                "outcome", f"The stop/go decision of {row} is already recorded.", "already_decided"
            )
        day = timezone.localdate(row.starts_at)
        _validate_decision(project, outcome, rationale, conditions, day)
        decision = StopGoDecision.objects.create(
            meeting=row, outcome=outcome, rationale=rationale.strip(), recorded_by=by
        )
        audit(
            project,
            by,
            "stop_go_decision",
            decision.pk,
            new=f"{row}: {decision.get_outcome_display()}",
        )
        actions = [
            action_create_unchecked(
                project=project,
                title=c.text,
                owner=c.owner,
                due=c.due,
                source=f"Project board {row.number}, condition {n}",
                on=day,
                by=by,
            )
            for n, c in enumerate(conditions, start=1)
        ]
        Condition.objects.bulk_create(
            Condition(
                decision=decision,
                position=n,
                text=c.text.strip(),
                owner=c.owner,
                due=c.due,
                action=action,
            )
            for n, (c, action) in enumerate(zip(conditions, actions, strict=True), start=1)
        )
        decision_record_unchecked(
            project=project,
            decided_on=day,
            title=f"Stop/go at {str(row).lower()}: {decision.get_outcome_display()}",
            detail="\n".join(
                f"Condition {n} ({a.ref}, {c.owner.name}, due {c.due:%d/%m/%Y}): {c.text.strip()}"
                for n, (c, a) in enumerate(zip(conditions, actions, strict=True), start=1)
            ),
            made_by="Project board",
            source=str(row),
            rationale=decision.rationale,
            meeting_ref=row.pk,
            by=by,
        )
        if row.status == MeetingStatus.PLANNED:
            row.status = MeetingStatus.HELD
            row.version += 1
            row.save(update_fields=["status", "version"])
            audit(
                project,
                by,
                "board_meeting",
                row.pk,
                field="status",
                old=MeetingStatus.PLANNED,
                new=MeetingStatus.HELD,
            )
    return decision


def _validate_decision(
    project: Project,
    outcome: str,
    rationale: str,
    conditions: Sequence[ConditionInput],
    day: date,
) -> None:
    if outcome not in Outcome.values:
        raise _refuse("outcome", f"{outcome!r} is not a stop/go outcome.", "invalid")
    if not rationale.strip():
        raise _refuse("rationale", "Give the board's reasons.", "required")
    if outcome == Outcome.GO_WITH_CONDITIONS and not conditions:
        raise _refuse(
            "conditions", "A go with conditions needs at least one condition.", "required"
        )
    if outcome != Outcome.GO_WITH_CONDITIONS and conditions:
        raise _refuse("conditions", "Only a go with conditions has conditions.", "not_allowed")
    members = set(Membership.objects.filter(project=project).values_list("person_id", flat=True))
    for n, c in enumerate(conditions, start=1):
        if not c.text.strip():
            raise _refuse("conditions", f"Condition {n}: say what must be done.", "required")
        if len(c.text.strip()) > CONDITION_MAX:
            raise _refuse(
                "conditions",
                f"Condition {n} is {len(c.text.strip())} characters long; it becomes an "
                f"action, whose title takes at most {CONDITION_MAX}.",
                "too_long",
            )
        if c.due < day:
            raise _refuse(
                "conditions",
                f"Condition {n}: due {c.due:%d/%m/%Y}, before the meeting ({day:%d/%m/%Y}).",
                "due_before_meeting",
            )
        if c.owner.pk not in members:
            raise _refuse(
                "conditions", f"Condition {n}: {c.owner} is not in this project.", "not_member"
            )


def meeting_close(*, meeting: Meeting, by: User | None) -> Meeting:
    """Close a meeting: the project manager or the chair, once its stop/go decision is
    recorded. Refused without one, and nothing changes."""
    with transaction.atomic():
        row = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=meeting.pk)
        )
        project = row.project
        require(
            by,
            MEETING,
            "close",
            project,
            "Only the project manager or the chair may close a meeting.",
        )
        if row.status == MeetingStatus.CLOSED:
            raise _refuse("status", f"{row} is already closed.", "closed")
        if not StopGoDecision.objects.filter(meeting=row).exists():
            raise _refuse(
                "status",
                f"{row} cannot be closed: the board has not recorded its stop/go decision.",
                "no_decision",
            )
        old = row.status
        row.status = MeetingStatus.CLOSED
        row.version += 1
        row.save(update_fields=["status", "version"])
        audit(project, by, "board_meeting", row.pk, field="status", old=old, new=row.status)
    return row
