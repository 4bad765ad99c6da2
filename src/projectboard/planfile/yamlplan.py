"""Read a YAML plan file (plan-as-code) into an engine ``Plan``.

The format is documented in ``docs/planfile.md``. Every error names the file and line;
unknown keys are errors, not ignored, so a typo never silently drops data. Progress, the
status date and baselines are read by ``yamlprogress``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from projectboard.engine.calendar import (
    WEEKDAYS,
    Calendar,
    DayHours,
    RecurringException,
    night_shift_calendar,
    standard_calendar,
    twenty_four_hours_calendar,
)
from projectboard.engine.durations import TimeSettings, parse_duration
from projectboard.engine.errors import (
    E_BAD_CALENDAR,
    E_BAD_VALUE,
    E_DUPLICATE_ID,
    E_MISSING_KEY,
    E_UNKNOWN_CALENDAR,
    E_UNKNOWN_REFERENCE,
    Location,
    PlanError,
    PlanErrors,
)
from projectboard.engine.files import collector_paused, decode_utf8, read_limited
from projectboard.engine.model import (
    BoardMember,
    Constraint,
    Partner,
    Person,
    Plan,
    Task,
    WorkPackage,
)
from projectboard.planfile.syntax import (
    parse_constraint,
    parse_datetime,
    parse_predecessors,
    parse_time_of_day,
)
from projectboard.planfile.yamlfields import FieldReader, to_date, to_int
from projectboard.planfile.yamlnodes import Map, Node, Scalar, Seq, load
from projectboard.planfile.yamlprogress import ProgressReader

MAX_PLAN_BYTES = 64 * 1024 * 1024
BUILTIN_CALENDARS = {
    "standard": standard_calendar,
    "24 hours": twenty_four_hours_calendar,
    "night shift": night_shift_calendar,
}
TOP_KEYS = (
    "project",
    "calendars",
    "partners",
    "people",
    "board",
    "project_manager",
    "work_packages",
    "tasks",
    "baselines",
)
PROJECT_KEYS = (
    "name",
    "start",
    "finish",
    "schedule_from",
    "calendar",
    "minutes_per_day",
    "minutes_per_week",
    "days_per_month",
    "default_start_time",
    "default_finish_time",
    "status_date",
)
TASK_KEYS = (
    "id",
    "uid",
    "name",
    "duration",
    "predecessors",
    "constraint",
    "deadline",
    "calendar",
    "manual",
    "start",
    "finish",
    "actual_start",
    "actual_finish",
    "milestone",
    "work_package",
    "wbs",
    "notes",
    "percent_complete",
    "remaining",
    "resume",
    "tasks",
)


def read_plan_file(path: str | Path) -> Plan:
    text = decode_utf8(read_limited(path, MAX_PLAN_BYTES, "a plan"), path)
    return read_plan_text(text, str(path))


def read_plan_text(text: str, filename: str = "<plan>") -> Plan:
    with collector_paused():
        plan = _Reader(filename).plan(load(text, filename))
    plan.source = filename
    return plan


class _Reader(FieldReader):
    """The plan file's sections, read into a ``Plan``."""

    # -- sections -------------------------------------------------------------------------------
    def plan(self, root: Node | None) -> Plan:
        top = self.mapping(root, "plan file", TOP_KEYS, 1)
        if "project" not in top.items:
            raise self.err(
                E_MISSING_KEY, "plan file: 'project' is required", top.line, value="project"
            )
        project = self.mapping(top.items.get("project"), "project", PROJECT_KEYS, top.line)
        what = "project"
        settings = TimeSettings(
            minutes_per_day=self.positive(project, "minutes_per_day", what, 480),
            minutes_per_week=self.positive(project, "minutes_per_week", what, 2400),
            days_per_month=self.positive(project, "days_per_month", what, 20),
        )
        start_time = self.convert(
            project, "default_start_time", what, lambda v: parse_time_of_day(v, field="time")
        )
        finish_time = self.convert(
            project, "default_finish_time", what, lambda v: parse_time_of_day(v, field="time")
        )
        self.start_time = 480 if start_time is None else start_time
        self.finish_time = 1020 if finish_time is None else finish_time
        self.progress = ProgressReader(self, settings, self.start_date, self.finish_date)
        schedule_from = self.text(project, "schedule_from", what, default="start")
        if schedule_from not in ("start", "finish"):
            node = project.items["schedule_from"]
            raise self.err(
                E_BAD_VALUE,
                f"project: schedule_from {schedule_from!r} must be 'start' or 'finish'",
                node.line,
                value=schedule_from,
            )
        calendars = self.calendars(top)
        calendar_name = self.text(project, "calendar", what, default="Standard")
        if calendar_name not in calendars:
            builtin = BUILTIN_CALENDARS.get(calendar_name.lower())
            if builtin is None:
                node = project.items["calendar"]
                raise self.err(
                    E_UNKNOWN_CALENDAR,
                    f"project: calendar {calendar_name!r} is not defined",
                    node.line,
                    value=calendar_name,
                )
            calendars[calendar_name] = builtin(calendar_name)
        plan = Plan(
            name=self.text(project, "name", what, required=True),
            start=self.convert(project, "start", what, self.start_date),
            finish=self.convert(project, "finish", what, self.finish_date),
            schedule_from=schedule_from,
            settings=settings,
            default_start_time=self.start_time,
            default_finish_time=self.finish_time,
            calendar=calendar_name,
            calendars=calendars,
            status_date=self.progress.status_date(project),
        )
        if plan.schedule_from == "start" and plan.start is None:
            raise self.err(
                E_MISSING_KEY, "project: 'start' is required", project.line, value="start"
            )
        if plan.schedule_from == "finish" and plan.finish is None:
            raise self.err(
                E_MISSING_KEY,
                "project: 'finish' is required when schedule_from is finish",
                project.line,
                value="finish",
            )
        plan.partners = self.partners(top)
        plan.people = self.people(top, {p.code for p in plan.partners})
        people = {p.code for p in plan.people}
        plan.board = self.board(top, people)
        pm = self.scalar(top, "project_manager", "plan file")
        if pm is not None:
            if pm.value not in people:
                raise self.err(
                    E_UNKNOWN_REFERENCE,
                    f"project_manager {pm.value!r} is not in people",
                    pm.line,
                    value=pm.value,
                )
            plan.project_manager = pm.value
        plan.work_packages = self.work_packages(top, people)
        wp_codes = {wp.code for wp in plan.work_packages}
        tasks: list[Task] = []
        self.tasks(top, None, tasks, wp_codes, calendars)
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else PlanErrors(self.errors)
        plan.tasks = tasks
        plan.baselines = self.progress.baselines(top, {t.id for t in tasks})
        return plan

    def start_date(self, text: str) -> datetime:
        return parse_datetime(text, default_time=self.start_time)

    def finish_date(self, text: str) -> datetime:
        return parse_datetime(text, default_time=self.finish_time)

    def calendars(self, top: Map) -> dict[str, Calendar]:
        out: dict[str, Calendar] = {}
        bases: dict[str, tuple[str, int]] = {}
        keys = ("name", "base", "week", "exceptions", "recurring", "bank_holidays")
        for node in self.seq(top.items.get("calendars"), "calendars", top.line):
            m = self.mapping(node, "calendar", keys, top.line)
            name = self.text(m, "name", "calendar", required=True)
            what = f"calendar {name!r}"
            if name in out:
                raise self.err(E_DUPLICATE_ID, f"{what} is defined twice", m.line, value=name)
            week: dict[int, DayHours] = {}
            week_node = m.items.get("week")
            if week_node is not None:
                wm = self.mapping(week_node, f"{what}: week", WEEKDAYS, m.line)
                for day_name in wm.items:
                    week[WEEKDAYS.index(day_name)] = self.hours(wm, day_name, what)
            exceptions: dict[date, DayHours] = {}
            for ex in self.seq(m.items.get("exceptions"), f"{what}: exceptions", m.line):
                em = self.mapping(
                    ex, f"{what}: exception", ("name", "date", "from", "to", "hours"), m.line
                )
                hours = self.hours(em, "hours", what) if "hours" in em.items else ()
                first = self.convert(em, "date", what, to_date) or self.convert(
                    em, "from", what, to_date
                )
                if first is None:
                    raise self.err(
                        E_MISSING_KEY, f"{what}: exception needs 'date' or 'from'", em.line
                    )
                last = self.convert(em, "to", what, to_date) or first
                if last < first:
                    raise self.err(
                        E_BAD_CALENDAR, f"{what}: exception ends before it starts", em.line
                    )
                for ordinal in range(first.toordinal(), last.toordinal() + 1):
                    exceptions[date.fromordinal(ordinal)] = hours
            recurring = [
                self.recurring(r, what, m.line)
                for r in self.seq(m.items.get("recurring"), f"{what}: recurring", m.line)
            ]
            base_name = self.text(m, "base", what)
            if base_name:
                bases[name] = (base_name, m.items["base"].line)
            try:
                out[name] = Calendar(
                    name,
                    week=week,
                    exceptions=exceptions,
                    recurring=recurring,
                    bank_holidays=self.text(m, "bank_holidays", what) or None,
                )
            except PlanError as exc:
                raise exc.located(Location(self.filename, m.line)) from None
        for name, (base_name, line) in bases.items():
            base = out.get(base_name)
            if base is None and base_name.lower() in BUILTIN_CALENDARS:
                base = out[base_name] = BUILTIN_CALENDARS[base_name.lower()](base_name)
            if base is None:
                raise self.err(
                    E_UNKNOWN_CALENDAR,
                    f"calendar {name!r}: base calendar {base_name!r} is not defined",
                    line,
                    value=base_name,
                )
            out[name].base = base
        for name in bases:  # a base chain must end
            seen, cal = {name}, out[name].base
            while cal is not None:
                if cal.name in seen:
                    raise self.err(
                        E_BAD_CALENDAR,
                        f"calendar {name!r}: base calendars form a loop",
                        bases[name][1],
                    )
                seen.add(cal.name)
                cal = cal.base
        return out

    def hours(self, m: Map, key: str, what: str) -> DayHours:
        node = self.scalar(m, key, what)
        if node is None or node.value.strip().lower() in ("nonworking", "non-working", "off", ""):
            return ()
        intervals = []
        for part in node.value.split(","):
            bits = part.split("-")
            if len(bits) != 2:
                raise self.err(
                    E_BAD_CALENDAR,
                    f"{what}: {key}: {node.value!r} is not like '08:00-12:00, 13:00-17:00'",
                    node.line,
                    value=node.value,
                )
            try:
                a = parse_time_of_day(bits[0], field="time")
                b = parse_time_of_day(bits[1], field="time")
            except PlanError as exc:
                raise self.err(
                    E_BAD_CALENDAR, f"{what}: {key}: {exc.message}", node.line, value=node.value
                ) from None
            intervals.append((a, b))
        return tuple(intervals)

    def recurring(self, node: Node, what: str, line: int) -> RecurringException:
        keys = (
            "name",
            "pattern",
            "every",
            "on",
            "day",
            "month",
            "week",
            "weekday",
            "from",
            "until",
            "occurrences",
            "hours",
        )
        m = self.mapping(node, f"{what}: recurring exception", keys, line)
        pattern = self.text(m, "pattern", what, required=True)
        if pattern not in ("daily", "weekly", "monthly", "yearly"):
            raise self.err(
                E_BAD_CALENDAR,
                f"{what}: pattern {pattern!r} must be daily, weekly, monthly or yearly",
                m.line,
                value=pattern,
            )
        start = self.convert(m, "from", what, to_date)
        if start is None:
            raise self.err(E_MISSING_KEY, f"{what}: recurring exception needs 'from'", m.line)
        until = self.convert(m, "until", what, to_date)
        occurrences = self.integer(m, "occurrences", what)
        if until is None and occurrences is None:
            raise self.err(
                E_MISSING_KEY, f"{what}: recurring exception needs 'until' or 'occurrences'", m.line
            )
        weekday_name = self.text(m, "weekday", what)
        return RecurringException(
            name=self.text(m, "name", what),
            hours=self.hours(m, "hours", what) if "hours" in m.items else (),
            start=start,
            pattern=pattern,
            end=until,
            occurrences=occurrences,
            period=self.integer(m, "every", what) or 1,
            weekdays=tuple(self.weekday(v, what, m.line) for v in self.strings(m, "on", what)),
            month_day=self.integer(m, "day", what),
            month=self.integer(m, "month", what),
            week_of_month=self.integer(m, "week", what),
            weekday=self.weekday(weekday_name, what, m.line) if weekday_name else None,
        )

    def weekday(self, name: str, what: str, line: int) -> int:
        if name.lower() not in WEEKDAYS:
            raise self.err(E_BAD_CALENDAR, f"{what}: {name!r} is not a weekday", line, value=name)
        return WEEKDAYS.index(name.lower())

    def partners(self, top: Map) -> list[Partner]:
        out = []
        for node in self.seq(top.items.get("partners"), "partners", top.line):
            m = self.mapping(node, "partner", ("code", "name", "short_name"), top.line)
            out.append(
                Partner(
                    code=self.text(m, "code", "partner", required=True),
                    name=self.text(m, "name", "partner", required=True),
                    short_name=self.text(m, "short_name", "partner"),
                )
            )
        self.unique([p.code for p in out], "partner", top)
        return out

    def people(self, top: Map, partners: set[str]) -> list[Person]:
        out = []
        for node in self.seq(top.items.get("people"), "people", top.line):
            m = self.mapping(
                node, "person", ("code", "name", "partner", "job_title", "email"), top.line
            )
            partner = self.text(m, "partner", "person") or None
            if partner is not None and partner not in partners:
                raise self.err(
                    E_UNKNOWN_REFERENCE,
                    f"person: partner {partner!r} is not in partners",
                    m.items["partner"].line,
                    value=partner,
                )
            out.append(
                Person(
                    code=self.text(m, "code", "person", required=True),
                    name=self.text(m, "name", "person", required=True),
                    partner=partner,
                    job_title=self.text(m, "job_title", "person"),
                    email=self.text(m, "email", "person"),
                )
            )
        self.unique([p.code for p in out], "person", top)
        return out

    def board(self, top: Map, people: set[str]) -> list[BoardMember]:
        out = []
        for node in self.seq(top.items.get("board"), "board", top.line):
            m = self.mapping(node, "board member", ("person", "role", "chair"), top.line)
            person = self.reference(m, "person", "board member", people, "people")
            out.append(
                BoardMember(
                    person=person,
                    role=self.text(m, "role", "board member"),
                    chair=bool(self.boolean(m, "chair", "board member")),
                )
            )
        return out

    def work_packages(self, top: Map, people: set[str]) -> list[WorkPackage]:
        keys = (
            "code",
            "name",
            "objectives",
            "outputs",
            "depends_on",
            "dependencies",
            "timescale",
            "due",
            "external_requirements",
            "leads",
            "deputies",
        )
        out = []
        for node in self.seq(top.items.get("work_packages"), "work_packages", top.line):
            m = self.mapping(node, "work package", keys, top.line)
            code = self.text(m, "code", "work package", required=True)
            what = f"work package {code!r}"
            leads = self.strings(m, "leads", what)
            deputies = self.strings(m, "deputies", what)
            for person in leads + deputies:
                if person not in people:
                    raise self.err(
                        E_UNKNOWN_REFERENCE,
                        f"{what}: {person!r} is not in people",
                        m.line,
                        value=person,
                    )
            out.append(
                WorkPackage(
                    code=code,
                    name=self.text(m, "name", what, required=True),
                    objectives=self.strings(m, "objectives", what),
                    outputs=self.strings(m, "outputs", what),
                    depends_on=self.strings(m, "depends_on", what),
                    dependencies=self.text(m, "dependencies", what),
                    timescale=self.text(m, "timescale", what),
                    due=self.convert(m, "due", what, self.finish_date),
                    external_requirements=self.text(m, "external_requirements", what),
                    leads=leads,
                    deputies=deputies,
                )
            )
        codes = [wp.code for wp in out]
        self.unique(codes, "work package", top)
        for wp in out:
            for dep in wp.depends_on:
                if dep not in codes:
                    raise self.err(
                        E_UNKNOWN_REFERENCE,
                        f"work package {wp.code!r}: depends_on {dep!r} is not a work package",
                        top.key_lines.get("work_packages"),
                        value=dep,
                    )
        return out

    def tasks(
        self,
        parent_map: Map,
        parent: int | None,
        out: list[Task],
        wp_codes: set[str],
        calendars: dict[str, Calendar],
    ) -> None:
        for node in self.seq(parent_map.items.get("tasks"), "tasks", parent_map.line):
            m = self.mapping(node, "task", TASK_KEYS, parent_map.line)
            id_node = self.scalar(m, "id", "task", required=True)
            assert id_node is not None
            task_id = self.convert(m, "id", "task", to_int)
            assert task_id is not None
            try:
                task = self.task(m, task_id, parent, wp_codes, calendars)
            except PlanError as exc:
                # Keep reading: ``check`` lists every bad task, not just the first.
                self.errors.append(exc.located(Location(self.filename, m.line)))
                continue
            out.append(task)
            self.tasks(m, task_id, out, wp_codes, calendars)

    def task(
        self,
        m: Map,
        task_id: int,
        parent: int | None,
        wp_codes: set[str],
        calendars: dict[str, Calendar],
    ) -> Task:
        what = f"task {task_id}"
        is_summary = bool(self.seq(m.items.get("tasks"), f"{what}: tasks", m.line))
        duration = self.convert(m, "duration", what, parse_duration)
        if is_summary and duration is not None:
            raise self.err(
                E_BAD_VALUE,
                f"{what}: a summary task takes its duration from its subtasks",
                m.items["duration"].line,
            )
        wp = self.text(m, "work_package", what) or None
        if wp is not None and wp not in wp_codes:
            raise self.err(
                E_UNKNOWN_REFERENCE,
                f"{what}: work_package {wp!r} is not in work_packages",
                m.items["work_package"].line,
                value=wp,
            )
        calendar = self.text(m, "calendar", what) or None
        if calendar is not None and calendar not in calendars:
            builtin = BUILTIN_CALENDARS.get(calendar.lower())
            if builtin is None:
                raise self.err(
                    E_UNKNOWN_CALENDAR,
                    f"{what}: calendar {calendar!r} is not defined",
                    m.items["calendar"].line,
                    value=calendar,
                )
            calendars[calendar] = builtin(calendar)
        pred_node = m.items.get("predecessors")
        predecessors = []
        if isinstance(pred_node, Seq):
            for item in pred_node.items:
                if not isinstance(item, Scalar):
                    raise self.err(
                        E_BAD_VALUE,
                        f"{what}: predecessors must be text like '2SS, 5FS+2d'",
                        item.line,
                    )
                predecessors += (
                    self.convert(
                        Map({"p": item}, item.line),
                        "p",
                        f"{what}: predecessors",
                        parse_predecessors,
                    )
                    or []
                )
        else:
            predecessors = self.convert(m, "predecessors", what, parse_predecessors) or []
        manual = bool(self.boolean(m, "manual", what))
        for key in ("start", "finish"):
            if key in m.items and not manual:
                raise self.err(
                    E_BAD_VALUE,
                    f"{what}: {key} is only for manual tasks (manual: true); to hold an "
                    "automatically scheduled task, use a constraint such as 'SNET 2008-04-08'",
                    m.key_lines[key],
                    value=key,
                )
        progress = self.progress.task(m, what, duration)
        return Task(
            id=task_id,
            uid=self.integer(m, "uid", what),
            name=self.text(m, "name", what, required=True),
            duration=duration or parse_duration("0d"),
            predecessors=predecessors,
            constraint=self.convert(m, "constraint", what, self.constraint),
            deadline=self.convert(m, "deadline", what, self.finish_date),
            calendar=calendar,
            manual=manual,
            start=self.convert(m, "start", what, self.start_date),
            finish=self.convert(m, "finish", what, self.finish_date),
            actual_start=self.convert(m, "actual_start", what, self.start_date),
            actual_finish=self.convert(m, "actual_finish", what, self.finish_date),
            milestone=self.boolean(m, "milestone", what),
            parent=parent,
            work_package=wp,
            wbs=self.text(m, "wbs", what),
            notes=self.text(m, "notes", what),
            percent_complete=progress.percent_complete,
            remaining=progress.remaining,
            resume=progress.resume,
            line=m.line,
        )

    def constraint(self, text: str) -> Constraint:
        """``ASAP``, ``ALAP`` or a dated type: ``SNET 2008-04-08`` / ``MFO 2008-06-06 12:00``."""
        found = parse_constraint(text, start_time=self.start_time, finish_time=self.finish_time)
        assert found is not None  # an empty value is read as "no constraint" before this
        return found


__all__ = ["PlanErrors", "read_plan_file", "read_plan_text"]
