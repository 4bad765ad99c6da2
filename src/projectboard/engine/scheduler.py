"""The critical path scheduler, reproducing Microsoft Project's dates.

``schedule(plan)`` is a pure function. It compiles the plan into integer arrays (instants as
absolute minutes, durations as working minutes on each task's calendar), runs a forward
pass, a backward pass and, if any task is As Late As Possible, a second forward pass, then
rolls summaries up and computes float. Each pass visits every task and link once, in a
topological order, so the work is linear in the size of the plan.

MS Project's rules followed here (with "tasks honour their constraint dates" on, its
default): a start falling at the end of working time moves to the next working start,
except for a milestone, which may sit at the end of a working period; a finish at the start
of a working period moves back to the end of the previous one; lags are measured on the
successor's calendar; FF links cannot pull a task before the project start; MSO and MFO
fix both early and late dates; deadlines and FNLT/SNLT cap late dates; links to a summary
apply to every task under it; total float is the smaller of start and finish float in
working time on the task's calendar; free float is never negative.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple

from projectboard.engine.calendar import WorkTime, require_working_time, to_datetime, to_minutes
from projectboard.engine.durations import Duration, PercentLag
from projectboard.engine.errors import (
    E_CYCLE,
    E_DUPLICATE_ID,
    E_MISSING_KEY,
    E_NEGATIVE_DURATION,
    E_SELF_LINK,
    E_SUMMARY_LINK,
    E_UNKNOWN_CALENDAR,
    E_UNKNOWN_PREDECESSOR,
    Location,
    PlanError,
    PlanErrors,
)
from projectboard.engine.files import collector_paused
from projectboard.engine.model import Constraint, Plan, Task

FS, SS, FF, SF = 0, 1, 2, 3
_LINK_CODES = {"FS": FS, "SS": SS, "FF": FF, "SF": SF}
# Lag kinds: working minutes on the successor's calendar, elapsed minutes, or percent.
WORKING, ELAPSED, PERCENT = 0, 1, 2


class ScheduledTask(NamedTuple):
    """One task's computed dates and float (a tuple: there are many, and they are cheap)."""

    id: int
    uid: int | None
    name: str
    summary: bool
    milestone: bool
    level: int
    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    duration_minutes: int
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    deadline: datetime | None
    deadline_missed: bool
    work_package: str | None
    parent: int | None


@dataclass(frozen=True)
class Schedule:
    start: datetime
    finish: datetime
    tasks: list[ScheduledTask]

    def by_id(self) -> dict[int, ScheduledTask]:
        return {t.id: t for t in self.tasks}

    def critical_path(self) -> list[ScheduledTask]:
        return [t for t in self.tasks if t.critical and not t.summary]


def _located(task: Task, source: str | None = None) -> Location:
    return Location(source, task.line)


