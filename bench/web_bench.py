"""Benchmark the web app: page timings and an API read under concurrent load on loopback.

Run with ``.venv/bin/python bench/web_bench.py`` (``--tasks``, ``--clients``, ``--requests``
to change the sizes). It sets its own settings module, secret key and a temporary SQLite
database (WAL, as in production), migrates it, and removes it afterwards.

- Pages: the seed project (``examples/shared-ict/plan.yaml``) and a generated project of
  ``--tasks`` tasks (``bench/generate.py``'s ``random_plan(n, seed, summaries=False)``), each
  page fetched through Django's test ``Client`` as the project manager: plan table, Gantt and
  project dashboard, once with an empty cache ("first": the plan is scheduled) and then the
  median of ``--repeat`` (5) reads (the schedule is cached per plan revision); and saving the
  first task in place on the plan page (htmx POST; median of ``--repeat``).
- API: a threaded WSGI server (Django's ``ThreadedWSGIServer``) on 127.0.0.1, a bearer token
  from ``api_token_create``, and ``--clients`` threads each sending ``--requests`` requests
  to ``GET /api/projects/<id>/tasks`` (its first page: 100 tasks) one after another (each
  thread stops early after ``--max-seconds``); requests/s over the whole run, p50 and p95
  latency.

The web app stores only what a plan on the Standard calendar without dates, deadlines or
progress needs; the generated plan is trimmed to that before import (see ``web_plan``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from projectboard.engine import Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "shared-ict" / "plan.yaml"
GEN_SEED = 20261126


@dataclass
class PageTimes:
    project: str
    tasks: int
    ms: dict[str, float] = field(default_factory=dict)


@dataclass
class LoadResult:
    project: str
    tasks: int
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _configure(data_dir: Path) -> None:
    """Settings for a throwaway database; must run before Django is imported."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "projectboard.web.settings"
    os.environ["PROJECTBOARD_DATA_DIR"] = str(data_dir)
    os.environ["PROJECTBOARD_SECRET_KEY"] = "bench-only-secret-key"
    os.environ["PROJECTBOARD_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("PROJECTBOARD_DEBUG", None)
    import django

    django.setup()


def web_plan(n_tasks: int, seed: int) -> tuple[Plan, list[str]]:
    """``random_plan(n_tasks, seed, summaries=False)`` trimmed to what the web app stores:
    the Standard calendar (no bank holidays), no deadlines, pinned dates, manual or milestone
    flags. Returns the plan and what was removed."""
    sys.path.insert(0, str(REPO))
    from bench.generate import random_plan
    from projectboard.engine.calendar import standard_calendar

    plan = random_plan(n_tasks, seed, summaries=False)
    removed: dict[str, int] = {}
    if plan.calendar != "Standard" or list(plan.calendars) != ["Standard"]:
        removed["custom calendar"] = 1
    plan.calendar = "Standard"
    plan.calendars = {"Standard": standard_calendar("Standard")}
    for t in plan.tasks:
        for name in ("deadline", "calendar", "start", "finish", "milestone", "uid"):
            if getattr(t, name) is not None:
                removed[name] = removed.get(name, 0) + 1
                setattr(t, name, None)
        for name, empty in (("manual", False), ("wbs", ""), ("notes", ""), ("percent_complete", 0)):
            if getattr(t, name) != empty:
                removed[name] = removed.get(name, 0) + 1
                setattr(t, name, empty)
    return plan, [f"{name} ({count})" for name, count in sorted(removed.items())]


def _pm_for(project_id: int, username: str) -> User:
    """A user who is project manager of the project (the seed's PM if it has one)."""
    from django.contrib.auth.models import User

    from projectboard.web.projects.models import Membership, Person, Role

    user = User.objects.create_user(username)
    pm = Membership.objects.filter(project_id=project_id, role=Role.PM).first()
    if pm is not None:
        person = pm.person
        person.user = user
        person.save()
    else:
        person = Person.objects.create(name=f"PM {username}", user=user)
        Membership.objects.create(project_id=project_id, person=person, role=Role.PM)
    return user


def median_ms(fn: Callable[[], None], repeat: int) -> float:
    fn()  # warm-up: template loading, first connection
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def time_pages(label: str, project_id: int, user: User, tasks: int, repeat: int) -> PageTimes:
    """Each page once with an empty cache (the first read after a change: the plan is
    scheduled), then the median of ``repeat`` reads (the schedule comes from the cache); and
    saving a task in place on the plan page (the service reschedules the plan to check the
    change, then the whole table is rendered again)."""
    from django.core.cache import cache
    from django.test import Client

    from projectboard.web.projects.models import Task

    client = Client()
    client.force_login(user)
    result = PageTimes(label, tasks)
    pages = {
        "plan table": f"/projects/{project_id}/plan/",
        "Gantt": f"/projects/{project_id}/gantt/",
        "dashboard": f"/projects/{project_id}/?as_at=2008-04-18",
    }
    for name, url in pages.items():

        def get(url: str = url) -> None:
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")

        client.get(url, secure=True)  # templates and connections warm, as in median_ms
        cache.clear()
        start = time.perf_counter()
        get()
        result.ms[f"{name} first"] = (time.perf_counter() - start) * 1000
        result.ms[name] = median_ms(get, repeat)

    first = Task.objects.filter(project_id=project_id).order_by("number").first()
    assert first is not None
    url = f"/projects/{project_id}/tasks/{first.number}/inline-edit/"
    durations = iter(["7d", "8d"] * (repeat + 1))

    def save() -> None:
        row = Task.objects.get(pk=first.pk)
        data = {
            "name": row.name,
            "duration": next(durations),
            "predecessors": row.predecessors,
            "constraint": row.constraint,
            "version": str(row.version),
        }
        response = client.post(url, data, headers={"HX-Request": "true"}, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")

    result.ms["save in place"] = median_ms(save, repeat)
    return result


def api_load(
    label: str,
    project_id: int,
    tasks: int,
    token: str,
    port: int,
    clients: int,
    requests: int,
    max_seconds: float,
) -> LoadResult:
    path = f"/api/projects/{project_id}/tasks"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)

    def worker() -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        start_gate.wait()
        deadline = time.perf_counter() + max_seconds
        for _ in range(requests):
            if time.perf_counter() > deadline:
                break
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                conn.close()
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return LoadResult(label, tasks, clients, len(latencies), errors, elapsed, latencies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tasks", type=int, default=5_000, help="size of the generated project")
    parser.add_argument("--repeat", type=int, default=5, help="timed fetches per page")
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients")
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    parser.add_argument(
        "--large-requests", type=int, default=10, help="requests per client, generated project"
    )
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time limit per client")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    with tempfile.TemporaryDirectory(prefix="projectboard-web-bench-") as tmp:
        _configure(Path(tmp))
        from django.core.management import call_command
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application
        from django.db import connections

        from projectboard.planfile import read_plan_file
        from projectboard.web.api.tokens import api_token_create
        from projectboard.web.projects.services import project_import_plan

        call_command("migrate", verbosity=0, interactive=False)

        t0 = time.perf_counter()
        seed = project_import_plan(plan=read_plan_file(SEED), by=None)
        seed_import_s = time.perf_counter() - t0
        plan, removed = web_plan(args.tasks, GEN_SEED)
        t0 = time.perf_counter()
        large = project_import_plan(plan=plan, by=None)
        large_import_s = time.perf_counter() - t0
        seed_tasks = seed.tasks.count()
        large_tasks = large.tasks.count()
        seed_pm = _pm_for(seed.pk, "bench-seed-pm")
        large_pm = _pm_for(large.pk, "bench-large-pm")

        pages = [
            time_pages("seed (shared-ict)", seed.pk, seed_pm, seed_tasks, args.repeat),
            time_pages(f"generated {large_tasks:,}", large.pk, large_pm, large_tasks, args.repeat),
        ]

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
        server.set_app(get_wsgi_application())
        port = server.server_address[1]
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        try:
            loads = [
                api_load(
                    "seed (shared-ict)",
                    seed.pk,
                    seed_tasks,
                    api_token_create(user=seed_pm, name="bench"),
                    port,
                    args.clients,
                    args.requests,
                    args.max_seconds,
                ),
                api_load(
                    f"generated {large_tasks:,}",
                    large.pk,
                    large_tasks,
                    api_token_create(user=large_pm, name="bench"),
                    port,
                    args.clients,
                    args.large_requests,
                    args.max_seconds,
                ),
            ]
        finally:
            server.shutdown()
            server.server_close()
            serving.join(timeout=10)
        connections.close_all()

    console.print(
        f"{datetime.now():%Y-%m-%d}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; SQLite (WAL), temp DB"
    )
    console.print(
        f"Import: seed {seed_tasks} tasks {seed_import_s:.2f} s; "
        f"generated {large_tasks:,} tasks {large_import_s:.2f} s"
    )
    if removed:
        console.print("Removed from the generated plan before import: " + ", ".join(removed))

    table = Table(title=f"Pages (Django test Client, ms: first read, then median of {args.repeat})")
    table.add_column("project")
    table.add_column("tasks", justify="right")
    for name in pages[0].ms:
        table.add_column(name, justify="right")
    for p in pages:
        table.add_row(p.project, f"{p.tasks:,}", *(f"{v:,.1f}" for v in p.ms.values()))
    console.print(table)

    table = Table(title="API GET /api/projects/<id>/tasks, threaded WSGI server on 127.0.0.1")
    for name in ("project", "tasks", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms"):
        table.add_column(name, justify="left" if name == "project" else "right")
    for r in loads:
        table.add_row(
            r.project,
            f"{r.tasks:,}",
            str(r.clients),
            str(r.requests),
            str(r.errors),
            f"{r.rps:,.1f}",
            f"{r.percentile(50) * 1000:,.1f}",
            f"{r.percentile(95) * 1000:,.1f}",
        )
    console.print(table)
    return 1 if any(r.errors for r in loads) else 0


if __name__ == "__main__":
    sys.exit(main())
