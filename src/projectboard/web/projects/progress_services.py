"""Writes about progress and baselines: entering progress (in bulk), the status date,
rescheduling uncompleted work after it, and saving baselines.

Like ``services``: keyword-only, typed, one transaction each, the permission checked inside
(``permissions.TASK["progress"]``, ``PROJECT["status"]``...), an audit event per changed
field, and ``plan_changed`` for every change the schedule is computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.engine.baselines import baseline_name, check_number, snapshot_baseline
from projectboard.engine.durations import ZERO, Duration, parse_duration
from projectboard.engine.errors import PlanError
from projectboard.engine.model import percent_done
from projectboard.engine.progress import reschedule_uncompleted_work
from projectboard.engine.scheduler import schedule
from projectboard.planfile.syntax import format_constraint, parse_datetime
from projectboard.web.projects.models import Baseline, Project, Task
from projectboard.web.projects.permissions import can, person_of
from projectboard.web.projects.plan import project_plan, time_settings
from projectboard.web.projects.progress_rules import Entry, check_entry, reconcile
from projectboard.web.projects.progress_store import date_text, task_progress_fields, write_baseline
from projectboard.web.projects.services import apply_changes, plan_changed, record_audit


class ProgressInvalid(Exception):
    """Some entries break the rules: ``errors`` maps a task ID to its fields' errors."""

    def __init__(self, errors: dict[int, dict[str, ValidationError]]) -> None:
        self.errors = errors
        first = min(errors)
        field, error = sorted(errors[first].items())[0]
        super().__init__(f"task {first}: {field}: {error.messages[0]}")


class ProgressConflict(Exception):
    """Someone else saved some of the tasks since the form was read (``numbers``)."""

    def __init__(self, numbers: list[int]) -> None:
        self.numbers = numbers
        listed = ", ".join(str(n) for n in numbers)
        super().__init__(
            f"task{'s' if len(numbers) > 1 else ''} {listed} changed since you opened the "
            "form; the values now saved are shown, enter your changes again"
        )


@dataclass(frozen=True)
class ProgressUpdate:
    """One task's row of the bulk form: what was typed, and the version it was read at."""

    number: int
    expected_version: int
    entry: Entry


def saved_entry(task: Task, project: Project) -> Entry:
    """A task's progress as the form shows it: with a remaining duration, the percent
    complete it means (the percent stored beside it may be 0, as files often leave it)."""
    percent = task.percent_complete
    if task.remaining.strip() and not task.actual_finish:
        settings = time_settings(project)
        total = _duration(task).minutes(settings)
        left = parse_duration(task.remaining).minutes(settings)
        percent = percent_done(total - min(left, total), total) if total else percent
    return Entry(task.actual_start, task.actual_finish, percent, task.remaining)


def _duration(task: Task) -> Duration:
    return parse_duration(task.duration) if task.duration.strip() else ZERO


def task_progress_update(
    *, user: User, project: Project, updates: list[ProgressUpdate]
) -> list[int]:
    """Enter progress for several tasks at once (the bulk form): every task must be one the
    user may update (``PermissionDenied`` otherwise, nothing written), read at its current
    version (``ProgressConflict``), and every entry must keep the rules (``ProgressInvalid``,
    all the errors at once). Then the plan must still schedule. Returns the IDs of the
    tasks that changed."""
    person = person_of(user)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        rows = {
            t.number: t
            for t in Task.objects.select_for_update(of=("self",))
            .filter(project=locked, number__in=[u.number for u in updates])
            .select_related("project", "work_package")
        }
        missing = sorted({u.number for u in updates} - set(rows))
        if missing:
            raise PermissionDenied(f"No such task: {missing[0]}.")
        refused = [u.number for u in updates if not can(person, "progress", rows[u.number])]
        if refused:
            raise PermissionDenied(f"You may not update the progress of task {refused[0]}.")
        stale = sorted(u.number for u in updates if rows[u.number].version != u.expected_version)
        if stale:
            raise ProgressConflict(stale)
        summaries = set(
            Task.objects.filter(project=locked, children__isnull=False).values_list(
                "number", flat=True
            )
        )
        settings = time_settings(locked)
        errors: dict[int, dict[str, ValidationError]] = {}
        changes: list[tuple[Task, dict[str, object]]] = []
        for u in sorted(updates, key=lambda u: u.number):
            row = rows[u.number]
            saved = saved_entry(row, locked)
            if u.entry == saved:
                continue
            if u.number in summaries:
                errors[u.number] = {
                    "percent_complete": ValidationError(
                        "a summary task's progress is rolled up from its tasks", code="E_BAD_VALUE"
                    )
                }
                continue
            entry = reconcile(saved, u.entry, duration=_duration(row), settings=settings)
            checked, problems = check_entry(
                entry,
                duration=_duration(row),
                settings=settings,
                start_time=locked.default_start_time,
                finish_time=locked.default_finish_time,
            )
            if checked is None:
                errors[u.number] = {
                    name: ValidationError(exc.message, code=exc.code)
                    for name, exc in problems.items()
                }
                continue
            fields: dict[str, object] = {
                "actual_start": date_text(checked.actual_start, locked.default_start_time),
                "actual_finish": date_text(checked.actual_finish, locked.default_finish_time),
                "percent_complete": checked.percent_complete,
                "remaining": entry.remaining,
            }
            if checked.actual_start is None or checked.actual_finish is not None:
                fields["resume"] = ""  # not started, or finished: nothing to resume
            changes.append((row, fields))
        if errors:
            raise ProgressInvalid(errors)
        changed = [row.number for row, fields in changes if apply_changes(row, user, fields)]
        if not changed:
            return []
        plan_changed(locked)
        try:
            schedule(project_plan(locked))
        except PlanError as exc:  # rolled back with the transaction
            raise ValidationError(exc.message, code=exc.code) from exc
    return changed