class _Compiled:
    """The plan as parallel arrays indexed by task position."""

    def __init__(self, plan: Plan) -> None:
        tasks = plan.tasks
        n = len(tasks)
        self.plan = plan
        self.tasks = tasks
        self.n = n
        # Problems with single tasks are all collected, then raised together, so that
        # ``validate`` (and ``projectboard check``) can list every one of them.
        self.problems: list[PlanError] = []
        index: dict[int, int] = {}
        for i, task in enumerate(tasks):
            if task.id in index:
                self._problem(
                    task,
                    E_DUPLICATE_ID,
                    f"ID {task.id} is used by {tasks[index[task.id]].name!r} too",
                    task.id,
                )
                continue
            index[task.id] = i
        self.index = index

        children: list[list[int]] = [[] for _ in range(n)]
        parent: list[int] = [-1] * n
        for i, task in enumerate(tasks):
            if task.parent is not None:
                p = index.get(task.parent)
                if p is None:
                    self._problem(
                        task,
                        E_UNKNOWN_PREDECESSOR,
                        f"parent task {task.parent} does not exist",
                        task.parent,
                    )
                    continue
                parent[i] = p
                children[p].append(i)
        self.children = children
        self.parent = parent
        self.summary = [bool(c) for c in children]
        depth = [0] * n
        for i in range(n):
            d, j = 0, parent[i]
            while j != -1:
                d, j = d + 1, parent[j]
            depth[i] = d
        self.depth = depth
        self.summaries_bottom_up = sorted(
            (i for i in range(n) if self.summary[i]), key=lambda i: -depth[i]
        )

        settings = plan.settings
        self.axes: dict[str, WorkTime] = {}
        project_axis = self._axis(plan.calendar, None)
        self.project_axis = project_axis
        self.axis: list[WorkTime] = []
        self.dur: list[int] = []
        self.elapsed: list[bool] = []
        self.milestone: list[bool] = []
        minutes_of: dict[Duration, int] = {}  # plans repeat durations; Decimal maths is slow
        for i, task in enumerate(tasks):
            if task.calendar is None or self.summary[i]:
                self.axis.append(project_axis)
            else:
                try:
                    self.axis.append(self._axis(task.calendar, task))
                except PlanError as exc:
                    self.problems.append(exc)
                    self.axis.append(project_axis)
            minutes = minutes_of.get(task.duration, -1)
            if minutes == -1:
                minutes = minutes_of[task.duration] = task.duration.minutes(settings)
            if minutes < 0:
                self._problem(
                    task,
                    E_NEGATIVE_DURATION,
                    f"duration {task.duration} is negative",
                    str(task.duration),
                )
                minutes = 0
            self.dur.append(0 if self.summary[i] else minutes)
            self.elapsed.append(task.duration.elapsed)
            flagged = task.milestone
            self.milestone.append(
                not self.summary[i] and (flagged if flagged is not None else minutes == 0)
            )

        # Links: preds[i] lists (pred, type, lag kind, lag value) for leaf i, after links
        # to a summary have been handed down to every leaf under it.
        own_links: list[list[tuple[int, int, int, int]]] = [[] for _ in range(n)]
        summary = self.summary
        lags: dict[Duration | PercentLag, tuple[int, int]] = {}
        for i, task in enumerate(tasks):
            links = own_links[i]
            for link in task.predecessors:
                p = index.get(link.predecessor)
                if p is None:
                    self._problem(
                        task,
                        E_UNKNOWN_PREDECESSOR,
                        f"predecessor '{link.predecessor}' does not exist",
                        link.predecessor,
                    )
                    continue
                if p == i:
                    self._problem(
                        task, E_SELF_LINK, "a task cannot be its own predecessor", link.predecessor
                    )
                    continue
                if (summary[p] and self._is_ancestor(p, i)) or (
                    summary[i] and self._is_ancestor(i, p)
                ):
                    self._problem(
                        task,
                        E_SUMMARY_LINK,
                        f"cannot link to {link.predecessor}: a summary task cannot be linked "
                        "to its own subtasks",
                        link.predecessor,
                    )
                    continue
                lag = lags.get(link.lag)
                if lag is None:
                    lag = lags[link.lag] = self._lag(link.lag)
                links.append((p, _LINK_CODES[link.type], lag[0], lag[1]))
        # A leaf's own links are its predecessor list; links on a summary are handed down.
        self.preds = [[] if summary[i] else own_links[i] for i in range(n)]
        for i in self.summaries_bottom_up:
            if own_links[i]:
                for leaf in self._leaves(i):
                    self.preds[leaf].extend(own_links[i])

        self.constraint: list[str] = []
        self.constraint_at: list[int] = []
        default = "ALAP" if plan.schedule_from == "finish" else "ASAP"
        self.default_alap = plan.schedule_from == "finish"
        for task in tasks:
            c = task.constraint
            self.constraint.append(c.type if c else default)
            self.constraint_at.append(to_minutes(c.date) if c and c.date else 0)
        if self.problems:
            problems = self.problems
            raise problems[0] if len(problems) == 1 else PlanErrors(problems)

    def _problem(self, task: Task, code: str, message: str, value: object) -> None:
        self.problems.append(
            PlanError(
                code,
                message,
                location=_located(task, self.plan.source),
                task=str(task.id),
                value=value,
            )
        )

    def _axis(self, name: str | None, task: Task | None) -> WorkTime:
        key = name or self.plan.calendar
        axis = self.axes.get(key)
        if axis is None:
            calendar = self.plan.calendars.get(key)
            if calendar is None:
                raise PlanError(
                    E_UNKNOWN_CALENDAR,
                    f"calendar {key!r} is not defined",
                    location=_located(task, self.plan.source) if task else None,
                    task=str(task.id) if task else None,
                    value=key,
                )
            try:
                require_working_time(calendar)
            except PlanError as exc:
                where = _located(task, self.plan.source) if task else Location(self.plan.source)
                raise exc.located(where) from None
            axis = self.axes[key] = WorkTime(calendar)
        return axis

    def _lag(self, lag: Duration | PercentLag) -> tuple[int, int]:
        if isinstance(lag, PercentLag):
            return PERCENT, int(lag.percent * 1000)  # thousandths of a percent
        return (ELAPSED if lag.elapsed else WORKING), lag.minutes(self.plan.settings)

    def _is_ancestor(self, a: int, b: int) -> bool:
        p = self.parent[b]
        while p != -1:
            if p == a:
                return True
            p = self.parent[p]
        return False

    def _leaves(self, i: int) -> list[int]:
        if not self.children[i]:
            return [i]
        out: list[int] = []
        stack = [i]
        while stack:
            j = stack.pop()
            if self.children[j]:
                stack.extend(reversed(self.children[j]))
            else:
                out.append(j)
        return out

    def topological_order(self) -> list[int]:
        """Leaves after their predecessors, summaries after their children (Kahn)."""
        n = self.n
        succs: list[list[int]] = [[] for _ in range(n)]
        indegree = [0] * n
        for i in range(n):
            for p, *_ in self.preds[i]:
                succs[p].append(i)
                indegree[i] += 1
            if self.parent[i] != -1:
                succs[i].append(self.parent[i])
                indegree[self.parent[i]] += 1
        queue = deque(i for i in range(n) if indegree[i] == 0)
        order: list[int] = []
        while queue:
            i = queue.popleft()
            order.append(i)
            for j in succs[i]:
                indegree[j] -= 1
                if indegree[j] == 0:
                    queue.append(j)
        if len(order) < n:
            raise self._cycle_error(indegree)
        return order

    def _cycle_error(self, indegree: list[int]) -> PlanError:
        remaining = {i for i in range(self.n) if indegree[i] > 0}
        # Walk backwards along remaining predecessors until a task repeats.
        start = min(remaining, key=lambda i: self.tasks[i].id)
        seen: dict[int, int] = {}
        path: list[int] = []
        i = start
        while i not in seen:
            seen[i] = len(path)
            path.append(i)
            back = [p for p, *_ in self.preds[i] if p in remaining]
            back += [c for c in self.children[i] if c in remaining]
            i = min(back, key=lambda j: self.tasks[j].id)
        cycle = list(reversed(path[seen[i] :]))
        first_at = cycle.index(min(cycle, key=lambda j: self.tasks[j].id))
        cycle = cycle[first_at:] + cycle[:first_at]  # start at the lowest ID: a stable message
        ids = [str(self.tasks[j].id) for j in cycle]
        first = self.tasks[cycle[0]]
        return PlanError(
            E_CYCLE,
            f"dependency cycle: {' -> '.join([*ids, ids[0]])}",
            location=_located(first, self.plan.source),
            value=[self.tasks[j].id for j in cycle],
        )


