"""Properties of the scheduler on random acyclic plans (hypothesis).

Plans have tasks 1..n on the Standard calendar, links only to earlier IDs (so no cycles), every
link type with lags and leads in working minutes, durations of 0 to 3000 working minutes, and a
few Start No Earlier Than constraints.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from projectboard.engine import schedule
from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.engine.durations import Duration, TimeSettings
from projectboard.engine.model import LINK_TYPES, Constraint, Link, Plan, Task
from projectboard.engine.scheduler import ScheduledTask
from projectboard.planfile import dump_plan, read_plan_text

PROJECT_START = datetime(2008, 3, 3, 8, 0)  # a Monday, at the Standard calendar's first minute
MAX_TASKS = 25


@st.composite
def links(draw: st.DrawFn, task_id: int) -> list[Link]:
    if task_id == 1:
        return []
    predecessors = draw(
        st.lists(st.integers(1, task_id - 1), max_size=min(3, task_id - 1), unique=True)
    )
    out = []
    for predecessor in predecessors:
        kind = draw(st.sampled_from(LINK_TYPES))
        lag = draw(st.one_of(st.just(0), st.integers(-1500, 1500)))
        out.append(Link(predecessor, kind, Duration.of_minutes(lag)))
    return out


@st.composite
def snet(draw: st.DrawFn) -> Constraint | None:
    if draw(st.integers(0, 7)) != 0:
        return None
    day = draw(st.integers(0, 21))
    minute = draw(st.integers(0, 1439))
    midnight = datetime.combine(PROJECT_START.date(), datetime.min.time())
    return Constraint("SNET", midnight + timedelta(days=day, minutes=minute))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    n = draw(st.integers(1, MAX_TASKS))
    tasks = [
        Task(
            id=i,
            name=f"Task {i}",
            duration=Duration.of_minutes(draw(st.integers(0, 3000))),
            predecessors=draw(links(i)),
            constraint=draw(snet()),
        )
        for i in range(1, n + 1)
    ]
    return Plan(name="Random plan", start=PROJECT_START, tasks=tasks)


def _lag(link: Link, time_settings: TimeSettings) -> int:
    assert isinstance(link.lag, Duration) and not link.lag.elapsed
    return link.lag.minutes(time_settings)


def _dates(task: ScheduledTask) -> tuple[object, ...]:
    return (
        task.start,
        task.finish,
        task.early_start,
        task.early_finish,
        task.late_start,
        task.late_finish,
        task.total_float_minutes,
        task.free_float_minutes,
        task.critical,
    )


@settings(max_examples=60, deadline=None)
@given(plans())
def test_every_link_is_satisfied_in_working_time(plan: Plan) -> None:
    result = schedule(plan).by_id()
    # Every task is on the project calendar, so the successor's axis is this one.
    axis = WorkTime(plan.calendars[plan.calendar])
    project_start = axis.next_work_start(to_minutes(PROJECT_START))

    def at(value: datetime) -> int:
        return axis.index_at(to_minutes(value))

    for task in plan.tasks:
        succ = result[task.id]
        for link in task.predecessors:
            pred = result[link.predecessor]
            lag = _lag(link, plan.settings)
            where = f"{link.predecessor}{link.type}{lag:+d}m -> {task.id}"
            if link.type == "FS":
                assert at(succ.start) >= at(pred.finish) + lag, where
            elif link.type == "SS":
                assert at(succ.start) >= at(pred.start) + lag, where
            elif link.type == "FF":
                if to_minutes(succ.start) == project_start:
                    continue  # FF never pulls a task before the project start
                assert at(succ.finish) >= at(pred.finish) + lag, where
            else:  # SF
                assert at(succ.finish) >= at(pred.start) + lag, where


@settings(max_examples=60, deadline=None)
@given(plans())
def test_critical_means_no_total_float(plan: Plan) -> None:
    for task in schedule(plan).tasks:
        if task.summary:
            continue
        assert task.critical == (task.total_float_minutes <= 0), task
        assert task.free_float_minutes >= 0, task
        assert task.free_float_minutes <= max(0, task.total_float_minutes), task


@settings(max_examples=60, deadline=None)
@given(plans(), st.randoms(use_true_random=False))
def test_task_order_does_not_matter(plan: Plan, rnd: random.Random) -> None:
    shuffled_tasks = list(plan.tasks)
    rnd.shuffle(shuffled_tasks)
    shuffled = Plan(name=plan.name, start=plan.start, tasks=shuffled_tasks)
    assert schedule(shuffled).by_id() == schedule(plan).by_id()


@settings(max_examples=60, deadline=None)
@given(plans())
def test_plan_file_round_trip(plan: Plan) -> None:
    text = dump_plan(plan)
    again = read_plan_text(text, "<dumped>")
    assert dump_plan(again) == text
    expected = {i: _dates(t) for i, t in schedule(plan).by_id().items()}
    got = {i: _dates(t) for i, t in schedule(again).by_id().items()}
    assert got == expected
