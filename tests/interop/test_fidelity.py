"""Fidelity on files nobody here wrote: MS Project's own saved dates.

Every task of every file in groups A (MSPDI written by MS Project) and B (.mpp converted to
MSPDI by MPXJ, with MS Project's stored dates) of ``shared/corpus-mspdi`` is rescheduled from
its inputs and its start and finish compared with what MS Project stored, as instants in
working time on the task's calendar (MS Project sometimes stores a finish as 08:00 the next
working day, which is the same working instant as 17:00 the day before).

The exclusion list may only shrink; ``docs/fidelity.md`` reports the match rate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from projectboard.engine import schedule
from projectboard.engine.calendar import WorkTime, to_minutes
from projectboard.interop.mspdi import read_mspdi

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-mspdi"

GROUP_A = [
    "msp/legacy/sample.xml",
    "msp/mspdirelations.xml",
    "msp/generated/task-links/task-links-project2003-mspdi.xml",
    "msp/generated/task-links/task-links-project2007-mspdi.xml",
    "msp/generated/task-links/task-links-project2010-mspdi.xml",
    "msp/generated/task-links/task-links-project2013-mspdi.xml",
    "msp/mspdiduration.xml",
    "msp/legacy/caltest.xml",
    "msp/mspdinulltasks.xml",
    "msp/legacy/mspdipriority.xml",
]
GROUP_B = [
    "mpxj-converted/slack9.mpp.xml",
    "mpxj-converted/generated/task-baselines/sf259.mpp.xml",
    "mpxj-converted/legacy/bug1.mpp.xml",
    "mpxj-converted/legacy/bug2.mpp.xml",
    "mpxj-converted/mpp14baseline.mpp.xml",
    "mpxj-converted/timephased-cost-rollup.mpp.xml",
    "mpxj-converted/DurationTest9.mpp.xml",
    "mpxj-converted/DurationTest8.mpp.xml",
    "mpxj-converted/mpp14task.mpp.xml",
    "mpxj-converted/mpp14recurring.mpp.xml",
    "mpxj-converted/taskFlags-mpp14Project2013.mpp.xml",
]

GROUP_M = [  # manually scheduled tasks: they must keep MS Project's dates
    "msp/generated/task-links/task-links-project2016-mspdi.xml",
    "msp/generated/task-links/task-links-project2019-mspdi.xml",
]

# (file, task ID): why we differ. This list may only shrink.
EXCLUDED = {
    # "Second Task" is resource-driven: 100 d of work by two resources, one on a Night Shift
    # calendar, finishes after 50 days. Resources are not modelled yet (W_ASSIGNMENTS).
    ("msp/legacy/sample.xml", 2): "resource-driven duration",
    # ... and its summary rolls that finish up.
    ("msp/legacy/sample.xml", 1): "summary of a resource-driven task",
}


def compare(relative: str) -> tuple[int, list[str]]:
    imported = read_mspdi(CORPUS / relative)
    result = schedule(imported.plan)
    tasks = {t.id: t for t in imported.plan.tasks}
    checked, differences = 0, []
    for got in result.tasks:
        stored = imported.stored[got.id]
        if stored.start is None or stored.finish is None or (relative, got.id) in EXCLUDED:
            continue
        task = tasks[got.id]
        axis = WorkTime(imported.plan.calendars[task.calendar or imported.plan.calendar])
        checked += 1
        for what, ours, theirs in (
            ("start", got.start, stored.start),
            ("finish", got.finish, stored.finish),
        ):
            if axis.index_at(to_minutes(ours)) != axis.index_at(to_minutes(theirs)):
                differences.append(f"task {got.id} {what}: ours {ours}, MS Project {theirs}")
    return checked, differences


@pytest.mark.parametrize("relative", GROUP_A + GROUP_B + GROUP_M)
def test_every_task_matches_ms_project(relative: str) -> None:
    checked, differences = compare(relative)
    assert checked > 0
    assert differences == []


def test_match_rate_over_groups_a_and_b() -> None:
    total = sum(compare(f)[0] for f in GROUP_A + GROUP_B) + len(EXCLUDED)
    assert (total, len(EXCLUDED)) == (318, 2)  # 316 of 318 tasks match: docs/fidelity.md


@pytest.mark.parametrize("key", sorted(EXCLUDED))
def test_excluded_tasks_still_differ(key: tuple[str, int]) -> None:
    """An exclusion that starts matching must be taken off the list."""
    relative, task_id = key
    imported = read_mspdi(CORPUS / relative)
    got = schedule(imported.plan).by_id()[task_id]
    stored = imported.stored[task_id]
    assert (got.start, got.finish) != (stored.start, stored.finish)