class _Passes:
    """Forward and backward passes over a compiled plan."""

    def __init__(self, c: _Compiled, order: list[int]) -> None:
        self.c = c
        self.order = order
        n = c.n
        self.es = [0] * n
        self.ef = [0] * n
        self.ls = [0] * n
        self.lf = [0] * n
        # The same four dates as working-minute indexes on the task's own calendar, kept
        # as the passes go so that float needs no conversion afterwards.
        self.esw = [0] * n
        self.efw = [0] * n
        self.lsw = [0] * n
        self.lfw = [0] * n
        self.project_start = 0
        self.project_finish = 0
        self.use_late = [False] * n  # ALAP tasks whose late dates drive successors

    # -- date helpers on task i's calendar ------------------------------------------------------
    def from_start(self, i: int, t: int) -> int:
        d = self.c.dur[i]
        if d == 0:
            return t
        if self.c.elapsed[i]:
            return t + d
        axis = self.c.axis[i]
        return axis.end_of(axis.index_at(t) + d)

    def from_finish(self, i: int, t: int) -> int:
        d = self.c.dur[i]
        if d == 0:
            return t
        if self.c.elapsed[i]:
            return t - d
        axis = self.c.axis[i]
        return axis.start_of(axis.index_at(t) - d)

    def finish_at(self, i: int, t: int) -> int:
        """A typed finish date as a finish: at a period's start (or in non-working time) it
        moves back to the end of the previous working period; milestones and elapsed tasks
        keep it."""
        if self.c.dur[i] == 0 or self.c.elapsed[i]:
            return t
        return self.c.axis[i].previous_work_finish(t)

    def next_start(self, i: int, t: int) -> int:
        axis = self.c.axis[i]
        w = axis.index_at(t)
        if self.c.milestone[i] and axis.end_of(w) == t:
            return t  # a milestone may sit at the end of a working period
        return axis.start_of(w)

    def lag_minutes(self, p: int, kind: int, value: int) -> int:
        if kind == PERCENT:
            base = self.c.dur[p]
            if self.c.summary[p]:
                axis = self.c.project_axis
                base = axis.index_at(self.ef[p]) - axis.index_at(self.es[p])
            return round(base * value / 100_000)
        return value

    def lagged_finish(self, s: int, p: int, t: int, kind: int, value: int) -> int:
        """The earliest finish a FF/SF link allows: a lead that lands at the start of a
        working period means the end of the previous one (it matters to elapsed tasks)."""
        t = self.add_lag(s, p, t, kind, value, 1)
        if kind != ELAPSED and value and self.c.elapsed[s]:
            t = self.c.axis[s].previous_work_finish(t)
        return t

    def add_lag(self, s: int, p: int, t: int, kind: int, value: int, sign: int) -> int:
        if value == 0:
            return t
        if kind == ELAPSED:
            return t + sign * value
        return self.c.axis[s].add(t, sign * self.lag_minutes(p, kind, value))

    # -- forward pass ----------------------------------------------------------------------------
    def forward(self) -> None:
        forward_task = self.forward_task
        for i in self.order:
            forward_task(i)

    def forward_after_alap(self) -> None:
        """The second forward pass, once ALAP tasks hold their late dates: successors follow
        those. Only tasks downstream of a change are recomputed (on large plans most are not)."""
        c = self.c
        es, ef, use_late = self.es, self.ef, self.use_late
        changed = [False] * c.n
        for i in self.order:
            if c.summary[i]:
                stale = any(changed[k] or use_late[k] for k in c.children[i])
            else:
                stale = any(changed[p] or use_late[p] for p, _, _, _ in c.preds[i])
            if stale:
                before = es[i], ef[i]
                self.forward_task(i)
                changed[i] = (es[i], ef[i]) != before

    def forward_task(self, i: int) -> None:
        c = self.c
        es, ef, ls, lf = self.es, self.ef, self.ls, self.lf
        use_late = self.use_late
        axis = c.axis[i]
        if c.summary[i]:
            kids = c.children[i]
            es[i] = min(ls[k] if use_late[k] else es[k] for k in kids)
            ef[i] = max(lf[k] if use_late[k] else ef[k] for k in kids)
            self.esw[i], self.efw[i] = axis.index_at(es[i]), axis.index_at(ef[i])
            return
        task = c.tasks[i]
        if task.manual or task.actual_start is not None:
            if task.manual:
                start = to_minutes(task.start) if task.start else self.project_start
                given = task.finish
            else:
                start = to_minutes(task.actual_start)  # type: ignore[arg-type]
                given = task.actual_finish
            es[i] = start
            ef[i] = to_minutes(given) if given is not None else self.from_start(i, start)
            self.esw[i], self.efw[i] = axis.index_at(es[i]), axis.index_at(ef[i])
            return
        ctype = c.constraint[i]
        cdate = c.constraint_at[i]
        finish: int | None = None
        preds = c.preds[i]
        if preds:
            start = -(1 << 62)
            for p, typ, kind, value in preds:
                if typ == FS:
                    t = lf[p] if use_late[p] else ef[p]
                    if value:
                        t = self.add_lag(i, p, t, kind, value, 1)
                elif typ == SS:
                    t = ls[p] if use_late[p] else es[p]
                    if value:
                        t = self.add_lag(i, p, t, kind, value, 1)
                elif typ == FF:
                    t = self.lagged_finish(i, p, lf[p] if use_late[p] else ef[p], kind, value)
                    t = max(self.from_finish(i, t), self.project_start)
                else:  # SF
                    t = self.lagged_finish(i, p, ls[p] if use_late[p] else es[p], kind, value)
                    t = self.from_finish(i, t)
                if t > start:
                    start = t
        elif ctype == "SNET":
            start = cdate
        elif ctype == "FNET":
            finish = self.finish_at(i, cdate)
            start = self.from_finish(i, cdate)
        else:
            start = self.project_start
        # Move to the next working start; a milestone may stay at the end of a period.
        w = axis.index_at(start)
        if not (c.milestone[i] and axis.end_of(w) == start):
            start = axis.start_of(w)
        if ctype != "ASAP" and ctype != "ALAP":
            start, finish = self._constrain_start(i, ctype, cdate, start, finish)
            w = axis.index_at(start)
        es[i] = start
        self.esw[i] = w
        d = c.dur[i]
        if finish is not None:
            ef[i] = finish
            self.efw[i] = axis.index_at(finish)
        elif d == 0:
            ef[i] = start
            self.efw[i] = w
        elif c.elapsed[i]:
            ef[i] = start + d
            self.efw[i] = axis.index_at(start + d)
        else:
            ef[i] = axis.end_of(w + d)
            self.efw[i] = w + d

    def _constrain_start(
        self, i: int, ctype: str, cdate: int, start: int, finish: int | None
    ) -> tuple[int, int | None]:
        """Apply a dated constraint to an early start, as "honour constraint dates" does."""
        if ctype == "SNET":
            start = max(start, cdate)
        elif ctype == "FNET":
            start = max(start, self.from_finish(i, cdate))
        elif ctype == "SNLT":
            start = min(start, cdate)
        elif ctype == "FNLT":
            start = min(start, self.from_finish(i, cdate))
        elif ctype == "MSO":
            start = cdate
        elif ctype == "MFO":
            return self.from_finish(i, cdate), self.finish_at(i, cdate)
        return self.next_start(i, start), finish

    # -- backward pass ---------------------------------------------------------------------------
    def backward(self, succs: list[list[tuple[int, int, int, int]]]) -> None:
        c = self.c
        es, ls, lf = self.es, self.ls, self.lf
        tasks = c.tasks
        finish_cap = self.project_finish
        for i in reversed(self.order):
            if c.summary[i]:
                continue  # rolled up below, once all its subtasks have late dates
            task = tasks[i]
            axis = c.axis[i]
            if task.actual_finish is not None:
                lf[i] = to_minutes(task.actual_finish)
                ls[i] = to_minutes(task.actual_start) if task.actual_start else es[i]
                self.lsw[i], self.lfw[i] = axis.index_at(ls[i]), axis.index_at(lf[i])
                continue
            links = succs[i]
            if not links:
                late = finish_cap
            else:
                late = 1 << 62
                for s, typ, kind, value in links:
                    if typ == FS:
                        t = ls[s]
                        if value:
                            t = self.add_lag(s, i, t, kind, value, -1)
                    elif typ == SS:
                        start = self.add_lag(
                            s, i, c.axis[i].next_work_start(ls[s]), kind, value, -1
                        )
                        t = self.from_start(i, start)
                    elif typ == FF:
                        t = self.add_lag(s, i, lf[s], kind, value, -1)
                    else:  # SF
                        t = self.from_start(i, self.add_lag(s, i, lf[s], kind, value, -1))
                    if t > finish_cap:
                        t = finish_cap
                    if t < late:
                        late = t
            ctype = c.constraint[i]
            cdate = c.constraint_at[i]
            if ctype == "MSO":
                late = self.from_start(i, cdate)
            elif ctype == "MFO":
                late = cdate
            elif ctype == "SNLT":
                late = min(late, self.from_start(i, cdate))
            elif ctype == "FNLT":
                late = min(late, cdate)
            if task.deadline is not None:
                late = min(late, to_minutes(task.deadline))
            lw = axis.index_at(late)
            if not c.elapsed[i] and not (c.milestone[i] and axis.start_of(lw) == late):
                # A finish at a period's start moves back to its end. A milestone may stay at
                # the start of a period, as going forward it may sit at the end of one.
                late = axis.end_of(lw)
            lf[i] = late
            self.lfw[i] = lw
            d = c.dur[i]
            if task.actual_start is not None:
                ls[i] = to_minutes(task.actual_start)
                self.lsw[i] = axis.index_at(ls[i])
            elif d == 0:
                ls[i] = late
                self.lsw[i] = lw
            elif c.elapsed[i]:
                ls[i] = late - d
                self.lsw[i] = axis.index_at(late - d)
            else:
                ls[i] = axis.start_of(lw - d)
                self.lsw[i] = lw - d
        project_axis = c.project_axis
        for i in c.summaries_bottom_up:
            kids = c.children[i]
            ls[i] = min(ls[k] for k in kids)
            lf[i] = max(lf[k] for k in kids)
            self.lsw[i] = project_axis.index_at(ls[i])
            self.lfw[i] = project_axis.index_at(lf[i])


