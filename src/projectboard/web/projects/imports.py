"""Importing a plan file into an existing project: reading the upload safely, the preview of
what would change, and the service that applies it.

The upload is parsed by the pure readers; the preview compares the file's tasks with the
project's rows in the text forms the rows keep (``3.33d``, ``2SS, 5FS+2d``,
``SNET 2008-04-08``). A digest of the file's tasks and of the rows' versions ties the
confirmation to the preview: if the file or the project changed in between, nothing is
written.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from projectboard.engine.baselines import baseline_name
from projectboard.engine.errors import E_FILE, Location, PlanError
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule
from projectboard.interop import read_ms_project, read_mspdi_bytes
from projectboard.planfile import import_table, read_plan_text
from projectboard.planfile.syntax import format_constraint, format_predecessors
from projectboard.web.projects.models import Baseline, Project, Task, WorkPackage
from projectboard.web.projects.models import BaselineTask as BaselineRow
from projectboard.web.projects.permissions import can, person_of
from projectboard.web.projects.plan import project_plan
from projectboard.web.projects.progress_store import (
    PROGRESS_FIELDS,
    date_text,
    plan_status_text,
    write_baseline,
)
from projectboard.web.projects.services import apply_changes, plan_changed, record_audit

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMPORT_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".xml", ".mpp")
FIELDS = ("name", "duration", "predecessors", "constraint")
# Task fields that the web app does not store: a file that uses them imports without them.
_UNSTORED = ("deadline", "calendar", "start", "finish")
_UNSTORED_FLAGS = ("manual", "notes")
# Plan tables (CSV, XLSX) carry no progress: importing one keeps the progress stored.
_NO_PROGRESS_SUFFIXES = (".csv", ".xlsx")


class StaleImport(Exception):
    """The plan or the project changed since the preview (``expected_digest``)."""


@dataclass(frozen=True)
class Upload:
    plan: Plan
    warnings: list[str]
    progress: bool = True  # whether the file says what progress is (a table does not)


def read_upload(data: bytes, filename: str) -> Upload:
    """The plan in an uploaded file, chosen by its suffix; ``PlanError`` (with the upload's
    name and the line) if it does not read."""
    name = Path(filename).name or "upload"
    suffix = Path(name).suffix.lower()
    where = Location(name)
    if suffix not in IMPORT_SUFFIXES:
        raise PlanError(
            E_FILE,
            f"unknown plan file type {suffix or '(none)'!r}; "
            f"expected one of {', '.join(IMPORT_SUFFIXES)}",
            location=where,
            value=suffix,
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise PlanError(E_FILE, "file is too large", location=where)
    if suffix in (".yaml", ".yml"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PlanError(E_FILE, f"not UTF-8 text: {exc.reason}", location=where) from None
        return Upload(read_plan_text(text, name), [])
    if suffix == ".xml":
        imported = read_mspdi_bytes(data, name)
        return Upload(imported.plan, [w.located(name) for w in imported.warnings])
    # The table and .mpp readers take a path.
    with tempfile.TemporaryDirectory(prefix="projectboard-import-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            if suffix == ".mpp":
                mpp = read_ms_project(path)
                return Upload(mpp.plan, [w.located(name) for w in mpp.warnings])
            table = import_table(path, name=Path(name).stem)
        except PlanError as exc:
            raise _renamed(exc, str(path), name) from None
    warnings = [str(_renamed(m.error(str(path)), str(path), name)) for m in table.mismatches]
    warnings += [
        f"{name}: task {number}: its start is later than its links allow; "
        "read as a Start No Earlier Than constraint"
        for number in table.inferred
    ]
    assert suffix in _NO_PROGRESS_SUFFIXES
    return Upload(table.plan, warnings, progress=False)


def _renamed(exc: PlanError, path: str, name: str) -> PlanError:
    """The error naming the upload rather than the temporary file it was read from."""
    file = exc.location.file
    location = Location(name if file in (None, "", path) else file, exc.location.line)
    message = exc.message.replace(path, name)
    return PlanError(exc.code, message, location=location, task=exc.task, value=exc.value)


# -- the preview -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A task of the file in the text forms that ``Task`` rows keep."""

    number: int
    name: str
    duration: str
    predecessors: str
    constraint: str
    work_package: str | None
    parent: int | None
    actual_start: str = ""
    actual_finish: str = ""
    percent_complete: int = 0
    remaining: str = ""
    resume: str = ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class TaskChange:
    number: int
    name: str
    changes: list[FieldChange]


