"""Read MS Project XML (MSPDI) into an engine ``Plan``.

Only the inputs of a schedule are taken: durations, links, constraints, calendars, manual
dates and actuals; the dates MS Project stored are kept aside (``MspdiImport.stored``) so
that a test can compare our schedule with MS Project's. What the engine does not model yet
(resources and assignments, inactive or split tasks...) is listed as an ``ImportWarning``
with its code and line, never dropped silently.

The XML is parsed safely: no DTD, no entity expansion, no network, and a size limit.
Calendars are read by ``mspdi_calendars``; element values through ``mspdi_fields``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from projectboard.engine.calendar import WorkTime, standard_calendar, to_minutes
from projectboard.engine.durations import ZERO, Duration, PercentLag, TimeSettings
from projectboard.engine.errors import E_FILE, Location, PlanError
from projectboard.engine.files import collector_paused, read_limited
from projectboard.engine.model import CONSTRAINT_TYPES, BaselineTask, Constraint, Link, Plan, Task
from projectboard.interop.mspdi_calendars import read_calendars
from projectboard.interop.mspdi_fields import (
    E_XML,
    ElementReader,
    ImportWarning,
    child_text,
    children,
    local_name,
)

E_XML_UNSAFE = "E_XML_UNSAFE"
MAX_MSPDI_BYTES = 512 * 1024 * 1024

# MSPDI codes.
CONSTRAINTS = dict(enumerate(("ASAP", "ALAP", "MSO", "MFO", "SNET", "SNLT", "FNET", "FNLT")))
LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
# DurationFormat / LagFormat -> (unit, elapsed); +32 marks an estimated duration.
FORMATS = {
    3: ("m", False),
    4: ("m", True),
    5: ("h", False),
    6: ("h", True),
    7: ("d", False),
    8: ("d", True),
    9: ("w", False),
    10: ("w", True),
    11: ("mo", False),
    12: ("mo", True),
}
PERCENT_FORMATS = (19, 20, 51, 52)


@dataclass(frozen=True)
class StoredTask:
    """What MS Project saved for a task: its own computed dates and slack."""

    uid: int
    start: datetime | None
    finish: datetime | None
    total_slack_minutes: int | None
    free_slack_minutes: int | None
    summary: bool
    manual: bool


@dataclass
class MspdiImport:
    plan: Plan
    warnings: list[ImportWarning] = field(default_factory=list)
    stored: dict[int, StoredTask] = field(default_factory=dict)  # by task ID


def read_mspdi(path: str | Path) -> MspdiImport:
    return read_mspdi_bytes(read_limited(path, MAX_MSPDI_BYTES, "an MS Project file"), str(path))


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # large plans are legitimate; entities are off, so this is safe
        remove_comments=True,
        remove_pis=True,
    )


def read_mspdi_bytes(data: bytes, filename: str = "<mspdi>") -> MspdiImport:
    if len(data) > MAX_MSPDI_BYTES:
        raise PlanError(E_FILE, "file is too large", location=Location(filename))
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise PlanError(
            E_XML_UNSAFE,
            "XML with a DOCTYPE or entity declarations is refused (MS Project never writes one)",
            location=Location(filename),
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise PlanError(
            E_XML, f"not well-formed XML: {exc.msg}", location=Location(filename, line)
        ) from None
    if root.getroottree().docinfo.doctype:
        raise PlanError(E_XML_UNSAFE, "XML with a DOCTYPE is refused", location=Location(filename))
    if local_name(root.tag) != "Project":
        raise PlanError(
            E_XML,
            f"the root element is <{local_name(root.tag)}>, not MS Project's <Project>",
            location=Location(filename, root.sourceline),
        )
    with collector_paused():
        return _Reader(filename).read(root)


class _Reader(ElementReader):
    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self._axis: WorkTime | None = None

    # -- project -------------------------------------------------------------------------------
    def read(self, root: Any) -> MspdiImport:
        fields = children(root)
        settings = TimeSettings(
            minutes_per_day=self.integer(fields, "MinutesPerDay", 480) or 480,
            minutes_per_week=self.integer(fields, "MinutesPerWeek", 2400) or 2400,
            days_per_month=self.integer(fields, "DaysPerMonth", 20) or 20,
        )
        self.settings = settings
        calendars, by_uid = read_calendars(self, fields.get("Calendars"))
        project_uid = self.integer(fields, "CalendarUID", -1)
        if project_uid in by_uid:
            calendar_name = by_uid[project_uid]
        else:
            calendar_name = "Standard"
            if calendar_name not in calendars:
                calendars[calendar_name] = standard_calendar()
            self.warn("W_PROJECT_CALENDAR", "the project calendar is missing; using Standard")
        default_start = child_text(fields, "DefaultStartTime") or "08:00:00"
        default_finish = child_text(fields, "DefaultFinishTime") or "17:00:00"
        from_start = child_text(fields, "ScheduleFromStart") != "0"
        title = child_text(fields, "Title") or child_text(fields, "Name")
        plan = Plan(
            name=title or Path(self.filename).stem,
            start=self.when(fields, "StartDate"),
            finish=self.when(fields, "FinishDate"),
            schedule_from="start" if from_start else "finish",
            settings=settings,
            default_start_time=self.time_of_day(default_start, root),
            default_finish_time=self.time_of_day(default_finish, root),
            calendar=calendar_name,
            calendars=calendars,
            status_date=self.when(fields, "StatusDate"),
            source=self.filename,
        )
        result = MspdiImport(plan)
        self.tasks(fields.get("Tasks"), plan, by_uid, result)
        for name, placeholder in (
            ("Resources", ("UID", "0")),
            ("Assignments", ("ResourceUID", "-65535")),
        ):
            section = fields.get(name)
            count = 0
            for element in section if section is not None else ():
                # MS Project writes a resource UID 0 and "unassigned" assignments in every file.
                if isinstance(element.tag, str):
                    count += child_text(children(element), placeholder[0]) != placeholder[1]
            if count:
                self.warn(
                    "W_" + name.upper(),
                    f"{count} {name.lower()} are not modelled yet: tasks are scheduled from their "
                    "own durations, not from resource work or resource calendars",
                    section,
                )
        result.warnings = self.warnings
        return result

    # -- tasks -----------------------------------------------------------------------------------
    def tasks(
        self, section: Any, plan: Plan, calendars_by_uid: dict[int, str], result: MspdiImport
    ) -> None:
        if section is None:
            return
        elements = [e for e in section if isinstance(e.tag, str) and local_name(e.tag) == "Task"]
        rows: list[tuple[Any, dict[str, Any], int, int]] = []
        id_of_uid: dict[int, int] = {}
        for element in elements:
            fields = children(element)
            uid = self.integer(fields, "UID")
            if uid is None:
                raise self.fail("a task has no <UID>", element)
            if uid == 0 or self.flag(fields, "IsNull"):
                continue  # the project summary row and blank rows: MS Project skips them too
            task_id = self.integer(fields, "ID", uid)
            assert task_id is not None
            id_of_uid[uid] = task_id
            rows.append((element, fields, uid, task_id))
        stack: list[tuple[int, int]] = []  # (outline level, task ID)
        for element, fields, uid, task_id in rows:
            level = self.integer(fields, "OutlineLevel", 1) or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            stack.append((level, task_id))
            plan.tasks.append(
                self.task(element, fields, uid, task_id, parent, calendars_by_uid, id_of_uid)
            )
            if "Baseline" in fields:
                self.baselines(element, task_id, plan)
            total = self.integer(fields, "TotalSlack")
            free = self.integer(fields, "FreeSlack")
            result.stored[task_id] = StoredTask(
                uid=uid,
                start=self.when(fields, "Start"),
                finish=self.when(fields, "Finish"),
                total_slack_minutes=None if total is None else round(total / 10),
                free_slack_minutes=None if free is None else round(free / 10),
                summary=self.flag(fields, "Summary"),
                manual=self.flag(fields, "Manual"),
            )
        self.unmodelled_task_data(rows, plan)
        # A summary's duration and milestone flag are rolled up from its subtasks (MS Project
        # stores both); in the plan they are derived, so they are not kept as inputs.
        parents = {t.parent for t in plan.tasks}
        for summary in (t for t in plan.tasks if t.id in parents):
            summary.duration = ZERO
            summary.milestone = None
            summary.percent_complete = 0  # rolled up from its subtasks, as are its actuals
            summary.actual_start = summary.actual_finish = summary.remaining = None
            summary.resume = None
        plan.baselines = dict(sorted(plan.baselines.items()))

    def unmodelled_task_data(
        self, rows: list[tuple[Any, dict[str, Any], int, int]], plan: Plan
    ) -> None:
        """One warning per kind of task data that is read but not modelled yet."""
        tasks = {t.id: t for t in plan.tasks}
        seen: dict[str, list[Any]] = {}
        for element, fields, _uid, task_id in rows:
            if (self.integer(fields, "LevelingDelay", 0) or 0) != 0:
                seen.setdefault("W_LEVELING_DELAY", []).append(element)
            if "ExtendedAttribute" in fields:
                seen.setdefault("W_CUSTOM_FIELDS", []).append(element)
            task = tasks[task_id]
            start, finish = self.when(fields, "Start"), self.when(fields, "Finish")
            if (
                start is not None
                and finish is not None
                and not task.manual
                and not task.duration.elapsed
                and task.actual_start is None
                and task.calendar is None
                and not self.flag(fields, "Summary")
            ):
                axis = self.project_axis(plan)
                span = axis.index_at(to_minutes(finish)) - axis.index_at(to_minutes(start))
                if span > task.duration.minutes(self.settings):
                    seen.setdefault("W_SPLIT", []).append(element)
        messages = {
            "W_LEVELING_DELAY": "tasks have a leveling delay, which is not applied",
            "W_CUSTOM_FIELDS": "tasks have custom fields, which are not imported yet",
            "W_SPLIT": "tasks span more working time than their duration (split tasks or "
            "resource-driven work), which is not modelled: they are scheduled unsplit",
        }
        for code, elements in seen.items():
            self.warn(code, f"{len(elements)} {messages[code]}", elements[0])

    def project_axis(self, plan: Plan) -> WorkTime:
        if self._axis is None:
            self._axis = WorkTime(plan.calendars[plan.calendar])
        return self._axis

    def task(
        self,
        element: Any,
        fields: dict[str, Any],
        uid: int,
        task_id: int,
        parent: int | None,
        calendars_by_uid: dict[int, str],
        id_of_uid: dict[int, int],
    ) -> Task:
        name = child_text(fields, "Name") or ""
        what = f"task {task_id} ({name!r})"
        fmt = self.integer(fields, "DurationFormat", 7) or 7
        minutes = self.minutes_of(fields, "Duration") or Decimal(0)
        duration = self.duration(minutes, fmt)
        constraint_code = self.integer(fields, "ConstraintType", 0) or 0
        ctype = CONSTRAINTS.get(constraint_code, "ASAP")
        constraint = None
        if ctype != "ASAP":
            cdate = self.when(fields, "ConstraintDate")
            if ctype in CONSTRAINT_TYPES[2:] and cdate is None:
                self.warn(
                    "W_CONSTRAINT_DATE", f"{what}: {ctype} without a date is ignored", element
                )
            else:
                constraint = Constraint(ctype, cdate if ctype not in ("ASAP", "ALAP") else None)
        calendar_uid = self.integer(fields, "CalendarUID", -1)
        calendar = calendars_by_uid.get(calendar_uid) if calendar_uid is not None else None
        if calendar_uid not in (None, -1) and calendar is None:
            self.warn(
                "W_TASK_CALENDAR",
                f"{what}: calendar UID {calendar_uid} is not in the file",
                element,
            )
        manual = self.flag(fields, "Manual")
        if child_text(fields, "Active") == "0":
            self.warn(
                "W_INACTIVE", f"{what} is inactive in MS Project; it is scheduled here", element
            )
        links = []
        for link_element in element:
            if (
                not isinstance(link_element.tag, str)
                or local_name(link_element.tag) != "PredecessorLink"
            ):
                continue
            lf = children(link_element)
            pred_uid = self.integer(lf, "PredecessorUID")
            if pred_uid not in id_of_uid:
                self.warn(
                    "W_EXTERNAL_LINK",
                    f"{what}: predecessor UID {pred_uid} is not a task of this file; link left out",
                    link_element,
                )
                continue
            link_type = LINK_TYPES.get(self.integer(lf, "Type", 1) or 0, "FS")
            links.append(Link(id_of_uid[pred_uid], link_type, self.lag(lf)))
        actual_start = self.when(fields, "ActualStart")
        actual_finish = self.when(fields, "ActualFinish") if actual_start else None
        in_progress = actual_start is not None and actual_finish is None
        remaining = None
        if in_progress:
            left = self.minutes_of(fields, "RemainingDuration")
            remaining = self.duration(left, fmt) if left is not None else None
        return Task(
            id=task_id,
            uid=uid,
            name=name,
            duration=duration,
            predecessors=links,
            constraint=constraint,
            deadline=self.when(fields, "Deadline"),
            calendar=calendar,
            manual=manual,
            start=self.when(fields, "Start") if manual else None,
            finish=self.when(fields, "Finish") if manual else None,
            actual_start=actual_start,
            actual_finish=actual_finish,
            milestone=True if self.flag(fields, "Milestone") else None,
            parent=parent,
            wbs=self.wbs(fields),
            notes=child_text(fields, "Notes") or "",
            percent_complete=self.integer(fields, "PercentComplete", 0) or 0,
            remaining=remaining,
            resume=self.when(fields, "Resume") if in_progress else None,
            line=element.sourceline,
        )

    def baselines(self, element: Any, task_id: int, plan: Plan) -> None:
        """A task's ``<Baseline>`` elements (numbers 0-10) into ``plan.baselines``."""
        for child in element:
            if not isinstance(child.tag, str) or local_name(child.tag) != "Baseline":
                continue
            fields = children(child)
            number = self.integer(fields, "Number", 0)
            if number is None or not 0 <= number <= 10:
                continue
            fmt = self.integer(fields, "DurationFormat", 7) or 7
            minutes = self.minutes_of(fields, "Duration") or Decimal(0)
            plan.baselines.setdefault(number, {})[task_id] = BaselineTask(
                self.when(fields, "Start"), self.when(fields, "Finish"), self.duration(minutes, fmt)
            )

    def wbs(self, fields: dict[str, Any]) -> str:
        """The WBS code, when it is not simply the outline number (MS Project's default)."""
        code = child_text(fields, "WBS") or ""
        return "" if code == (child_text(fields, "OutlineNumber") or "") else code

    def duration(self, minutes: Decimal, fmt: int) -> Duration:
        estimated = fmt >= 32 and fmt - 32 in FORMATS
        unit, elapsed = FORMATS.get(fmt - 32 if estimated else fmt, ("d", False))
        size = Decimal(self.settings.unit_minutes(unit, elapsed))
        value = (minutes / size).quantize(Decimal("0.01"))
        if (value * size - minutes).copy_abs() > Decimal("0.5"):  # not a round number of units
            return Duration(minutes.quantize(Decimal("0.1")).normalize(), "m", elapsed, estimated)
        return Duration(value.normalize(), unit, elapsed, estimated)

    def lag(self, fields: dict[str, Any]) -> Duration | PercentLag:
        raw = Decimal(child_text(fields, "LinkLag") or "0")
        fmt = self.integer(fields, "LagFormat", 7) or 7
        if fmt in PERCENT_FORMATS:
            # A percent lag is stored as the plain percentage, not in tenths (as MPXJ reads
            # and writes it; no file MS Project wrote with one has been seen to say otherwise).
            return PercentLag(raw.normalize())
        return self.duration(raw / 10, fmt)  # tenths of a minute


__all__ = ["ImportWarning", "MspdiImport", "StoredTask", "read_mspdi", "read_mspdi_bytes"]
