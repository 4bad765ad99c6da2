"""Progress tracking as MS Project does it: the seed plan tracked through three status dates.

At each status date the project manager enters progress and runs MS Project's *Update
Project > Reschedule uncompleted work to start after* the status date
(``reschedule_uncompleted_work``). Standard calendar: Monday-Friday, 8 h a day.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from projectboard.engine import Plan, schedule
from projectboard.engine.baselines import save_baseline, variances, work_package_variances
from projectboard.engine.diff import diff_schedules, format_diff
from projectboard.engine.durations import parse_duration
from projectboard.engine.errors import PlanError
from projectboard.engine.model import Task
from projectboard.engine.progress import (
    COMPLETE,
    IN_PROGRESS,
    NOT_STARTED,
    reschedule_uncompleted_work,
    task_progress,
)
from projectboard.engine.scheduler import Schedule
from projectboard.interop.mspdi import read_mspdi
from projectboard.planfile import read_plan_file

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "shared-ict" / "plan.yaml"
CORPUS = REPO.parent / "shared" / "corpus-mspdi"


def at(day: str, hhmm: str = "08:00") -> datetime:
    return datetime.fromisoformat(f"{day} {hhmm}")


def enter(plan: Plan, status: datetime, **updates: dict[str, Any]) -> Plan:
    """Enter progress (``t2={'remaining': '76d'}``...) as of ``status`` on a copy of
    ``plan``, then reschedule."""
    plan = copy.deepcopy(plan)
    plan.status_date = status
    tasks = {t.id: t for t in plan.tasks}
    for key, fields in updates.items():
        task = tasks[int(key[1:])]
        for name, value in fields.items():
            setattr(task, name, parse_duration(value) if name == "remaining" and value else value)
    return reschedule_uncompleted_work(plan)


def dates(result: Schedule, *ids: int) -> dict[int, tuple[str, str]]:
    rows = result.by_id()
    return {i: (f"{rows[i].start:%Y-%m-%d %H:%M}", f"{rows[i].finish:%Y-%m-%d %H:%M}") for i in ids}


@pytest.fixture
def tracked() -> list[tuple[Plan, Schedule]]:
    """The seed plan with its baseline, then at three status dates."""
    plan = read_plan_file(SEED)
    plan = save_baseline(plan, schedule(plan), 0)
    out = [(plan, schedule(plan))]
    p1 = enter(
        plan,
        at("2008-03-14", "17:00"),
        t1={"actual_start": at("2008-03-07"), "actual_finish": at("2008-03-07", "17:00")},
        t2={"actual_start": at("2008-03-10"), "remaining": "76d"},
        t18={"actual_start": at("2008-03-10"), "remaining": "78d"},
    )
    out.append((p1, schedule(p1)))
    p2 = enter(
        p1,
        at("2008-04-18", "17:00"),
        t2={"remaining": "51d"},
        t3={"actual_start": at("2008-04-08"), "remaining": "50d"},
        t4={"actual_start": at("2008-04-08"), "actual_finish": at("2008-04-14", "12:00")},
        t5={"actual_start": at("2008-04-14", "13:00"), "remaining": "1d"},
        t18={"remaining": "53d"},
    )
    out.append((p2, schedule(p2)))
    p3 = enter(
        p2,
        at("2008-05-30", "17:00"),
        t2={"remaining": "21d"},
        t3={"remaining": "20d"},
        t5={"actual_finish": at("2008-04-21", "17:00"), "remaining": None},
        t6={"actual_start": at("2008-04-22"), "actual_finish": at("2008-05-19", "17:00")},
        t14={"actual_start": at("2008-04-21"), "remaining": "5.13d"},
        t17={"actual_start": at("2008-04-22"), "percent_complete": 50},
        t18={"remaining": "23d"},
    )
    out.append((p3, schedule(p3)))
    return out


def test_status_1_communications_is_two_days_behind(tracked: list[tuple[Plan, Schedule]]) -> None:
    plan, result = tracked[1]
    tasks = {t.id: t for t in plan.tasks}
    # Task 2 (81 d from Mon 10/03) has 5 d done by Fri 14/03 17:00: on time, not split.
    assert tasks[2].resume is None
    # Task 18 (81 d) has only 3 d done (10-12/03): its remaining 78 d resume after the status
    # date, Monday 17/03 08:00 (a split), and finish 78 working days later, Wed 02/07 --
    # two days after its baseline finish, Mon 30/06.
    assert tasks[18].resume == at("2008-03-17")
    assert dates(result, 1, 2, 18, 19) == {
        1: ("2008-03-07 08:00", "2008-03-07 17:00"),  # as it happened
        2: ("2008-03-10 08:00", "2008-06-30 17:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        # 19 follows 2, 18, 17 and 16, so the business case slips two days too.
        19: ("2008-07-03 08:00", "2008-07-03 17:00"),
    }
    rows = result.by_id()
    # A finished task is never critical; a started one's float is its finish float.
    assert (rows[1].critical, rows[1].total_float_minutes) == (False, 0)
    assert (rows[18].critical, rows[18].total_float_minutes) == (True, 0)
    # Nothing was due to start before 14/03 that had not: no constraint was added.
    assert [t.id for t in plan.tasks if t.constraint and t.constraint.type != "SNET"] == []
    assert {t.id for t in plan.tasks if t.constraint} == {3, 4, 5, 14}


def test_status_1_diff_against_the_baseline(tracked: list[tuple[Plan, Schedule]]) -> None:
    (_, before), (plan, after) = tracked[0], tracked[1]
    text = format_diff(diff_schedules(before, after, plan, ("baseline", "status 14/03")))
    assert text == (
        "--- baseline\n"
        "+++ status 14/03\n"
        "project finish: 2008-07-01 17:00 -> 2008-07-03 17:00 (+2 d)\n"
        "moved (2):\n"
        "  ~ 18 Communications: start 0 d (2008-03-10 08:00 -> 2008-03-10 08:00); "
        "finish +2 d (2008-06-30 17:00 -> 2008-07-02 17:00); critical yes -> yes\n"
        "  ~ 19 Recommendation and Business Case: start +2 d (2008-07-01 08:00 -> "
        "2008-07-03 08:00); finish +2 d (2008-07-01 17:00 -> 2008-07-03 17:00); "
        "critical yes -> yes\n"
        # Task 1 finished: it left the critical path.
        "critical path: joined none; left 1\n"
    )


def test_status_2_governance_late_and_split(tracked: list[tuple[Plan, Schedule]]) -> None:
    plan, result = tracked[2]
    tasks = {t.id: t for t in plan.tasks}
    # Task 5 (4.5 d) started Mon 14/04 13:00, once task 4 had finished at 12:00. 3.5 d done
    # runs to Thu 17/04 17:00; its last 1 d resumes after the status date, Mon 21/04.
    assert tasks[5].resume == at("2008-04-21")
    # Task 14 (GIS, SNET 18/04) was due to start 18/04 08:00 and did not, but a task with a
    # date constraint is left alone by the rescheduling (MS Project 2002 and later).
    assert tasks[14].constraint is not None
    assert (tasks[14].constraint.date, tasks[14].actual_start) == (at("2008-04-18"), None)
    # Task 18: 28 d done (contiguous from 10/03 that is 16/04), but work resumes only after
    # the status date: 21/04 + 53 d = Wed 02/07, as at status 1 (on track since).
    assert tasks[18].resume == at("2008-04-21")
    assert dates(result, 4, 5, 6, 17, 18, 19) == {
        4: ("2008-04-08 08:00", "2008-04-14 12:00"),  # actual dates
        5: ("2008-04-14 13:00", "2008-04-21 17:00"),
        # 6 and the other successors of 5 start the next morning: 1.5 d later than planned.
        6: ("2008-04-22 08:00", "2008-05-15 14:36"),
        17: ("2008-04-22 08:00", "2008-07-01 12:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        19: ("2008-07-03 08:00", "2008-07-03 17:00"),
    }


def test_status_3_work_packages_that_did_not_start(
    tracked: list[tuple[Plan, Schedule]],
) -> None:
    plan, result = tracked[3]
    tasks = {t.id: t for t in plan.tasks}
    # Tasks 7-13 and 15 were due to start before Fri 30/05 17:00 and have not: each gets
    # Start No Earlier Than the status date, so they start Mon 02/06.
    moved = sorted(
        t.id for t in plan.tasks if t.constraint and t.constraint.date == at("2008-05-30", "17:00")
    )
    assert moved == [7, 8, 9, 10, 11, 12, 13, 15]
    # (11 follows 10, but it was due to start 23/05, before the status date, so it has the
    # constraint too, as MS Project gives it: the test is the start before rescheduling.)
    # Started tasks behind schedule resume Mon 02/06 (14, 17, 18).
    assert {i: tasks[i].resume for i in (14, 17, 18)} == {
        14: at("2008-06-02"),
        17: at("2008-06-02"),
        18: at("2008-06-02"),
    }
    assert dates(result, 5, 6, 13, 14, 15, 16, 17, 18, 19) == {
        5: ("2008-04-14 13:00", "2008-04-21 17:00"),
        6: ("2008-04-22 08:00", "2008-05-19 17:00"),
        # 42.5 d from Mon 02/06: 8 weeks and 2.5 days, to Wed 30/07 12:00.
        13: ("2008-06-02 08:00", "2008-07-30 12:00"),
        # GIS: 26 d done (21/04 to Mon 26/05), 5.13 d left from Mon 02/06: 5 d to Fri 06/06
        # and 62 minutes on Mon 09/06.
        14: ("2008-04-21 08:00", "2008-06-09 09:02"),
        15: ("2008-06-02 08:00", "2008-07-30 12:00"),
        16: ("2008-07-30 13:00", "2008-08-06 12:00"),
        # HR: 50% of 50.5 d = 25.25 d left from Mon 02/06: 25 d to Fri 04/07, 2 h more.
        17: ("2008-04-22 08:00", "2008-07-07 10:00"),
        18: ("2008-03-10 08:00", "2008-07-02 17:00"),
        19: ("2008-08-06 13:00", "2008-08-07 12:00"),
    }
    rows = result.by_id()
    # The critical path now runs through the late work packages, not Communications.
    assert [t.id for t in result.critical_path()] == [2, 13, 15, 16, 19]
    assert (rows[18].critical, rows[18].total_float_minutes) == (False, 11760)
    progress = task_progress(plan, result)
    assert (progress[6].status, progress[17].status, progress[13].status) == (
        COMPLETE,
        IN_PROGRESS,
        NOT_STARTED,
    )
    assert (progress[17].percent_complete, progress[17].remaining_minutes) == (50, 12120)


def test_status_3_variance_per_work_package(tracked: list[tuple[Plan, Schedule]]) -> None:
    plan, result = tracked[3]
    rows = {v.work_package: v for v in work_package_variances(plan, variances(plan, result, 0))}
    # WP-WEB (task 13) was to run 18/04 13:00 to 17/06; it now finishes 30/07 12:00:
    # 30.5 working days later (14,640 minutes).
    web = rows["WP-WEB"]
    assert (web.finish_variance_minutes, web.slipped, web.slipped_tasks) == (14640, True, 1)
    # WP-PLAN (tasks 1 and 2) is on time.
    plan_wp = rows["WP-PLAN"]
    assert (plan_wp.tasks, plan_wp.finish_variance_minutes, plan_wp.slipped) == (2, 0, False)
    # WP-BC's latest task, 19, finishes 07/08 12:00 against 01/07 17:00: 26.5 d.
    assert rows["WP-BC"].finish_variance_minutes == 12720


def test_rescheduling_needs_a_status_date() -> None:
    plan = read_plan_file(SEED)
    with pytest.raises(PlanError) as caught:
        reschedule_uncompleted_work(plan)
    assert (caught.value.code, caught.value.message) == (
        "E_MISSING_KEY",
        "rescheduling uncompleted work needs a status date (project status_date)",
    )


def test_rescheduling_leaves_the_plan_alone() -> None:
    plan = read_plan_file(SEED)
    plan.status_date = at("2008-05-30", "17:00")
    before = [(t.constraint, t.resume) for t in plan.tasks]
    reschedule_uncompleted_work(plan)
    assert [(t.constraint, t.resume) for t in plan.tasks] == before


def test_a_resume_before_the_stop_is_no_split() -> None:
    # 4 d from Mon 03/03, 2 d done (Tue 04/03 17:00): a resume on Wed 05/03 08:00 is the
    # same working instant, so the task finishes Thu 06/03 as if never split; a resume on
    # Mon 10/03 leaves a gap, and the last 2 d finish Tue 11/03.
    def finish(resume: datetime) -> datetime:
        task = Task(1, "A", parse_duration("4d"), actual_start=at("2008-03-03"))
        task.percent_complete, task.resume = 50, resume
        return schedule(Plan("p", start=at("2008-03-03"), tasks=[task])).tasks[0].finish

    assert finish(at("2008-03-05")) == at("2008-03-06", "17:00")
    assert finish(at("2008-03-10")) == at("2008-03-11", "17:00")


def test_ms_project_progress_of_a_saved_file() -> None:
    # mpp14baseline: MS Project stored these percentages, stop and resume dates.
    plan = read_mspdi(CORPUS / "mpxj-converted" / "mpp14baseline.mpp.xml").plan
    progress = task_progress(plan, schedule(plan))
    # Base Task rolls up 104 h done of 184 h: 56.5% -> 57%.
    assert progress[1].percent_complete == 57
    # Subtask 4: 80 h, 40 h left; done from Tue 29/08 08:00 to Mon 04/09 17:00.
    assert (progress[5].stop, progress[5].resume) == (at("2006-09-04", "17:00"), at("2006-09-05"))
    assert (progress[5].actual_minutes, progress[5].remaining_minutes) == (2400, 2400)
    assert (progress[3].status, progress[4].status, progress[5].status) == (
        COMPLETE,
        NOT_STARTED,
        IN_PROGRESS,
    )