@dataclass
class Preview:
    added: list[Row] = field(default_factory=list)
    changed: list[TaskChange] = field(default_factory=list)
    removed: list[Task] = field(default_factory=list)
    work_packages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest: str = ""
    status_date: FieldChange | None = None  # the project's status date, if it changes
    baselines: list[str] = field(default_factory=list)  # set from the file ("Baseline 1")
    replaced_baselines: list[str] = field(default_factory=list)  # of those, saved before

    @property
    def no_changes(self) -> bool:
        return not (
            self.added or self.changed or self.removed or self.status_date or self.baselines
        )


def plan_rows(project: Project, plan: Plan) -> list[Row]:
    times = {
        "start_time": project.default_start_time,
        "finish_time": project.default_finish_time,
    }
    start, finish = project.default_start_time, project.default_finish_time
    return [
        Row(
            number=t.id,
            name=t.name,
            duration=str(t.duration),
            predecessors=format_predecessors(t.predecessors),
            constraint=format_constraint(t.constraint, **times),
            work_package=t.work_package,
            parent=t.parent,
            actual_start=date_text(t.actual_start, start),
            actual_finish=date_text(t.actual_finish, finish),
            percent_complete=t.percent_complete,
            remaining="" if t.remaining is None else str(t.remaining),
            resume=date_text(t.resume, start),
        )
        for t in plan.tasks
    ]


