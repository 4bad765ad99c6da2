"""What changed between two snapshots of a plan: two schedules, two baselines, or a
baseline and the current schedule.

Tasks are matched by unique ID when every task on both sides has one (MS Project's UID
survives inserting and renumbering rows), else by ID. A task is **moved** when its start
or finish differs; slips are in working time on the project calendar of the newer plan,
positive when later. The critical path is compared where both sides know it (a baseline
does not record which tasks were critical).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from projectboard.engine.baselines import baseline, baseline_name
from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import Schedule

ADDED, REMOVED, MOVED = "added", "removed", "moved"


class SnapshotTask(NamedTuple):
    id: int
    uid: int | None
    name: str
    summary: bool
    start: datetime
    finish: datetime
    duration_minutes: int
    critical: bool | None  # None: not recorded (a baseline)


@dataclass(frozen=True)
class Snapshot:
    label: str
    tasks: list[SnapshotTask]


def schedule_snapshot(result: Schedule, label: str) -> Snapshot:
    return Snapshot(
        label,
        [
            SnapshotTask(
                t.id,
                t.uid,
                t.name,
                t.summary,
                t.start,
                t.finish,
                t.duration_minutes,
                t.critical,
            )
            for t in result.tasks
        ],
    )


def baseline_snapshot(plan: Plan, number: int, label: str | None = None) -> Snapshot:
    """Baseline ``number`` of ``plan`` as a snapshot (tasks without saved dates left out)."""
    saved = baseline(plan, number)
    parents = {t.parent for t in plan.tasks}
    tasks = []
    for task in plan.tasks:
        entry = saved.get(task.id)
        if entry is None or entry.start is None or entry.finish is None:
            continue
        tasks.append(
            SnapshotTask(
                task.id,
                task.uid,
                task.name,
                task.id in parents,
                entry.start,
                entry.finish,
                entry.duration.minutes(plan.settings),
                None,
            )
        )
    return Snapshot(label or baseline_name(number), tasks)


class TaskChange(NamedTuple):
    """One task added, removed or moved. For an added task the ``old_`` fields are None,
    for a removed one the ``new_`` fields; slips are working minutes (positive: later)."""

    change: str  # ADDED, REMOVED or MOVED
    id: int  # the ID in the newer snapshot (in the older one for a removed task)
    name: str
    summary: bool
    old_start: datetime | None
    new_start: datetime | None
    old_finish: datetime | None
    new_finish: datetime | None
    start_slip_minutes: int | None
    finish_slip_minutes: int | None
    duration_change_minutes: int | None
    critical_then: bool | None
    critical_now: bool | None


@dataclass(frozen=True)
class PlanDiff:
    old_label: str
    new_label: str
    minutes_per_day: int
    old_finish: datetime | None  # the latest finish on each side
    new_finish: datetime | None
    finish_slip_minutes: int | None
    changes: list[TaskChange]  # added, then removed, then moved; each by ID
    critical_joined: list[int]  # IDs (newer) critical now, not then (tasks on both sides)
    critical_left: list[int]  # IDs (newer) critical then, not now

    @property
    def same(self) -> bool:
        return not self.changes

    def of(self, change: str) -> list[TaskChange]:
        return [c for c in self.changes if c.change == change]


def diff_snapshots(old: Snapshot, new: Snapshot, axis: WorkTime, minutes_per_day: int) -> PlanDiff:
    """Compare two snapshots; ``axis`` (the newer plan's project calendar) measures slips."""
    by_uid = all(t.uid is not None for t in (*old.tasks, *new.tasks))

    def key(t: SnapshotTask) -> int:
        return t.uid if by_uid and t.uid is not None else t.id

    before = {key(t): t for t in old.tasks}
    after = {key(t): t for t in new.tasks}

    def slip(a: datetime, b: datetime) -> int:
        return axis.working_minutes(to_minutes(a), to_minutes(b))

    added, removed, moved = [], [], []
    joined, left = [], []
    for k, t in after.items():
        was = before.get(k)
        if was is None:
            added.append(
                TaskChange(
                    ADDED,
                    t.id,
                    t.name,
                    t.summary,
                    None,
                    t.start,
                    None,
                    t.finish,
                    None,
                    None,
                    None,
                    None,
                    t.critical,
                )
            )
            continue
        if not t.summary and was.critical is not None and t.critical is not None:
            if t.critical and not was.critical:
                joined.append(t.id)
            elif was.critical and not t.critical:
                left.append(t.id)
        if (was.start, was.finish) != (t.start, t.finish):
            moved.append(
                TaskChange(
                    MOVED,
                    t.id,
                    t.name,
                    t.summary,
                    was.start,
                    t.start,
                    was.finish,
                    t.finish,
                    slip(was.start, t.start),
                    slip(was.finish, t.finish),
                    t.duration_minutes - was.duration_minutes,
                    was.critical,
                    t.critical,
                )
            )
    for k, was in before.items():
        if k not in after:
            removed.append(
                TaskChange(
                    REMOVED,
                    was.id,
                    was.name,
                    was.summary,
                    was.start,
                    None,
                    was.finish,
                    None,
                    None,
                    None,
                    None,
                    was.critical,
                    None,
                )
            )
    old_finish = max((t.finish for t in old.tasks), default=None)
    new_finish = max((t.finish for t in new.tasks), default=None)
    finish_slip = (
        slip(old_finish, new_finish) if old_finish is not None and new_finish is not None else None
    )
    changes = [
        *sorted(added, key=lambda c: c.id),
        *sorted(removed, key=lambda c: c.id),
        *sorted(moved, key=lambda c: c.id),
    ]
    return PlanDiff(
        old.label,
        new.label,
        minutes_per_day,
        old_finish,
        new_finish,
        finish_slip,
        changes,
        sorted(joined),
        sorted(left),
    )


def diff_schedules(old: Schedule, new: Schedule, plan: Plan, labels: tuple[str, str]) -> PlanDiff:
    """Two schedules compared, slips measured on ``plan``'s (the newer plan's) calendar."""
    return diff_snapshots(
        schedule_snapshot(old, labels[0]),
        schedule_snapshot(new, labels[1]),
        WorkTime(plan.calendars[plan.calendar]),
        plan.settings.minutes_per_day,
    )


# -- text ------------------------------------------------------------------------------------
def format_days(minutes: int, minutes_per_day: int, *, signed: bool = True) -> str:
    """Working minutes as days to two decimals: ``+2 d``, ``-0.5 d``, ``0 d``."""
    days = (Decimal(minutes) / minutes_per_day).quantize(Decimal("0.01"))
    text = format(days.normalize(), "f") if days else "0"
    if signed and days > 0:
        text = "+" + text
    return f"{text} d"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _yes(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def format_diff(diff: PlanDiff) -> str:
    """The diff as plain text, one line per change, the same for the same inputs."""
    mpd = diff.minutes_per_day
    lines = [f"--- {diff.old_label}", f"+++ {diff.new_label}"]
    if diff.finish_slip_minutes is not None:
        lines.append(
            f"project finish: {_when(diff.old_finish)} -> {_when(diff.new_finish)} "
            f"({format_days(diff.finish_slip_minutes, mpd)})"
        )
    if diff.same:
        lines.append("no tasks added, removed or moved")
        return "\n".join(lines) + "\n"
    for title, kind in (("added", ADDED), ("removed", REMOVED), ("moved", MOVED)):
        group = diff.of(kind)
        if not group:
            continue
        lines.append(f"{title} ({len(group)}):")
        for c in group:
            if kind == ADDED:
                lines.append(
                    f"  + {c.id} {c.name}: {_when(c.new_start)} to {_when(c.new_finish)}"
                    f"{', critical' if c.critical_now else ''}"
                )
            elif kind == REMOVED:
                lines.append(
                    f"  - {c.id} {c.name}: was {_when(c.old_start)} to {_when(c.old_finish)}"
                    f"{', critical' if c.critical_then else ''}"
                )
            else:
                assert c.start_slip_minutes is not None and c.finish_slip_minutes is not None
                parts = [
                    f"start {format_days(c.start_slip_minutes, mpd)} "
                    f"({_when(c.old_start)} -> {_when(c.new_start)})",
                    f"finish {format_days(c.finish_slip_minutes, mpd)} "
                    f"({_when(c.old_finish)} -> {_when(c.new_finish)})",
                ]
                if c.duration_change_minutes:
                    parts.append(f"duration {format_days(c.duration_change_minutes, mpd)}")
                parts.append(f"critical {_yes(c.critical_then)} -> {_yes(c.critical_now)}")
                lines.append(f"  ~ {c.id} {c.name}: " + "; ".join(parts))
    if diff.critical_joined or diff.critical_left:
        joined = ", ".join(str(i) for i in diff.critical_joined) or "none"
        left = ", ".join(str(i) for i in diff.critical_left) or "none"
        lines.append(f"critical path: joined {joined}; left {left}")
    return "\n".join(lines) + "\n"


__all__ = [
    "ADDED",
    "MOVED",
    "REMOVED",
    "PlanDiff",
    "Snapshot",
    "SnapshotTask",
    "TaskChange",
    "baseline_snapshot",
    "diff_schedules",
    "diff_snapshots",
    "format_days",
    "format_diff",
    "schedule_snapshot",
]