def _successor_lists(c: _Compiled, p: _Passes) -> list[list[tuple[int, int, int, int]]]:
    """For each leaf, the links it must satisfy as a predecessor. A link from a summary
    binds every leaf under it (FS, FF) or the earliest-starting one (SS, SF).

    Percent lags become working minutes here, while the link still names its real
    predecessor: a percent of a summary is of the summary's span, not of the subtask the link
    is handed down to. (In a project scheduled from its finish, spans are not known yet when
    this runs, so a percent lag on a link from a summary counts as zero.)"""
    succs: list[list[tuple[int, int, int, int]]] = [[] for _ in range(c.n)]
    for s in range(c.n):
        if c.summary[s]:
            continue
        for pred, typ, kind, value in c.preds[s]:
            if kind == PERCENT:
                kind, value = WORKING, p.lag_minutes(pred, kind, value)
            if not c.summary[pred]:
                succs[pred].append((s, typ, kind, value))
            elif typ in (FS, FF):
                for leaf in c._leaves(pred):
                    succs[leaf].append((s, typ, kind, value))
            else:
                leaves = c._leaves(pred)
                first = min(leaves, key=lambda j: (p.es[j], c.tasks[j].id))
                succs[first].append((s, typ, kind, value))
    return succs


def _project_start(plan: Plan, c: _Compiled) -> int:
    start = plan.start or min((t.start for t in plan.tasks if t.start is not None), default=None)
    if start is None:
        raise PlanError(E_MISSING_KEY, "the project needs a start date")
    return c.project_axis.next_work_start(to_minutes(start))


