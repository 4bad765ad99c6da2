"""Every write to reporting periods and RAG returns: permission, validation, write and audit
events, in one transaction. A refused action raises before anything is written.

- ``PermissionDenied``: the user may not do it (only a lead or deputy of the return's own
  work package writes and submits it; only the project manager accepts or sends it back).
- ``ValidationError``: a missing or bad value (keyed by field) or a transition the return's
  state does not allow (code ``"state"``, keyed ``NON_FIELD_ERRORS``).
- ``Conflict``: someone else saved the return since the caller read it.

``now`` is when the action happens (default: the current time); the demo loader passes
2008 times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.engine.periods import periods_until
from projectboard.web.projects.models import AuditEvent, Project, WorkPackage
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.plan import project_schedule
from projectboard.web.projects.services import Conflict
from projectboard.web.returns.forecast import forecasts
from projectboard.web.returns.models import (
    RAG_FIELDS,
    Rag,
    RagReturn,
    ReportingPeriod,
    State,
    Tolerance,
    field_label,
)
from projectboard.web.returns.permissions import can_period, can_return
from projectboard.web.risks.services import risk_proposals_from_return_unchecked

PERIOD_TYPE = "reporting_period"
RETURN_TYPE = "rag_return"


def _audit(
    project: Project,
    who: User | None,
    object_type: str,
    object_id: int,
    *,
    field: str,
    old: str,
    new: str,
) -> None:
    AuditEvent.objects.create(
        project=project,
        who=who,
        object_type=object_type,
        object_id=object_id,
        field=field,
        old=old,
        new=new,
    )


# -- periods ---------------------------------------------------------------------------------


def periods_generate(
    *, project: Project, until: date | None = None, by: User | None
) -> list[ReportingPeriod]:
    """Create the reporting periods of ``project`` up to the one containing ``until``
    (default: the day the schedule finishes). Idempotent: periods that exist are kept as
    they are, and new ones continue after the last with the project's cadence now. Returns
    the periods it created. ``by`` is None for the system (the reminder command, the demo
    loader); a user must be the project manager."""
    if by is not None and not can_period(person_of(by), "generate", project):
        raise PermissionDenied("Only the project manager may generate reporting periods.")
    if until is None:
        until = project_schedule(project).finish.date()
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)  # one generator at a time
        last = ReportingPeriod.objects.filter(project=project).order_by("-number").first()
        first_start = project.start if last is None else last.end + timedelta(days=1)
        first_number = 1 if last is None else last.number + 1
        created: list[ReportingPeriod] = []
        for p in periods_until(
            first_start, project.reporting_cadence_days, until, first_number=first_number
        ):
            row = ReportingPeriod.objects.create(
                project=project, number=p.number, start=p.start, end=p.end, due=p.due
            )
            _audit(project, by, PERIOD_TYPE, row.pk, field="", old="", new=str(row))
            created.append(row)
    return created


# -- returns ---------------------------------------------------------------------------------


class ReturnFields(TypedDict, total=False):
    overall: str
    time: str
    cost: str
    scope: str
    quality: str
    risk: str
    tolerance: str
    achievements: str
    next_period: str
    issues: str
    new_risks: str
    help_needed: str


# What a return must have before it is submitted.
REQUIRED_TO_SUBMIT = (*RAG_FIELDS, "tolerance", "achievements", "next_period")


def current_values(row: RagReturn) -> dict[str, object]:
    """The return's fields as ``ReturnFields`` names them (for ``Conflict``)."""
    return {name: getattr(row, name) for name in ReturnFields.__annotations__}


def _refuse_state(row: RagReturn, doing: str) -> ValidationError:
    return ValidationError(
        {
            NON_FIELD_ERRORS: ValidationError(
                "%(wp)s's return for period %(period)s is %(state)s: it cannot be %(doing)s.",
                code="state",
                params={
                    "wp": row.work_package.code,
                    "period": row.period.number,
                    "state": "a draft"
                    if row.state == State.DRAFT
                    else row.get_state_display().lower(),
                    "doing": doing,
                },
            )
        }
    )


def _check_values(fields: ReturnFields) -> None:
    errors: dict[str, ValidationError] = {}
    for name in RAG_FIELDS:
        value = fields.get(name, "")
        if value and value not in Rag.values:
            errors[name] = ValidationError(
                "%(value)r is not a RAG rating (red, amber or green).",
                code="invalid_choice",
                params={"value": value},
            )
    tolerance = fields.get("tolerance", "")
    if tolerance and tolerance not in Tolerance.values:
        errors["tolerance"] = ValidationError(
            "%(value)r is not a tolerance status (within, forecast or exceeded).",
            code="invalid_choice",
            params={"value": tolerance},
        )
    if errors:
        raise ValidationError(errors)


def _set_state(row: RagReturn, by: User | None, state: State) -> None:
    _audit(row.project, by, RETURN_TYPE, row.pk, field="state", old=row.state, new=state.value)
    row.state = state


