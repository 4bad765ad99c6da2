"""Writes to the issue, decision, action and lessons logs, the communications plan and the
consultation log. Like every service: keyword-only, permission, validation, write and audit
event in one transaction. Other apps that have checked their own caller write to the logs
through the ``*_unchecked`` writers: the board records each stop/go decision with
``decision_record_unchecked`` and makes each of its conditions an action with
``action_create_unchecked``. Marking such an action done (``action_set_status``) meets the
condition: the board reads the condition's state from its action."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.risks import audit
from projectboard.web.risks.models import (
    Action,
    ActionStatus,
    CommsItem,
    Consultation,
    ConsultationKind,
    ConsultationState,
    Decision,
    Issue,
    IssueStatus,
    IssueType,
    Lesson,
    LessonCategory,
    Priority,
    Severity,
)
from projectboard.web.risks.permissions import can_log


def _require(user: User, resource: str, action: str, project: Project, message: str) -> None:
    if not can_log(person_of(user), resource, action, project):
        raise PermissionDenied(message)


# -- issues ----------------------------------------------------------------------------------


def issue_raise(
    *,
    project: Project,
    title: str,
    description: str,
    type: str,
    priority: str = Priority.MEDIUM,
    severity: str = Severity.PM,
    owner: Person | None = None,
    by: User,
    on: date | None = None,
) -> Issue:
    """Raise an issue: the project manager, leads, deputies and team members may. The
    raiser is the caller's person; ``on`` is the day raised (today if None)."""
    _require(by, "issue", "raise", project, "You may not raise issues in this project.")
    audit.required("title", title)
    audit.choice("type", type, IssueType)
    audit.choice("priority", priority, Priority)
    audit.choice("severity", severity, Severity)
    audit.member("owner", owner, project)
    with transaction.atomic():
        locked = audit.lock(project)
        issue = Issue.objects.create(
            project=locked,
            number=audit.next_number(Issue, locked),
            title=title.strip(),
            description=description.strip(),
            type=type,
            priority=priority,
            severity=severity,
            raised_by=person_of(by),
            owner=owner,
            raised_on=on or timezone.localdate(),
        )
        audit.record(project, by, "issue", issue.pk, new=str(issue))
    return issue


def issue_update(
    *,
    issue: Issue,
    expected_version: int,
    title: str,
    description: str,
    type: str,
    priority: str,
    severity: str,
    owner: Person | None,
    status: str,
    resolution: str,
    by: User,
    on: date | None = None,
) -> Issue:
    """Change an issue (the project manager). Closing it needs a resolution and sets
    ``closed_on`` to ``on`` (today if None); reopening clears it."""
    project = issue.project
    _require(by, "issue", "change", project, "Only the project manager may change issues.")
    audit.required("title", title)
    audit.choice("type", type, IssueType)
    audit.choice("priority", priority, Priority)
    audit.choice("severity", severity, Severity)
    audit.choice("status", status, IssueStatus)
    audit.member("owner", owner, project)
    if status == IssueStatus.CLOSED:
        audit.required("resolution", resolution)
    new: dict[str, object] = {
        "title": title.strip(),
        "description": description.strip(),
        "type": type,
        "priority": priority,
        "severity": severity,
        "owner": owner,
        "status": status,
        "resolution": resolution.strip(),
    }
    with transaction.atomic():
        row = Issue.objects.select_for_update().get(pk=issue.pk)
        if row.version != expected_version:
            raise Conflict(
                f"issue {row.ref}", row.version, {name: getattr(row, name) for name in new}
            )
        if status != row.status:
            new["closed_on"] = (on or timezone.localdate()) if status == "closed" else None
        changes = [(k, getattr(row, k), v) for k, v in new.items() if getattr(row, k) != v]
        if not changes:
            return row
        for name, _, value in changes:
            setattr(row, name, value)
        row.version += 1
        row.save()
        for name, old, value in changes:
            audit.record(
                project, by, "issue", row.pk, field=name, old=audit.text(old), new=audit.text(value)
            )
    return row


# -- decisions -------------------------------------------------------------------------------


def decision_record(
    *,
    project: Project,
    decided_on: date,
    title: str,
    detail: str,
    made_by: str,
    source: str,
    by: User,
    rationale: str = "",
    meeting_ref: str | int | None = None,
) -> Decision:
    """Record a decision in the log (the project manager or the chair). ``made_by`` names
    who decided ("Project board"); ``source`` where it is minuted ("Board 02/04/2008");
    ``meeting_ref`` the board app's meeting id, if any."""
    _require(by, "decision", "record", project, "You may not record decisions.")
    with transaction.atomic():
        return decision_record_unchecked(
            project=project,
            decided_on=decided_on,
            title=title,
            detail=detail,
            made_by=made_by,
            source=source,
            rationale=rationale,
            meeting_ref=meeting_ref,
            by=by,
        )


def decision_record_unchecked(
    *,
    project: Project,
    decided_on: date,
    title: str,
    detail: str,
    made_by: str,
    source: str,
    rationale: str,
    meeting_ref: str | int | None,
    by: User | None,
) -> Decision:
    """Validate and write a decision with its audit event, checking no permission: only
    for services that have already checked their caller (``decision_record``, and the
    board's ``stop_go_decision_record``, where any board member decides). Call inside the
    caller's transaction. ``by`` None: the system (a demo loader)."""
    audit.required("title", title)
    audit.required("made_by", made_by)
    locked = audit.lock(project)
    decision = Decision.objects.create(
        project=locked,
        number=audit.next_number(Decision, locked),
        decided_on=decided_on,
        title=title.strip(),
        detail=detail.strip(),
        made_by=made_by.strip(),
        rationale=rationale.strip(),
        source=source.strip(),
        meeting_ref="" if meeting_ref is None else str(meeting_ref),
        recorded_by=by,
    )
    audit.record(project, by, "decision", decision.pk, new=str(decision))
    return decision


