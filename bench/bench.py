"""Benchmark: parse a YAML plan file and schedule it, for plans of 1,000 to 100,000 tasks.

Run with ``make bench`` (or ``.venv/bin/python bench/bench.py --sizes 1000 --repeat 1``).
For each size a seeded random plan (``bench/generate.py``) is dumped to YAML text, untimed;
then ``read_plan_text(text)`` (parse) and ``schedule(plan)`` (forward, backward and float
passes) are each timed ``--repeat`` times and the best time is kept.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.table import Table

from projectboard.engine import schedule
from projectboard.interop.mspdi import read_mspdi_bytes
from projectboard.interop.mspdi_write import write_mspdi
from projectboard.planfile import read_plan_text

T = TypeVar("T")

DEFAULT_SIZES = (1_000, 10_000, 100_000)
SEED = 20261126
TARGET_TASKS = 100_000
TARGET_SECONDS = 1.0


@dataclass
class Result:
    size: int
    links: int
    parse_s: float | None = None
    schedule_s: float | None = None
    xml_export_s: float | None = None
    xml_parse_s: float | None = None
    xml_mb: float | None = None
    error: str | None = None


def best_time(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The fastest of ``repeat`` calls of ``fn`` and the last value it returned."""
    best = float("inf")
    value: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    assert value is not None
    return best, value


def run_size(size: int, repeat: int, summaries: bool, console: Console) -> Result:
    from bench.generate import plan_yaml, random_plan

    with console.status(f"{size:,} tasks: generating and writing YAML (untimed)"):
        plan = random_plan(size, SEED, summaries=summaries)
        text = plan_yaml(plan)
    result = Result(size, sum(len(t.predecessors) for t in plan.tasks))
    with console.status(f"{size:,} tasks: parsing x{repeat}"):
        result.parse_s, parsed = best_time(lambda: read_plan_text(text), repeat)
    if len(parsed.tasks) != size:
        result.error = f"parsed {len(parsed.tasks)} tasks, expected {size}"
        return result
    with console.status(f"{size:,} tasks: scheduling x{repeat}"):
        try:
            result.schedule_s, scheduled = best_time(lambda: schedule(parsed), repeat)
        except Exception as exc:  # an engine bug: report it in the table, keep going
            result.error = f"schedule failed: {type(exc).__name__}: {exc}"
            return result
    with console.status(f"{size:,} tasks: MS Project XML export and parse x{repeat}"):
        result.xml_export_s, xml = best_time(lambda: write_mspdi(parsed, scheduled), repeat)
        result.xml_mb = len(xml) / 1e6
        result.xml_parse_s, imported = best_time(lambda: read_mspdi_bytes(xml), repeat)
    if len(imported.plan.tasks) != size:
        result.error = f"MS Project XML read back {len(imported.plan.tasks)} tasks, expected {size}"
    return result


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _rate(size: int, value: float | None) -> str:
    return "-" if not value else f"{size / value:,.0f}"


def results_table(results: Sequence[Result], repeat: int) -> Table:
    table = Table(title=f"projectboard: parse, schedule, MS Project XML (best of {repeat})")
    table.add_column("tasks", justify="right")
    table.add_column("links", justify="right")
    table.add_column("parse s", justify="right")
    table.add_column("parse tasks/s", justify="right")
    table.add_column("schedule s", justify="right")
    table.add_column("schedule tasks/s", justify="right")
    table.add_column("XML MB", justify="right")
    table.add_column("XML export s", justify="right")
    table.add_column("XML parse s", justify="right")
    for r in results:
        table.add_row(
            f"{r.size:,}",
            f"{r.links:,}",
            _seconds(r.parse_s),
            _rate(r.size, r.parse_s),
            _seconds(r.schedule_s),
            _rate(r.size, r.schedule_s),
            "-" if r.xml_mb is None else f"{r.xml_mb:.1f}",
            _seconds(r.xml_export_s),
            _seconds(r.xml_parse_s),
        )
    return table


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs"


def parse_sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated plan sizes in tasks (default: 1000,10000,100000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per step, best kept (default: 3)"
    )
    parser.add_argument(
        "--no-summaries", action="store_true", help="generate plans without summary tasks"
    )
    args = parser.parse_args(argv)
    sizes: list[int] = args.sizes
    repeat: int = max(1, args.repeat)

    console = Console(width=140)
    console.print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    console.print(f"Machine: {machine()}")
    results = [run_size(n, repeat, not args.no_summaries, console) for n in sizes]
    console.print(results_table(results, repeat))
    for r in results:
        if r.error:
            console.print(f"[red]{r.size:,} tasks: {r.error}[/red]", highlight=False)
    target = next((r for r in results if r.size == TARGET_TASKS), None)
    if target is not None and target.schedule_s is not None:
        met = "met" if target.schedule_s < TARGET_SECONDS else "NOT met"
        console.print(
            f"Target: {TARGET_TASKS:,} tasks scheduled in < {TARGET_SECONDS:g} s: {met} "
            f"({target.schedule_s:.3f} s)"
        )
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    # Run as a script (``python bench/bench.py``): put the repository root first on the
    # path so that ``bench`` is this package, not this file.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