def return_save(
    *,
    period: ReportingPeriod,
    work_package: WorkPackage,
    fields: ReturnFields,
    expected_version: int | None,
    by: User,
) -> RagReturn:
    """Create or change the return of ``work_package`` for ``period`` as a draft.
    ``expected_version`` is None to create it (``Conflict`` if someone already has) or the
    version the caller read. Only a draft or a returned return may change; saving a returned
    one makes it a draft again. Returns the saved row; unchanged values save nothing."""
    if period.project_id != work_package.project_id:
        raise ValueError("the period and the work package are of different projects")
    if not can_return(person_of(by), "write", work_package):
        raise PermissionDenied(
            f"Only a lead or deputy of {work_package.code} may write its return."
        )
    _check_values(fields)
    with transaction.atomic():
        if expected_version is None:
            # Two first saves at once: the second waits here, then finds the first's return
            # (Conflict), as there is no row to lock until one is created.
            Project.objects.select_for_update().get(pk=work_package.project_id)
        row = (
            RagReturn.objects.select_for_update(of=("self",))
            .select_related("project", "period", "work_package")
            .filter(period=period, work_package=work_package)
            .first()
        )
        if row is None and expected_version is None:
            row = RagReturn.objects.create(
                project_id=work_package.project_id, period=period, work_package=work_package
            )
            _audit(row.project, by, RETURN_TYPE, row.pk, field="", old="", new=str(row))
        elif row is None or row.version != expected_version:
            version = 0 if row is None else row.version
            current = {} if row is None else current_values(row)
            raise Conflict(
                f"{work_package.code}'s return for period {period.number}", version, current
            )
        if row.state not in (State.DRAFT, State.RETURNED):
            raise _refuse_state(row, "changed")
        changes = [
            (name, getattr(row, name), value)
            for name, value in fields.items()
            if getattr(row, name) != value
        ]
        if not changes and row.state == State.DRAFT:
            return row
        if row.state == State.RETURNED:
            _set_state(row, by, State.DRAFT)
        for name, old, new in changes:
            setattr(row, name, new)
            _audit(row.project, by, RETURN_TYPE, row.pk, field=name, old=str(old), new=str(new))
        row.version += 1
        row.save()
    return row


def _locked(rag_return: RagReturn) -> RagReturn:
    return (
        RagReturn.objects.select_for_update(of=("self",))
        .select_related("project", "period", "work_package")
        .get(pk=rag_return.pk)
    )


def return_submit(*, rag_return: RagReturn, by: User, now: datetime | None = None) -> RagReturn:
    """Submit a draft to the project manager. Every rating, the tolerance status, the
    achievements and the plan for next period are required. Keeps the schedule's suggested
    RAG for time as it is now beside the lead's ratings.

    Each line of "New risks" becomes a proposal for the risk register, raised by ``by``,
    in the same transaction (``risks.services.risk_proposals_from_return_unchecked``: the
    right to submit is the right checked here, not the risk app's "propose" rule). A return
    sent back and submitted again proposes only the lines it has not proposed before."""
    now = now or timezone.now()
    if not can_return(person_of(by), "write", rag_return.work_package):
        raise PermissionDenied(
            f"Only a lead or deputy of {rag_return.work_package.code} may submit its return."
        )
    # From the schedule, before the return's row is locked: scheduling holds no lock.
    forecast = forecasts(rag_return.project)[rag_return.work_package.code]
    with transaction.atomic():
        row = _locked(rag_return)
        if row.state != State.DRAFT:
            raise _refuse_state(row, "submitted")
        missing = {
            name: ValidationError(
                "%(field)s is required to submit the return.",
                code="required",
                params={"field": field_label(name)},
            )
            for name in REQUIRED_TO_SUBMIT
            if not str(getattr(row, name)).strip()
        }
        if missing:
            raise ValidationError(missing)
        row.suggested_time = forecast.suggestion.rag if forecast.suggestion else ""
        row.forecast_finish = forecast.finish
        row.submitted_at = now
        row.first_submitted_on = row.first_submitted_on or timezone.localdate(now)
        row.submitted_by = person_of(by)
        _set_state(row, by, State.SUBMITTED)
        row.version += 1
        row.save()
        risk_proposals_from_return_unchecked(
            project=row.project,
            return_ref=row.pk,
            lines=row.new_risk_lines(),
            work_package=row.work_package,
            source=f"RAG return {row.work_package.code} period {row.period.number} "
            f"({timezone.localdate(now):%d/%m/%Y})",
            by=by,
        )
    return row


def _decide(
    rag_return: RagReturn,
    by: User,
    now: datetime | None,
    state: State,
    comment: str,
    doing: str,
) -> RagReturn:
    if not can_return(person_of(by), "decide", rag_return.work_package):
        raise PermissionDenied("Only the project manager may accept a return or send it back.")
    with transaction.atomic():
        row = _locked(rag_return)
        if row.state != State.SUBMITTED:
            raise _refuse_state(row, doing)
        if state == State.RETURNED and not comment.strip():
            raise ValidationError(
                {
                    "comment": ValidationError(
                        "Say what needs rework: a comment is required to send a return back.",
                        code="required",
                    )
                }
            )
        _set_state(row, by, state)
        comment = comment.strip()
        if comment != row.pm_comment:
            _audit(
                row.project,
                by,
                RETURN_TYPE,
                row.pk,
                field="pm_comment",
                old=row.pm_comment,
                new=comment,
            )
            row.pm_comment = comment
        row.decided_at = now or timezone.now()
        row.decided_by = by
        row.version += 1
        row.save()
    return row


def return_accept(
    *, rag_return: RagReturn, by: User, comment: str = "", now: datetime | None = None
) -> RagReturn:
    """Accept a submitted return (project manager). Nothing changes it afterwards."""
    return _decide(rag_return, by, now, State.ACCEPTED, comment, "accepted")


def return_send_back(
    *, rag_return: RagReturn, by: User, comment: str, now: datetime | None = None
) -> RagReturn:
    """Return a submitted return to its work package for rework, saying why (project
    manager). Its lead or deputy edits it (a draft again) and submits it again."""
    return _decide(rag_return, by, now, State.RETURNED, comment, "sent back for rework")
