"""The ``projectboard`` command.

Exit status: 0 on success, 1 when the input is invalid (the problems go to stderr, each with
file, line, task, value and code), 2 on bad usage. ``diff`` follows diff(1) instead: 0 when
nothing changed, 1 when something did, 2 on trouble (a file that cannot be read or scheduled).
What the commands print is formatted in ``cli_output``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from projectboard import __version__
from projectboard.cli_output import diff_json, diff_rows, print_table, schedule_json
from projectboard.engine.baselines import baseline_name, save_baseline
from projectboard.engine.calendar import WorkTime
from projectboard.engine.diff import (
    PlanDiff,
    baseline_snapshot,
    diff_snapshots,
    format_diff,
    schedule_snapshot,
)
from projectboard.engine.errors import E_FILE, Location, PlanError, PlanErrors
from projectboard.engine.model import Plan
from projectboard.engine.progress import reschedule_uncompleted_work
from projectboard.engine.scheduler import schedule
from projectboard.engine.validate import validate
from projectboard.planfile import read_any
from projectboard.planfile.table import UK_DATE_FORMAT, import_table, table_rows, write_csv
from projectboard.planfile.yamlwrite import dump_plan

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _read(args: argparse.Namespace) -> Plan:
    return read_any(args.file, date_format=args.date_format)


def cmd_schedule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = Path(args.file)
    if path.suffix.lower() in (".csv", ".xlsx"):
        imported = import_table(path, date_format=args.date_format)
        plan, result = imported.plan, imported.schedule
        for mismatch in imported.mismatches:
            print(f"warning: {mismatch.error(str(path))}", file=err)
    elif path.suffix.lower() in (".xml", ".mpp"):
        from projectboard.interop import read_ms_project

        mspdi = read_ms_project(path)
        for warning in mspdi.warnings:
            print(f"warning: {warning.located(str(path))}", file=err)
        plan, result = mspdi.plan, schedule(mspdi.plan)
    else:
        plan = _read(args)
        result = schedule(plan)
    if args.reschedule:
        plan = reschedule_uncompleted_work(plan)
        result = schedule(plan)
    tasks = result.critical_path() if args.critical else result.tasks
    if args.format == "json":
        data = schedule_json(plan, result)
        if args.critical:
            keep = {t.id for t in tasks}
            data["tasks"] = [t for t in data["tasks"] if t["id"] in keep]
        json.dump(data, out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        rows = table_rows(plan, result, date_format=args.date_format)
        wanted = {str(t.id) for t in tasks}
        out.write(write_csv([rows[0], *(r for r in rows[1:] if r[0] in wanted)]))
    else:
        print_table(plan, result, tasks, out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = Path(args.file)
    problems: list[PlanError] = []
    try:
        if path.suffix.lower() in (".csv", ".xlsx"):
            imported = import_table(path, date_format=args.date_format)
            plan = imported.plan
            problems += [m.error(str(path)) for m in imported.mismatches]
        else:
            plan = _read(args)
        problems += [e.located(Location(str(path))) for e in validate(plan)]
    except PlanErrors as exc:
        problems += exc.errors
    except PlanError as exc:
        problems.append(exc)
    for problem in problems:
        print(PlanError.__str__(problem), file=err)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=err)
        return EXIT_INVALID
    print(f"{path}: OK, {len(plan.tasks)} tasks", file=out)
    return EXIT_OK


def cmd_import_table(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project_start = None
    if args.project_start:
        try:
            project_start = datetime.combine(
                date.fromisoformat(args.project_start), datetime.min.time()
            ).replace(hour=8)
        except ValueError:
            raise PlanError(
                "E_BAD_DATE",
                f"--project-start {args.project_start!r} is not a date like 2008-03-07",
                value=args.project_start,
            ) from None
    imported = import_table(
        args.file, date_format=args.date_format, name=args.name, project_start=project_start
    )
    for mismatch in imported.mismatches:
        print(mismatch.error(args.file), file=err)
    if imported.mismatches and not args.allow_mismatch:
        print(
            f"{args.file}: {len(imported.mismatches)} date(s) not reproduced; nothing written "
            "(use --allow-mismatch to write anyway)",
            file=err,
        )
        return EXIT_INVALID
    _write(args.output, dump_plan(imported.plan))
    inferred = ", ".join(str(i) for i in sorted(imported.inferred)) or "none"
    print(
        f"wrote {args.output}: {len(imported.rows)} tasks; Start No Earlier Than inferred for "
        f"tasks {inferred}",
        file=err,
    )
    return EXIT_OK


EXPORT_SUFFIXES = (".xml", ".csv", ".xlsx", ".yaml", ".yml")


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    suffix = Path(args.output).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise PlanError(
            E_FILE,
            f"cannot export to {suffix or 'a file without a suffix'!r}; "
            f"use one of {', '.join(EXPORT_SUFFIXES)}",
            location=Location(args.output),
            value=suffix,
        )
    plan = _read(args)
    if args.reschedule:
        plan = reschedule_uncompleted_work(plan)
    result = schedule(plan)
    content: str | bytes
    if suffix == ".xml":
        from projectboard.interop.mspdi_write import write_mspdi

        content = write_mspdi(plan, result)
    elif suffix in (".yaml", ".yml"):
        content = dump_plan(plan)
    else:
        rows = table_rows(plan, result, date_format=args.date_format)
        if suffix == ".csv":
            content = write_csv(rows)
        else:
            from projectboard.planfile.table_write import write_xlsx

            content = write_xlsx(rows)
    _write(args.output, content)
    print(f"wrote {args.output}: {len(plan.tasks)} tasks", file=err)
    return EXIT_OK


def cmd_gantt(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from projectboard.reports.gantt import render_gantt

    plan = _read(args)
    result = schedule(plan)
    today = date.fromisoformat(args.today) if args.today else None
    _write(args.output, render_gantt(plan, result, colour_by=args.colour_by, today=today))
    print(f"wrote {args.output}: {len(result.tasks)} tasks", file=err)
    return EXIT_OK


EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2  # as diff(1) has them


def cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Compare two snapshots; exit 0 when no task was added, removed or moved, 1 when one
    was, 2 when a file could not be read or scheduled (as ``diff`` does)."""
    try:
        found = _diff(args)
    except PlanErrors as exc:
        for problem in exc.errors:
            print(PlanError.__str__(problem), file=err)
        return EXIT_TROUBLE
    except PlanError as exc:
        print(str(exc), file=err)
        return EXIT_TROUBLE
    if args.format == "json":
        json.dump(diff_json(found), out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        out.write(write_csv(diff_rows(found)))
    else:
        out.write(format_diff(found))
    return EXIT_SAME if found.same else EXIT_DIFFERENT


def _diff(args: argparse.Namespace) -> PlanDiff:
    if args.new is None and args.baseline is None and args.new_baseline is None:
        raise PlanError(
            E_FILE, "diff needs a second plan file, or --baseline N to compare with a baseline"
        )

    def read(path: str) -> Plan:
        try:
            return read_any(path, date_format=args.date_format)
        except PlanErrors:
            raise
        except PlanError as exc:
            raise exc.located(Location(path)) from None

    old_plan = read(args.old)
    new_path = args.new or args.old
    new_plan = read(args.new) if args.new else old_plan
    if args.baseline is not None:
        label = f"{args.old} ({baseline_name(args.baseline)})"
        try:
            old = baseline_snapshot(old_plan, args.baseline, label)
        except PlanError as exc:
            raise exc.located(Location(args.old)) from None
    else:
        old = schedule_snapshot(schedule(old_plan), args.old)
    if args.new_baseline is not None:
        label = f"{new_path} ({baseline_name(args.new_baseline)})"
        try:
            new = baseline_snapshot(new_plan, args.new_baseline, label)
        except PlanError as exc:
            raise exc.located(Location(new_path)) from None
    else:
        new = schedule_snapshot(schedule(new_plan), new_path)
    axis = WorkTime(new_plan.calendars[new_plan.calendar])
    return diff_snapshots(old, new, axis, new_plan.settings.minutes_per_day)


def cmd_baseline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Save baseline N (MS Project's Set Baseline) and write the plan to a YAML or XML file."""
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".yaml", ".yml", ".xml"):
        raise PlanError(
            E_FILE,
            f"cannot write a baseline to {suffix or 'a file without a suffix'!r}; "
            "use .yaml or .xml",
            location=Location(args.output),
            value=suffix,
        )
    plan = _read(args)
    result = schedule(plan)
    plan = save_baseline(plan, result, args.number)
    if suffix == ".xml":
        from projectboard.interop.mspdi_write import write_mspdi

        _write(args.output, write_mspdi(plan, result))
    else:
        _write(args.output, dump_plan(plan))
    print(f"wrote {args.output}: {baseline_name(args.number)} of {len(plan.tasks)} tasks", file=err)
    return EXIT_OK


def _write(output: str, content: str | bytes) -> None:
    """Write whole or not at all: a temporary file renamed into place."""
    path = Path(output)
    tmp = path.with_name(f".{path.name}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PlanError(
            E_FILE, f"cannot write: {exc.strerror}", location=Location(output)
        ) from None


RESCHEDULE_HELP = (
    "first reschedule uncompleted work to start after the status date (MS Project's Update Project)"
)


def cmd_remind(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """E-mail leads whose RAG return is due or late: the web app's ``projectboard_remind``,
    against the web app's database and e-mail settings (for cron). The engine commands above
    never load Django; this one does, on demand."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectboard.web.settings")
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    options = ["--dry-run"] if args.dry_run else []
    if args.as_at:
        options += ["--as-at", args.as_at]
    if args.project is not None:
        options += ["--project", str(args.project)]
    try:
        call_command("projectboard_remind", *options, stdout=out, stderr=err)
    except CommandError as exc:
        print(f"projectboard remind: {exc}", file=err)
        return EXIT_USAGE
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="projectboard",
        description="Plan and schedule joint projects the way MS Project does.",
    )
    parser.add_argument("--version", action="version", version=f"projectboard {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def plan_command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("file", help="plan file: .yaml, .csv, .xlsx, MS Project .xml or .mpp")
        p.add_argument(
            "--date-format",
            default=UK_DATE_FORMAT,
            help="strftime format of table dates (default %(default)s, e.g. %%m/%%d/%%Y)",
        )
        return p

    p = plan_command("schedule", "Schedule a plan and print every task's dates and float.")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--critical", action="store_true", help="only the critical path")
    p.add_argument("--reschedule", action="store_true", help=RESCHEDULE_HELP)
    p.set_defaults(func=cmd_schedule)

    p = plan_command("check", "Validate a plan and list every problem.")
    p.set_defaults(func=cmd_check)

    p = plan_command("import-table", "Turn a plan table (CSV/XLSX) into a YAML plan file.")
    p.add_argument("-o", "--output", required=True, help="YAML file to write")
    p.add_argument("--name", help="project name (default: the file name)")
    p.add_argument(
        "--project-start", help="project start date, YYYY-MM-DD (default: earliest Start)"
    )
    p.add_argument("--allow-mismatch", action="store_true", help="write even if dates differ")
    p.set_defaults(func=cmd_import_table)

    p = plan_command(
        "export", "Write a plan as MS Project XML, a CSV/XLSX plan table, or a YAML plan file."
    )
    p.add_argument("-o", "--output", required=True, help="file to write: .xml, .csv, .xlsx, .yaml")
    p.add_argument("--reschedule", action="store_true", help=RESCHEDULE_HELP)
    p.set_defaults(func=cmd_export)

    p = plan_command("gantt", "Draw the plan's Gantt chart as SVG.")
    p.add_argument("-o", "--output", required=True, help="SVG file to write")
    p.add_argument("--colour-by", choices=("work_package", "partner"), default="work_package")
    p.add_argument("--today", help="draw a today line at this date, YYYY-MM-DD")
    p.set_defaults(func=cmd_gantt)

    p = plan_command("baseline", "Save the schedule as baseline N and write the plan.")
    p.add_argument("-o", "--output", required=True, help="file to write: .yaml or .xml")
    p.add_argument(
        "--number",
        type=int,
        default=0,
        choices=range(11),
        metavar="N",
        help="baseline number, 0 (Baseline) to 10 (default 0)",
    )
    p.set_defaults(func=cmd_baseline)

    help_text = (
        "Show tasks added, removed and moved between two plans, or a plan and its baseline. "
        "Exit status: 0 nothing changed, 1 something did, 2 trouble."
    )
    p = sub.add_parser("diff", help=help_text, description=help_text)
    p.add_argument("old", help="the older plan file (any format schedule reads)")
    p.add_argument("new", nargs="?", help="the newer plan file (default: OLD itself)")
    p.add_argument("--baseline", type=int, metavar="N", help="compare baseline N (0-10) of OLD")
    p.add_argument(
        "--new-baseline", type=int, metavar="N", help="... with baseline N (0-10) of NEW"
    )
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--date-format", default=UK_DATE_FORMAT, help="strftime format of table dates")
    p.set_defaults(func=cmd_diff)

    help_text = (
        "E-mail the work-package leads and deputies whose RAG return is due within two days "
        "or late (the web app's database and e-mail settings; run it daily from cron)."
    )
    p = sub.add_parser("remind", help=help_text, description=help_text)
    p.add_argument("--as-at", help="remind as at this day, YYYY-MM-DD (default: today)")
    p.add_argument("--project", type=int, help="only this project (its id)")
    p.add_argument("--dry-run", action="store_true", help="list whom, but send nothing")
    p.set_defaults(func=cmd_remind)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        code: int = args.func(args, out, err)
        return code
    except PlanErrors as exc:
        for problem in exc.errors:
            print(PlanError.__str__(problem), file=err)
        return EXIT_INVALID
    except PlanError as exc:
        print(str(exc.located(Location(args.file))), file=err)
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into `head` and closed early
        return EXIT_OK


# ``schedule_json`` is re-exported: the web API serves the same JSON as ``schedule --format json``.
__all__ = ["main", "schedule_json"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