def project_set_status_date(*, user: User, project: Project, status_date: str) -> Project:
    """Set (or, blank, clear) the project's status date: ``2008-03-14`` (at the default
    finish time) or ``2008-03-14 12:00``. The project manager's."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not can(person_of(user), "status", locked):
            raise PermissionDenied("Only the project manager may set the status date.")
        text = status_date.strip()
        if text:
            try:
                when = parse_datetime(
                    text, default_time=locked.default_finish_time, field="status date"
                )
            except PlanError as exc:
                raise ValidationError(
                    {"status_date": ValidationError(exc.message, code=exc.code)}
                ) from exc
            text = date_text(when, locked.default_finish_time)
        if text == locked.status_date:
            return locked
        record_audit(locked, user, locked, field="status_date", old=locked.status_date, new=text)
        locked.status_date = text
        locked.save(update_fields=["status_date"])
        plan_changed(locked)
    return locked


_RESCHEDULED = ("constraint", "resume", "actual_start")


def project_reschedule_uncompleted_work(*, user: User, project: Project) -> list[int]:
    """MS Project's *Reschedule uncompleted work to start after* the status date (the
    engine's ``reschedule_uncompleted_work``): stores the resume dates, the Start No Earlier
    Than constraints and the actual starts it sets, each with its audit event. The project
    manager's. Returns the IDs of the tasks that changed."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not can(person_of(user), "reschedule", locked):
            raise PermissionDenied("Only the project manager may reschedule the project.")
        rows = {
            t.number: t
            for t in Task.objects.select_for_update(of=("self",))
            .filter(project=locked)
            .select_related("project")
        }
        plan = project_plan(locked)
        try:
            new = reschedule_uncompleted_work(plan)
        except PlanError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        times = {"start_time": locked.default_start_time, "finish_time": locked.default_finish_time}
        changed = []
        for task in new.tasks:
            row = rows[task.id]
            fields = {
                "constraint": format_constraint(task.constraint, **times),
                **{
                    k: v
                    for k, v in task_progress_fields(task, locked).items()
                    if k in ("resume", "actual_start")
                },
            }
            if apply_changes(row, user, fields):
                changed.append(task.id)
        if changed:
            plan_changed(locked)
    return changed


class BaselineExists(Exception):
    """Baseline ``number`` is saved already: saving over it needs ``replace=True``."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        super().__init__(
            f"{baseline_name(baseline.number)} was saved on {baseline.saved:%d/%m/%Y at %H:%M}; "
            "confirm to save over it"
        )


def baseline_save(*, user: User, project: Project, number: int, replace: bool = False) -> Baseline:
    """MS Project's *Set Baseline*: store the current schedule's start, finish and duration
    of every task as baseline ``number`` (0-10). Saving over one needs ``replace``
    (``BaselineExists`` otherwise). The project manager's. The schedule does not depend on
    baselines, so the plan revision stays."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not can(person_of(user), "baseline", locked):
            raise PermissionDenied("Only the project manager may save a baseline.")
        try:
            check_number(number)
        except PlanError as exc:
            raise ValidationError({"number": ValidationError(exc.message, code=exc.code)}) from exc
        existing = Baseline.objects.filter(project=locked, number=number).first()
        if existing is not None and not replace:
            raise BaselineExists(existing)
        # Not project_schedule: never read the cache inside a writing transaction.
        plan = project_plan(locked)
        row, old = write_baseline(locked, number, snapshot_baseline(plan, schedule(plan)), by=user)
        record_audit(
            locked,
            user,
            locked,
            field=f"baseline {number}",
            old="" if old is None else f"saved {_local(old.saved)}",
            new=f"saved {_local(row.saved)}",
        )
    return row


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