# -- actions ---------------------------------------------------------------------------------


def action_create(
    *,
    project: Project,
    title: str,
    owner: Person | None,
    due: date | None,
    by: User,
    source: str = "",
    on: date | None = None,
) -> Action:
    """Add an action (the project manager). ``on`` is the day raised (today if None)."""
    _require(by, "action", "create", project, "Only the project manager may add actions.")
    with transaction.atomic():
        return action_create_unchecked(
            project=project, title=title, owner=owner, due=due, source=source, on=on, by=by
        )


def action_create_unchecked(
    *,
    project: Project,
    title: str,
    owner: Person | None,
    due: date | None,
    source: str,
    on: date | None,
    by: User | None,
) -> Action:
    """Validate and write an action with its audit event, checking no permission: only for
    services that have already checked their caller (``action_create``, and the board's
    ``stop_go_decision_record``, which makes each condition an action). Call inside the
    caller's transaction. ``by`` None: the system (a demo loader)."""
    audit.required("title", title)
    audit.member("owner", owner, project)
    raised_on = on or timezone.localdate()
    if due is not None and due < raised_on:
        raise ValidationError(
            {
                "due": ValidationError(
                    "Due %(due)s is before the action was raised (%(raised)s).",
                    code="due_before_raised",
                    params={"due": due.isoformat(), "raised": raised_on.isoformat()},
                )
            }
        )
    locked = audit.lock(project)
    action = Action.objects.create(
        project=locked,
        number=audit.next_number(Action, locked),
        title=title.strip(),
        owner=owner,
        due=due,
        raised_on=raised_on,
        source=source.strip(),
    )
    audit.record(project, by, "action", action.pk, new=str(action))
    return action


def action_set_status(*, action: Action, status: str, by: User, on: date | None = None) -> Action:
    """Mark an action done (on ``on``, today if None) or open again: the project manager or
    the action's owner."""
    if not can_log(person_of(by), "action", "update", action.project, action):
        raise PermissionDenied("Only the project manager or the action's owner may update it.")
    audit.choice("status", status, ActionStatus)
    with transaction.atomic():
        row = Action.objects.select_for_update().get(pk=action.pk)
        if row.status == status:
            return row
        old = row.status
        row.status = status
        row.done_on = (on or timezone.localdate()) if status == ActionStatus.DONE else None
        row.save()
        audit.record(row.project, by, "action", row.pk, field="status", old=old, new=status)
    return row


# -- lessons ---------------------------------------------------------------------------------


def lesson_create(
    *,
    project: Project,
    lesson: str,
    category: str,
    went_well: str,
    went_badly: str,
    recommendation: str,
    by: User,
    logged_by: Person | None = None,
    on: date | None = None,
) -> Lesson:
    """Log a lesson (the project manager); ``logged_by`` defaults to the caller's person."""
    _require(by, "lesson", "create", project, "Only the project manager may log lessons.")
    audit.required("lesson", lesson)
    audit.choice("category", category, LessonCategory)
    audit.member("logged_by", logged_by, project)
    with transaction.atomic():
        locked = audit.lock(project)
        row = Lesson.objects.create(
            project=locked,
            number=audit.next_number(Lesson, locked),
            lesson=lesson.strip(),
            category=category,
            went_well=went_well.strip(),
            went_badly=went_badly.strip(),
            recommendation=recommendation.strip(),
            logged_by=logged_by or person_of(by),
            logged_on=on or timezone.localdate(),
        )
        audit.record(project, by, "lesson", row.pk, new=str(row))
    return row


# -- communications --------------------------------------------------------------------------


def comms_item_create(
    *,
    project: Project,
    audience: str,
    message: str,
    channel: str,
    frequency: str,
    owner: Person | None,
    next_date: date | None,
    by: User,
) -> CommsItem:
    """Add a line to the communications plan (the project manager)."""
    _require(by, "comms", "change", project, "Only the project manager may change the plan.")
    for name, value in (
        ("audience", audience),
        ("message", message),
        ("channel", channel),
        ("frequency", frequency),
    ):
        audit.required(name, value)
    audit.member("owner", owner, project)
    with transaction.atomic():
        item = CommsItem.objects.create(
            project=project,
            audience=audience.strip(),
            message=message.strip(),
            channel=channel.strip(),
            frequency=frequency.strip(),
            owner=owner,
            next_date=next_date,
        )
        audit.record(project, by, "comms_item", item.pk, new=str(item))
    return item


def consultation_record(
    *,
    project: Project,
    body: str,
    kind: str,
    state: str,
    on: date | None,
    summary: str,
    outcome: str,
    by: User,
) -> Consultation:
    """Add a consultation, held or planned, to the log (the project manager)."""
    _require(by, "comms", "change", project, "Only the project manager may change the log.")
    audit.required("body", body)
    audit.required("summary", summary)
    audit.choice("kind", kind, ConsultationKind)
    audit.choice("state", state, ConsultationState)
    if state == ConsultationState.HELD and on is None:
        raise ValidationError(
            {"on": ValidationError("A consultation held needs its date.", code="required")}
        )
    with transaction.atomic():
        row = Consultation.objects.create(
            project=project,
            body=body.strip(),
            kind=kind,
            state=state,
            on=on,
            summary=summary.strip(),
            outcome=outcome.strip(),
        )
        audit.record(project, by, "consultation", row.pk, new=str(row))
    return row
