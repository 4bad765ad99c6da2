"""Seeded random plans for the benchmarks.

``random_plan(n, seed)`` builds a plan that looks like a large real one: a Standard calendar
with UK bank holidays, mostly whole-day durations, about 1.5 links per task to nearby
earlier tasks, every link type, lags of every kind, a few constraints near where the task
would fall anyway, milestones and nested summary tasks. The same ``(n, seed)`` always gives
the same plan.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from projectboard.engine import (
    Calendar,
    Constraint,
    Duration,
    Link,
    PercentLag,
    Plan,
    Task,
)
from projectboard.engine.calendar import standard_calendar
from projectboard.engine.durations import ZERO, Lag
from projectboard.planfile import dump_plan

PROJECT_START = datetime(2026, 1, 5, 8, 0)  # a Monday
HOURS_PER_DAY = 8

_VERBS = ("Design", "Build", "Test", "Review", "Procure", "Migrate", "Train", "Deploy", "Agree")
_NOUNS = ("network", "portal", "data store", "service desk", "contract", "pilot", "policy")

# (link type, weight): mostly finish-to-start, as in real plans.
_LINK_TYPES = (("FS", 75), ("SS", 12), ("FF", 9), ("SF", 4))
# Number of predecessors and its weight: averages 1.5.
_PRED_COUNT_VALUES = (0, 1, 2, 3, 4)
_PRED_COUNT_WEIGHTS = (15, 40, 30, 10, 5)
_CONSTRAINTS = ("SNET", "FNET", "SNLT", "FNLT", "MSO", "MFO", "ALAP")
_FINISH_CONSTRAINTS = frozenset({"FNET", "FNLT", "MFO"})

SUMMARY_SHARE = 0.125  # chance a task opens a summary (some never get the room to)
SUMMARY_MAX_CHILDREN = 14
MAX_DEPTH = 3  # workstream, phase, sub-phase
STREAM_MIN, STREAM_MAX = 200, 1200  # tasks per workstream
HANDOVER_SLACK_DAYS = 10.0
CONSTRAINT_SHARE = 0.05
MILESTONE_SHARE = 0.04
NEARBY = 50  # most links point at most this many IDs back
NEARBY_SHARE = 0.92


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _duration(rng: random.Random) -> Duration:
    """0-20 days: mostly whole days, some fractional days, a few hours and elapsed days."""
    roll = rng.random()
    if roll < 0.62:
        return Duration(Decimal(rng.randint(1, 20)), "d")
    if roll < 0.82:
        return Duration(Decimal(rng.randint(1, 199)) / 10, "d")  # 0.1d-19.9d
    if roll < 0.92:
        return Duration(Decimal(rng.randint(1, 40)), "h")
    if roll < 0.97:
        return Duration(Decimal(rng.randint(1, 20)), "d", True)  # elapsed days
    return Duration(Decimal(rng.randint(2, 48)), "h", True)  # elapsed hours


def _working_days(d: Duration) -> float:
    """A rough size in working days, to guess where a task falls."""
    value = float(d.value)
    if d.elapsed:
        return value * 5 / 7 if d.unit == "d" else value / 24 * 5 / 7
    return {"m": value / 480, "h": value / HOURS_PER_DAY, "d": value, "w": value * 5}.get(
        d.unit, value * 20
    )


def _lag(rng: random.Random) -> Lag:
    """Mostly none; some positive or negative days, percent or elapsed."""
    roll = rng.random()
    if roll < 0.70:
        return ZERO
    if roll < 0.85:
        return Duration(Decimal(rng.randint(1, 20)) / 2, "d")  # 0.5d-10d
    if roll < 0.91:
        return Duration(Decimal(-rng.randint(1, 5)), "d")
    if roll < 0.96:
        return PercentLag(Decimal(rng.choice((-50, -25, 25, 50, 75, 100, 150))))
    return Duration(Decimal(rng.randint(1, 7)), "d", True)


def _lag_days(lag: Lag, pred_days: float) -> float:
    if isinstance(lag, PercentLag):
        return float(lag.percent) / 100 * pred_days
    return _working_days(lag)


def _workday_date(workday: float, minute_of_day: int) -> datetime:
    """The calendar date ``workday`` working days after the project start (weekends only)."""
    weeks, rest = divmod(max(0, int(workday)), 5)
    day: date = PROJECT_START.date() + timedelta(days=7 * weeks + rest)
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute_of_day)


def _calendar() -> Calendar:
    """Standard hours, England and Wales bank holidays and a few office exceptions."""
    closed: tuple[tuple[int, int], ...] = ()
    half_day = ((8 * 60, 12 * 60),)
    exceptions = {
        date(2026, 12, 24): half_day,
        date(2026, 12, 29): closed,
        date(2026, 12, 30): closed,
        date(2026, 12, 31): closed,
        date(2027, 4, 14): closed,  # office move
        date(2027, 12, 24): half_day,
        date(2028, 6, 30): ((8 * 60, 12 * 60), (13 * 60, 15 * 60)),  # staff day
    }
    return Calendar(
        "Standard",
        week=dict(standard_calendar().week),
        exceptions=exceptions,
        bank_holidays="england-and-wales",
    )


def random_plan(n_tasks: int, seed: int, *, summaries: bool = True) -> Plan:
    """A seeded random plan of ``n_tasks`` tasks, IDs 1..n, links only to earlier IDs.

    The plan is a programme of workstreams (top-level summaries of 200 to 1,200 tasks, with
    phases and sub-phases under them). Most links point at most ``NEARBY`` IDs back within
    the workstream; the rest are hand-overs from anywhere earlier that finish about when
    this task could start, so the programme lasts years, not centuries, whatever its size.
    With ``summaries=False`` there are no summary tasks (and no workstreams) at all.
    """
    rng = random.Random(seed)
    tasks: list[Task] = []
    # Rough early dates in working days after the project start, to choose hand-overs and
    # place constraints near where the engine will put the task anyway.
    est_start = [0.0] * (n_tasks + 1)
    est_finish = [0.0] * (n_tasks + 1)
    link_floor = [0.0] * (n_tasks + 1)  # a summary's own links bind its subtasks
    open_summaries: list[tuple[int, int]] = []  # (ID, last ID under it), outermost first
    stream_first, stream_last, stream_count = 1, 0, 0

    def link_start(link: Link, days: float) -> float:
        p = link.predecessor
        lag = _lag_days(link.lag, est_finish[p] - est_start[p])  # a summary's span too
        if link.type == "FS":
            return est_finish[p] + lag
        if link.type == "SS":
            return est_start[p] + lag
        if link.type == "FF":
            return est_finish[p] + lag - days
        return est_start[p] + lag - days

    for tid in range(1, n_tasks + 1):
        while open_summaries and open_summaries[-1][1] < tid:
            open_summaries.pop()
        new_stream = tid > stream_last
        if new_stream:
            stream_count += 1
            stream_first = tid + 1 if summaries else tid
            stream_last = min(n_tasks, tid + rng.randint(STREAM_MIN, STREAM_MAX))
        ancestors = {s for s, _ in open_summaries}
        parent = open_summaries[-1][0] if open_summaries else None
        room = (open_summaries[-1][1] if open_summaries else n_tasks) - tid

        if new_stream:
            summary = summaries and stream_last > tid
        else:
            depth_ok = len(open_summaries) < MAX_DEPTH and room >= 2
            summary = summaries and depth_ok and rng.random() < SUMMARY_SHARE
        duration = ZERO if summary or rng.random() < MILESTONE_SHARE else _duration(rng)
        days = _working_days(duration)

        # Links to earlier IDs, never to a summary this task sits under.
        links: list[Link] = []
        start = max((link_floor[s] for s in ancestors), default=0.0)
        wanted = 0 if summary and new_stream else _weighted_count(rng)
        seen: set[int] = set()
        for _ in range(wanted * 3):
            if len(links) >= wanted:
                break
            if rng.random() < NEARBY_SHARE:
                low = max(stream_first, tid - NEARBY)
                if low > tid - 1:
                    continue
                pred = rng.randint(low, tid - 1)
            else:
                if tid == 1:
                    continue
                pred = rng.randint(1, tid - 1)
                # A hand-over from elsewhere in the programme, due about now.
                if est_finish[pred] > start + HANDOVER_SLACK_DAYS:
                    continue
            if pred in seen or pred in ancestors:
                continue
            seen.add(pred)
            link = Link(pred, _weighted(rng, _LINK_TYPES), _lag(rng))
            links.append(link)
            start = max(start, link_start(link, days))

        constraint: Constraint | None = None
        milestone: bool | None = None
        if summary:
            link_floor[tid] = start
            est_start[tid], est_finish[tid] = float("inf"), 0.0
            if new_stream:
                last = stream_last
                name = f"Workstream {stream_count}"
            else:
                last = tid + rng.randint(2, min(room, SUMMARY_MAX_CHILDREN))
                name = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)} (phase {tid})"
            open_summaries.append((tid, last))
        else:
            if rng.random() < CONSTRAINT_SHARE:
                constraint = _constraint(rng, start, days)
                if constraint.date is not None:
                    start = _constrained_start(constraint, start, days)
            est_start[tid], est_finish[tid] = start, start + days
            for s in ancestors:
                est_start[s] = min(est_start[s], start)
                est_finish[s] = max(est_finish[s], start + days)
            if duration == ZERO:
                milestone = True if rng.random() < 0.5 else None
                name = f"{rng.choice(_NOUNS).capitalize()} signed off ({tid})"
            else:
                name = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)} {tid}"

        tasks.append(
            Task(
                id=tid,
                name=name,
                duration=duration,
                predecessors=links,
                constraint=constraint,
                milestone=milestone,
                parent=parent,
            )
        )

    calendar = _calendar()
    return Plan(
        name=f"Benchmark plan ({n_tasks} tasks, seed {seed})",
        start=PROJECT_START,
        calendar=calendar.name,
        calendars={calendar.name: calendar},
        tasks=tasks,
    )


def _weighted_count(rng: random.Random) -> int:
    return rng.choices(_PRED_COUNT_VALUES, weights=_PRED_COUNT_WEIGHTS)[0]


def _constraint(rng: random.Random, start: float, days: float) -> Constraint:
    """A constraint dated a little before or after where the task would fall."""
    ctype = rng.choice(_CONSTRAINTS)
    if ctype == "ALAP":
        return Constraint("ALAP")
    finish_type = ctype in _FINISH_CONSTRAINTS
    near = start + (days if finish_type else 0) + rng.uniform(-5, 10)
    return Constraint(ctype, _workday_date(near, 17 * 60 if finish_type else 8 * 60))


def _constrained_start(constraint: Constraint, start: float, days: float) -> float:
    assert constraint.date is not None
    weeks, rest = divmod((constraint.date.date() - PROJECT_START.date()).days, 7)
    at = weeks * 5 + min(rest, 5) - (days if constraint.type in _FINISH_CONSTRAINTS else 0)
    if constraint.type in ("MSO", "MFO"):
        return max(0.0, at)
    if constraint.type in ("SNET", "FNET"):
        return max(start, at)
    return min(start, max(0.0, at))


def plan_yaml(plan: Plan) -> str:
    """The plan as a YAML plan file."""
    return dump_plan(plan)
