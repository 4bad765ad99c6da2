"""The forward and backward passes of the critical path method, on a compiled plan.

Dates are absolute minutes; each pass also keeps the working-minute index of every date on
the task's own calendar, so that float needs no conversion afterwards.
"""

from __future__ import annotations

from projectboard.engine.calendar import to_minutes
from projectboard.engine.compiled import ELAPSED, FF, FS, PERCENT, SS, WORKING, CompiledPlan
from projectboard.engine.model import done_minutes


class Passes:
    """Forward and backward passes over a compiled plan."""

    def __init__(self, c: CompiledPlan, order: list[int]) -> None:
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
            if given is not None:
                ef[i] = to_minutes(given)
            elif task.resume is not None and not task.manual:
                ef[i] = self.resumed_finish(i, start, to_minutes(task.resume))
            else:
                ef[i] = self.from_start(i, start)
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

    def resumed_finish(self, i: int, start: int, resume: int) -> int:
        """The finish of a started task whose remaining work resumes at ``resume`` (a split):
        the done part runs from ``start``, the rest from ``resume`` if that is later."""
        c = self.c
        d = c.dur[i]
        done = done_minutes(c.tasks[i], d, c.plan.settings)
        if c.elapsed[i]:
            return max(resume, start + done) + d - done
        axis = c.axis[i]
        if done == d:
            return self.from_start(i, start)
        w = max(axis.index_at(resume), axis.index_at(start) + done)
        return axis.end_of(w + d - done)

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


def successor_lists(c: CompiledPlan, p: Passes) -> list[list[tuple[int, int, int, int]]]:
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
                for leaf in c.leaves(pred):
                    succs[leaf].append((s, typ, kind, value))
            else:
                leaves = c.leaves(pred)
                first = min(leaves, key=lambda j: (p.es[j], c.tasks[j].id))
                succs[first].append((s, typ, kind, value))
    return succs
