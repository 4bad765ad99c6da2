"""Progress, status date and baselines in a YAML plan file.

These fields say how the work went rather than how it is planned: a task's
``percent_complete``, ``remaining`` and ``resume``, the project's ``status_date`` they are
measured at, and the saved ``baselines`` a schedule is compared with. They keep rules of their
own, MS Project's, so the plan reader (``yamlplan``) hands them to ``ProgressReader`` here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from projectboard.engine.durations import ZERO, Duration, TimeSettings, parse_duration
from projectboard.engine.errors import (
    E_BAD_VALUE,
    E_DUPLICATE_ID,
    E_MISSING_KEY,
    E_UNKNOWN_REFERENCE,
)
from projectboard.engine.model import BaselineTask, percent_done
from projectboard.planfile.yamlfields import FieldReader, to_int
from projectboard.planfile.yamlnodes import Map, Scalar

BASELINE_TASK_KEYS = ("id", "start", "finish", "duration")


class TaskProgress(NamedTuple):
    percent_complete: int
    remaining: Duration | None
    resume: datetime | None


class ProgressReader:
    """Reads progress through the plan reader's fields, so that errors name its file, and with
    its date parsers, so that dates take the plan's default start and finish times."""

    def __init__(
        self,
        fields: FieldReader,
        settings: TimeSettings,
        start_date: Callable[[str], datetime],
        finish_date: Callable[[str], datetime],
    ) -> None:
        self.fields = fields
        self.settings = settings
        self.start_date = start_date
        self.finish_date = finish_date

    def status_date(self, project: Map) -> datetime | None:
        return self.fields.convert(project, "status_date", "project", self.finish_date)

    def task(self, m: Map, what: str, duration: Duration | None) -> TaskProgress:
        """A task's percent complete, remaining duration and resume date, checked against its
        actuals and its duration."""
        fields = self.fields
        if "actual_finish" in m.items and "actual_start" not in m.items:
            raise fields.err(
                E_MISSING_KEY,
                f"{what}: actual_finish needs actual_start",
                m.key_lines["actual_finish"],
                value="actual_start",
            )
        percent = fields.integer(m, "percent_complete", what) or 0
        if not 0 <= percent <= 100:
            raise fields.err(
                E_BAD_VALUE,
                f"{what}: percent_complete {percent} must be 0 to 100",
                m.items["percent_complete"].line,
                value=percent,
            )
        remaining = fields.convert(m, "remaining", what, parse_duration)
        resume = fields.convert(m, "resume", what, self.start_date)
        self.check_progress(m, what, duration, percent, remaining, resume)
        return TaskProgress(percent, remaining, resume)

    def check_progress(
        self,
        m: Map,
        what: str,
        duration: Duration | None,
        percent: int,
        remaining: Duration | None,
        resume: datetime | None,
    ) -> None:
        """Progress must agree with itself, as MS Project keeps it: remaining work and a
        resume date belong to a started task, a finished task is 100% complete, and a
        remaining duration and a percent complete given together must match."""
        fields = self.fields
        for key in ("remaining", "resume"):
            if key in m.items and "actual_start" not in m.items:
                raise fields.err(
                    E_MISSING_KEY,
                    f"{what}: {key} needs actual_start",
                    m.key_lines[key],
                    value="actual_start",
                )
        if "actual_finish" in m.items and "percent_complete" in m.items and percent != 100:
            raise fields.err(
                E_BAD_VALUE,
                f"{what}: percent_complete {percent} with an actual_finish (a finished task is "
                "100% complete)",
                m.key_lines["percent_complete"],
                value=percent,
            )
        if remaining is None:
            return
        total = (duration or ZERO).minutes(self.settings)
        left = remaining.minutes(self.settings)
        line = m.key_lines["remaining"]
        if left > total or ("actual_finish" in m.items and left):
            limit = "0 (the task is finished)" if "actual_finish" in m.items else str(duration)
            raise fields.err(
                E_BAD_VALUE,
                f"{what}: remaining {remaining} is more than {limit}",
                line,
                value=str(remaining),
            )
        implied = percent_done(total - left, total) if total else percent
        if "percent_complete" in m.items and implied != percent:
            raise fields.err(
                E_BAD_VALUE,
                f"{what}: remaining {remaining} of {duration} means {implied}% complete, "
                f"not percent_complete {percent}",
                line,
                value=str(remaining),
            )

    def baselines(self, top: Map, task_ids: set[int]) -> dict[int, dict[int, BaselineTask]]:
        """``baselines: {0: [{id, start, finish, duration}, ...], 1: ...}``."""
        fields = self.fields
        node = top.items.get("baselines")
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return {}
        line = top.key_lines.get("baselines", top.line)
        if not isinstance(node, Map):
            raise fields.err(
                E_BAD_VALUE, "baselines must be a mapping of baseline numbers (0-10) to tasks", line
            )
        out: dict[int, dict[int, BaselineTask]] = {}
        for key, entries in node.items.items():
            key_line = node.key_lines.get(key, node.line)
            number = key.strip()
            if not number.isdigit() or int(number) > 10:
                raise fields.err(
                    E_BAD_VALUE,
                    f"baselines: {key!r} is not a baseline number 0 to 10",
                    key_line,
                    value=key,
                )
            what = f"baseline {int(number)}"
            saved: dict[int, BaselineTask] = {}
            for entry in fields.seq(entries, what, key_line):
                m = fields.mapping(entry, f"{what}: task", BASELINE_TASK_KEYS, key_line)
                fields.scalar(m, "id", f"{what}: task", required=True)
                task_id = fields.convert(m, "id", f"{what}: task", to_int)
                assert task_id is not None
                where = f"{what}: task {task_id}"
                if task_id not in task_ids:
                    raise fields.err(
                        E_UNKNOWN_REFERENCE,
                        f"{where} is not in tasks",
                        m.key_lines["id"],
                        value=task_id,
                    )
                if task_id in saved:
                    raise fields.err(
                        E_DUPLICATE_ID, f"{where} is listed twice", m.line, value=task_id
                    )
                saved[task_id] = BaselineTask(
                    start=fields.convert(m, "start", where, self.start_date),
                    finish=fields.convert(m, "finish", where, self.finish_date),
                    duration=fields.convert(m, "duration", where, parse_duration)
                    or parse_duration("0d"),
                )
            if int(number) in out:
                raise fields.err(E_DUPLICATE_ID, f"{what} is given twice", key_line, value=key)
            out[int(number)] = saved
        return dict(sorted(out.items()))