def _digest(rows: list[Row], tasks: list[Task], project: Project, plan: Plan) -> str:
    saved = Baseline.objects.filter(project=project).order_by("number")
    payload = {
        "rows": [list(vars(r).values()) for r in rows],
        "versions": [[t.number, t.version] for t in tasks],
        "status_date": [project.status_date, str(plan.status_date)],
        "baselines": [
            [n, [[i, str(e.start), str(e.finish), str(e.duration)] for i, e in entries.items()]]
            for n, entries in sorted(plan.baselines.items())
        ],
        "saved_baselines": [[b.number, b.saved.isoformat()] for b in saved],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass
class _Target:
    """What each task row becomes: its fields, work package and parent number."""

    fields: dict[str, object]
    work_package: WorkPackage | None
    parent: int | None


def _targets(
    project: Project,
    rows: list[Row],
    existing: dict[int, Task],
    warnings: list[str],
    *,
    progress: bool = True,
) -> dict[int, _Target]:
    """``progress``: whether the file's progress replaces the rows' (a table's does not)."""
    wps = {wp.code: wp for wp in project.work_packages.all()}
    numbers = {r.number for r in rows}
    targets: dict[int, _Target] = {}
    unknown: set[str] = set()
    for r in rows:
        old = existing.get(r.number)
        wp: WorkPackage | None
        if r.work_package is not None and r.work_package in wps:
            wp = wps[r.work_package]
        else:
            if r.work_package is not None:
                unknown.add(r.work_package)
            # The file does not say (a table) or names no work package here: keep the link.
            wp = old.work_package if old is not None else None
        parent = r.parent
        if parent is None and old is not None and old.parent is not None:
            kept = old.parent.number
            parent = kept if kept in numbers else None
        fields: dict[str, object] = {
            "name": r.name, "duration": r.duration, "predecessors": r.predecessors,
            "constraint": r.constraint,
        }  # fmt: skip
        if progress:
            fields.update({name: getattr(r, name) for name in PROGRESS_FIELDS})
        targets[r.number] = _Target(fields, wp, parent)
    for code in sorted(unknown):
        warnings.append(
            f"work package {code!r} is not in this project: its tasks are not linked to it"
        )
    return targets


def _plan_warnings(project: Project, plan: Plan) -> list[str]:
    warnings = []
    if plan.start is not None and plan.start.date() != project.start:
        warnings.append(
            f"the file starts the project on {plan.start.date():%d/%m/%Y}; "
            f"the project's start ({project.start:%d/%m/%Y}) is not changed"
        )
    if plan.calendar != "Standard":
        warnings.append(f"calendar {plan.calendar!r} is not stored: the Standard one is used")
    for t in plan.tasks:
        used = [n for n in _UNSTORED if getattr(t, n, None) is not None]
        used += [n for n in _UNSTORED_FLAGS if getattr(t, n, None)]
        if used:
            warnings.append(f"task {t.id}: {', '.join(used)} not stored and left out")
    return warnings


def preview_import(
    project: Project,
    plan: Plan,
    warnings: list[str] | None = None,
    *,
    progress: bool = True,
) -> Preview:
    """What importing ``plan`` would change in ``project``; writes nothing. ``progress``:
    whether the file says what progress is (a plan table does not: the stored progress,
    status date and baselines are kept)."""
    rows = plan_rows(project, plan)
    tasks = list(Task.objects.filter(project=project).select_related("work_package", "parent"))
    existing = {t.number: t for t in tasks}
    preview = Preview(warnings=[*(warnings or []), *_plan_warnings(project, plan)])
    targets = _targets(project, rows, existing, preview.warnings, progress=progress)
    for r in rows:
        target = targets[r.number]
        old = existing.get(r.number)
        if old is None:
            preview.added.append(r)
            continue
        changes = [
            FieldChange(name.replace("_", " "), str(getattr(old, name)), str(new))
            for name, new in target.fields.items()
            if getattr(old, name) != new
        ]
        if target.work_package != old.work_package:
            changes.append(
                FieldChange(
                    "work package",
                    old.work_package.code if old.work_package else "",
                    target.work_package.code if target.work_package else "",
                )
            )
        old_parent = old.parent.number if old.parent else None
        if target.parent != old_parent:
            changes.append(FieldChange("parent", _number(old_parent), _number(target.parent)))
        if changes:
            preview.changed.append(TaskChange(r.number, old.name, changes))
    numbers = {r.number for r in rows}
    preview.removed = [t for t in tasks if t.number not in numbers]
    preview.work_packages = sorted(
        {t.work_package.code for t in targets.values() if t.work_package is not None}
    )
    if progress:
        status = plan_status_text(plan, project)
        if status != project.status_date:
            preview.status_date = FieldChange("status date", project.status_date, status)
        saved = set(Baseline.objects.filter(project=project).values_list("number", flat=True))
        preview.baselines = [baseline_name(n) for n in sorted(plan.baselines)]
        preview.replaced_baselines = [
            baseline_name(n) for n in sorted(plan.baselines) if n in saved
        ]
    preview.digest = _digest(rows, tasks, project, plan)
    return preview


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


# -- the service -----------------------------------------------------------------------------


def project_replace_plan(
    *, user: User, project: Project, plan: Plan, expected_digest: str, progress: bool = True
) -> Preview:
    """Make the project's tasks those of ``plan``: update, create and delete rows, bump
    versions, record events, then schedule the result; all in one transaction, and nothing
    kept if any step refuses (``PermissionDenied``, ``StaleImport``, ``PlanError``).
    With ``progress`` (the file says what it is) the tasks' progress, the status date and
    the file's baselines are set too. Returns the preview that was applied."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not can(person_of(user), "change", locked):
            raise PermissionDenied("Only the project manager may import a plan.")
        tasks = {
            t.number: t
            for t in Task.objects.select_for_update(of=("self",))
            .filter(project=locked)
            .select_related("work_package", "parent")
        }
        preview = preview_import(locked, plan, progress=progress)
        if preview.digest != expected_digest:
            raise StaleImport(
                "the plan or the project changed since the preview; upload the file again"
            )
        if preview.no_changes:
            return preview
        targets = _targets(locked, plan_rows(locked, plan), tasks, [], progress=progress)
        added = {r.number for r in preview.added}
        for number, target in targets.items():
            if number not in tasks:
                task = Task.objects.create(
                    project=locked,
                    number=number,
                    work_package=target.work_package,
                    **target.fields,
                )
                tasks[number] = task
                record_audit(locked, user, task, field="", old="", new=str(task))
        for number, target in targets.items():
            task = tasks[number]
            parent = tasks[target.parent] if target.parent is not None else None
            if number in added:
                if parent is not None:
                    task.parent = parent
                    task.save(update_fields=["parent"])
                continue
            changes: dict[str, object] = {
                **target.fields,
                "work_package": target.work_package,
                "parent": parent,
            }
            apply_changes(task, user, changes)
        for task in preview.removed:
            record_audit(locked, user, task, field="deleted", old=str(task), new="")
        Task.objects.filter(pk__in=[t.pk for t in preview.removed]).delete()
        # A task deleted from the plan takes its baselines with it (as in MS Project).
        BaselineRow.objects.filter(
            baseline__project=locked, task_number__in=[t.number for t in preview.removed]
        ).delete()
        if preview.status_date is not None:
            locked.status_date = preview.status_date.new
            locked.save(update_fields=["status_date"])
            record_audit(
                locked,
                user,
                locked,
                field="status_date",
                old=preview.status_date.old,
                new=preview.status_date.new,
            )
        for number, entries in sorted(plan.baselines.items()) if progress else []:
            _, old = write_baseline(locked, number, entries, by=user)
            record_audit(
                locked,
                user,
                locked,
                field=f"baseline {number}",
                old="" if old is None else f"saved {old.saved:%Y-%m-%d %H:%M}",
                new="imported",
            )
        plan_changed(locked)
        schedule(project_plan(locked))  # a PlanError rolls everything back
    return preview
