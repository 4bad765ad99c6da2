"""A plan compiled for scheduling: parallel arrays indexed by task position.

Validation happens here: every per-task problem (duplicate IDs, unknown predecessors and
calendars, self and summary links, negative durations) is collected before anything is
scheduled, then a dependency cycle is looked for while sorting.
"""

from __future__ import annotations

from collections import deque

from projectboard.engine.calendar import WorkTime, require_working_time, to_minutes
from projectboard.engine.durations import Duration, PercentLag
from projectboard.engine.errors import (
    E_CYCLE,
    E_DUPLICATE_ID,
    E_NEGATIVE_DURATION,
    E_SELF_LINK,
    E_SUMMARY_LINK,
    E_UNKNOWN_CALENDAR,
    E_UNKNOWN_PREDECESSOR,
    Location,
    PlanError,
    PlanErrors,
)
from projectboard.engine.model import Plan, Task

FS, SS, FF, SF = 0, 1, 2, 3
_LINK_CODES = {"FS": FS, "SS": SS, "FF": FF, "SF": SF}
# Lag kinds: working minutes on the successor's calendar, elapsed minutes, or percent.
WORKING, ELAPSED, PERCENT = 0, 1, 2


def _located(task: Task, source: str | None = None) -> Location:
    return Location(source, task.line)


class CompiledPlan:
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
        self.started: list[int] = []  # leaves with an actual start: their float differs
        for i, task in enumerate(tasks):
            if task.actual_start is not None and not task.manual and not self.summary[i]:
                self.started.append(i)
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
                for leaf in self.leaves(i):
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

    def leaves(self, i: int) -> list[int]:
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