def infer_start_constraints(plan: Plan, typed_starts: Mapping[int, date]) -> list[int]:
    """Treat a typed start as MS Project does: an auto-scheduled As Soon As Possible task
    whose typed start is later than its links allow gets Start No Earlier Than that date (at
    the default start time). Sets the constraints on ``plan``; returns the IDs changed.

    Runs one forward pass, deciding each task after its predecessors, so a constraint is
    only added where the task itself starts late, not where it merely follows one that does.
    """
    c = _Compiled(plan)
    order = c.topological_order()
    passes = _Passes(c, order)
    passes.project_start = _project_start(plan, c)
    at = time(plan.default_start_time // 60, plan.default_start_time % 60)
    changed: list[int] = []
    for i in order:
        passes.forward_task(i)
        task = c.tasks[i]
        wanted = typed_starts.get(task.id)
        if wanted is None or c.summary[i] or task.manual or c.constraint[i] != "ASAP":
            continue
        if to_datetime(passes.es[i]).date() < wanted:
            task.constraint = Constraint("SNET", datetime.combine(wanted, at))
            c.constraint[i] = "SNET"
            c.constraint_at[i] = to_minutes(task.constraint.date)  # type: ignore[arg-type]
            passes.forward_task(i)
            changed.append(task.id)
    return changed


def schedule(plan: Plan) -> Schedule:
    """Schedule ``plan`` as MS Project would, returning every task's dates and float."""
    with collector_paused():
        return _schedule(plan)


def _schedule(plan: Plan) -> Schedule:
    c = _Compiled(plan)
    order = c.topological_order()
    p = _Passes(c, order)
    leaves = [i for i in range(c.n) if not c.summary[i]]
    project_axis = c.project_axis

    if plan.schedule_from == "finish":
        if plan.finish is None:
            raise PlanError(
                E_MISSING_KEY, "a project scheduled from its finish needs a finish date"
            )
        p.project_finish = project_axis.previous_work_finish(to_minutes(plan.finish))
        # Early dates are unknown yet; order SS/SF summary links by late start instead.
        succs = _successor_lists(c, p)
        p.backward(succs)
        p.project_start = min((p.ls[i] for i in leaves), default=p.project_finish)
        p.forward()
    else:
        p.project_start = _project_start(plan, c)
        p.forward()
        p.project_finish = max((p.ef[i] for i in leaves), default=p.project_start)
        succs = _successor_lists(c, p)
        p.backward(succs)
        if any(c.constraint[i] == "ALAP" for i in leaves):
            for i in leaves:
                p.use_late[i] = c.constraint[i] == "ALAP"
            p.forward_after_alap()

    return _result(c, p, succs)


def _result(c: _Compiled, p: _Passes, succs: list[list[tuple[int, int, int, int]]]) -> Schedule:
    n = c.n
    es, ef, ls, lf = p.es, p.ef, p.ls, p.lf
    esw, efw, lsw, lfw = p.esw, p.efw, p.lsw, p.lfw
    summary = c.summary
    late_scheduled = [
        not summary[i] and c.constraint[i] == "ALAP" and not c.tasks[i].manual for i in range(n)
    ]
    start = [ls[i] if late_scheduled[i] else es[i] for i in range(n)]
    finish = [lf[i] if late_scheduled[i] else ef[i] for i in range(n)]
    startw = [lsw[i] if late_scheduled[i] else esw[i] for i in range(n)]
    finishw = [lfw[i] if late_scheduled[i] else efw[i] for i in range(n)]
    explicit_alap = not c.default_alap
    total = [
        0
        if summary[i] or (explicit_alap and c.constraint[i] == "ALAP")
        else min(lsw[i] - esw[i], lfw[i] - efw[i])
        for i in range(n)
    ]
    free = [0] * n
    for i in range(n):
        if summary[i]:
            continue
        axis = c.axis[i]
        best: int | None = None
        for s, typ, kind, value in succs[i]:
            a = finishw[i] if typ in (FS, FF) else startw[i]
            if c.axis[s] is axis:
                b = startw[s] if typ in (FS, SS) else finishw[s]
            else:
                b = axis.index_at(start[s] if typ in (FS, SS) else finish[s])
            if kind == ELAPSED and value:
                # Measure from the lagged instant: elapsed time has no working-time length.
                lagged = (finish[i] if typ in (FS, FF) else start[i]) + value
                slack = b - axis.index_at(lagged)
            else:
                slack = b - a - (p.lag_minutes(i, kind, value) if value else 0)
            if best is None or slack < best:
                best = slack
        # Free float is the part of total float a task can use alone: never more than it.
        free[i] = max(0, min(best, total[i]) if best is not None else total[i])

    # Summaries: roll up dates bottom-up; float from their own dates; critical if a child is.
    critical = [not summary[i] and total[i] <= 0 for i in range(n)]
    project_axis = c.project_axis
    for i in c.summaries_bottom_up:
        kids = c.children[i]
        start[i] = min(start[k] for k in kids)
        finish[i] = max(finish[k] for k in kids)
        critical[i] = any(critical[k] for k in kids)
        total[i] = min(lsw[i] - esw[i], lfw[i] - efw[i])
        free[i] = max(0, total[i])

    depth = c.depth
    dur = c.dur
    # Many tasks share instants: convert each distinct one to a datetime once.
    when = {t: to_datetime(t) for t in {*start, *finish, *es, *ef, *ls, *lf}}
    tasks = c.tasks
    durations = [
        project_axis.index_at(finish[i]) - project_axis.index_at(start[i]) if summary[i] else dur[i]
        for i in range(n)
    ]
    missed = [
        t.deadline is not None and finish[i] > to_minutes(t.deadline) for i, t in enumerate(tasks)
    ]
    # Column by column, then zipped into tuples: ~3x faster than one constructor call a task.
    columns = (
        [t.id for t in tasks],
        [t.uid for t in tasks],
        [t.name for t in tasks],
        summary,
        c.milestone,
        [d + 1 for d in depth],
        [when[t] for t in start],
        [when[t] for t in finish],
        [when[t] for t in es],
        [when[t] for t in ef],
        [when[t] for t in ls],
        [when[t] for t in lf],
        durations,
        total,
        free,
        critical,
        [t.deadline for t in tasks],
        missed,
        [t.work_package for t in tasks],
        [t.parent for t in tasks],
    )
    out = list(map(ScheduledTask._make, zip(*columns, strict=True)))
    leaves = [i for i in range(n) if not summary[i]]
    project_start = min((start[i] for i in leaves), default=p.project_start)
    project_finish = max((finish[i] for i in leaves), default=p.project_finish)
    return Schedule(to_datetime(project_start), to_datetime(project_finish), out)
