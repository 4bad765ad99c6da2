"""The projectboard command: outputs, exit statuses, and nothing written on failure."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from projectboard.cli import main

PLAN = """\
project:
  name: Demo
  start: 2008-03-07
tasks:
  - {id: 1, name: Design, duration: 2d}
  - {id: 2, name: Build, duration: 3d, predecessors: "1"}
  - {id: 3, name: Docs, duration: 1d, predecessors: "1"}
  - {id: 4, name: Done, duration: 0d, predecessors: "2,3"}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_schedule_seed_table_as_csv_reproduces_it(seed_table: Path) -> None:
    code, out, err = run("schedule", str(seed_table), "--format", "csv")
    assert (code, err) == (0, "")
    assert out == seed_table.read_text()


def test_schedule_json(tmp_path: Path) -> None:
    code, out, _ = run("schedule", write(tmp_path, PLAN), "--format", "json")
    assert code == 0
    tasks = json.loads(out)["tasks"]
    assert tasks[1] == {
        "id": 2,
        "uid": 2,
        "name": "Build",
        "level": 1,
        "summary": False,
        "milestone": False,
        "duration_minutes": 1440,
        "start": "2008-03-11T08:00",
        "finish": "2008-03-13T17:00",
        "early_start": "2008-03-11T08:00",
        "early_finish": "2008-03-13T17:00",
        "late_start": "2008-03-11T08:00",
        "late_finish": "2008-03-13T17:00",
        "total_float_minutes": 0,
        "free_float_minutes": 0,
        "critical": True,
        "deadline": None,
        "deadline_missed": False,
        "predecessors": "1",
        "work_package": None,
    }
    assert (tasks[2]["total_float_minutes"], tasks[2]["critical"]) == (960, False)
    assert (tasks[3]["start"], tasks[3]["finish"]) == ("2008-03-13T17:00", "2008-03-13T17:00")


def test_critical_path_only(tmp_path: Path) -> None:
    code, out, _ = run("schedule", write(tmp_path, PLAN), "--format", "json", "--critical")
    assert code == 0
    assert [t["id"] for t in json.loads(out)["tasks"]] == [1, 2, 4]


def test_table_output_lists_every_task(tmp_path: Path) -> None:
    code, out, _ = run("schedule", write(tmp_path, PLAN))
    assert code == 0
    assert "Demo: 07/03/08 to 13/03/08" in out
    assert "Fri 07/03/08 08:00" in out and "Thu 13/03/08 17:00" in out


def test_check_lists_every_problem(tmp_path: Path) -> None:
    bad = PLAN.replace('predecessors: "1"}', 'predecessors: "9"}')
    path = write(tmp_path, bad)
    code, out, err = run("check", path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:6: task 2: predecessor '9' does not exist [E_UNKNOWN_PREDECESSOR]",
        f"{path}:7: task 3: predecessor '9' does not exist [E_UNKNOWN_PREDECESSOR]",
        f"{path}: 2 problem(s)",
    ]


def test_check_ok(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN)
    assert run("check", path) == (0, f"{path}: OK, 4 tasks\n", "")


def test_cycle_names_the_tasks(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN.replace("duration: 2d}", 'duration: 2d, predecessors: "4"}'))
    code, _, err = run("schedule", path)
    assert code == 1
    assert err == f"{path}:5: dependency cycle: 1 -> 2 -> 4 -> 1 [E_CYCLE]\n"


def test_bad_usage_exits_2() -> None:
    assert run("schedule")[0] == 2
    assert run("schedule", "x.yaml", "--format", "pdf")[0] == 2
    assert run("frobnicate")[0] == 2


def test_missing_file_exits_1(tmp_path: Path) -> None:
    code, _, err = run("schedule", str(tmp_path / "none.yaml"))
    assert code == 1
    assert "none.yaml: cannot read: No such file or directory [E_FILE]" in err


def test_import_table_writes_a_plan_that_schedules_the_same(
    seed_table: Path, tmp_path: Path
) -> None:
    output = tmp_path / "seed.yaml"
    code, _, err = run("import-table", str(seed_table), "-o", str(output))
    assert code == 0
    assert "Start No Earlier Than inferred for tasks 3, 4, 5, 14" in err
    code, out, _ = run("schedule", str(output), "--format", "csv")
    assert out == seed_table.read_text()


def test_import_table_with_mismatch_writes_nothing(tmp_path: Path) -> None:
    table = write(
        tmp_path,
        "ID,Task Name,Duration,Start,End,Predecessors\n"
        "1,A,2 d,07/03/08,10/03/08,\n"
        "2,B,1 d,10/03/08,10/03/08,1\n",
        "t.csv",
    )
    output = tmp_path / "out.yaml"
    code, _, err = run("import-table", table, "-o", str(output))
    assert code == 1
    assert "task 2: Start is 10/03/08 in the table but schedules to 11/03/08" in err
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [Path(table)]
    assert run("import-table", table, "-o", str(output), "--allow-mismatch")[0] == 0
    assert output.exists()


def test_installed_command_runs(seed_table: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "projectboard.cli", "schedule", str(seed_table), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert len(json.loads(done.stdout)["tasks"]) == 19


TRACKED = """\
project:
  name: Demo
  start: 2008-03-03
  status_date: 2008-03-07
tasks:
  - {id: 1, name: Design, duration: 3d, actual_start: 2008-03-03, actual_finish: 2008-03-05}
  - {id: 2, name: Build, duration: 4d, predecessors: 1, actual_start: 2008-03-06, remaining: 3d}
  - {id: 3, name: Docs, duration: 2d, predecessors: 2}
"""


def test_diff_exit_status_is_that_of_diff(tmp_path: Path) -> None:
    old = write(tmp_path, PLAN, "old.yaml")
    new = write(tmp_path, PLAN.replace("duration: 3d", "duration: 4d"), "new.yaml")
    assert run("diff", old, old) == (
        0,
        f"--- {old}\n+++ {old}\nproject finish: 2008-03-13 17:00 -> 2008-03-13 17:00 (0 d)\n"
        "no tasks added, removed or moved\n",
        "",
    )
    code, out, err = run("diff", old, new)
    assert (code, err) == (1, "")
    assert out == (
        f"--- {old}\n+++ {new}\n"
        "project finish: 2008-03-13 17:00 -> 2008-03-14 17:00 (+1 d)\n"
        "moved (2):\n"
        "  ~ 2 Build: start 0 d (2008-03-11 08:00 -> 2008-03-11 08:00); finish +1 d "
        "(2008-03-13 17:00 -> 2008-03-14 17:00); duration +1 d; critical yes -> yes\n"
        "  ~ 4 Done: start +1 d (2008-03-13 17:00 -> 2008-03-14 17:00); finish +1 d "
        "(2008-03-13 17:00 -> 2008-03-14 17:00); critical yes -> yes\n"
    )
    missing = str(tmp_path / "missing.yaml")
    assert run("diff", old, missing) == (
        2,
        "",
        f"{missing}: cannot read: No such file or directory [E_FILE]\n",
    )
    assert run("diff", old)[0] == 2  # nothing to compare with


def test_diff_as_csv_and_json(tmp_path: Path) -> None:
    old = write(tmp_path, PLAN, "old.yaml")
    new = write(
        tmp_path, PLAN.replace("  - {id: 3, name: Docs", "  - {id: 5, name: Docs"), "new.yaml"
    )
    new_text = Path(new).read_text().replace('predecessors: "2,3"', 'predecessors: "2,5"')
    Path(new).write_text(new_text)
    code, out, _ = run("diff", old, new, "--format", "csv")
    assert code == 1
    assert out.splitlines() == [
        "change,id,name,summary,old_start,new_start,start_slip_days,old_finish,new_finish,"
        "finish_slip_days,duration_change_days,critical_then,critical_now",
        "added,5,Docs,no,,2008-03-11T08:00,,,2008-03-11T17:00,,,,no",
        "removed,3,Docs,no,2008-03-11T08:00,,,2008-03-11T17:00,,,,no,",
    ]
    code, out, _ = run("diff", old, new, "--format", "json")
    data = json.loads(out)
    assert (code, data["same"], data["finish_slip_days"]) == (1, False, "0")
    assert [(c["change"], c["id"]) for c in data["changes"]] == [("added", 5), ("removed", 3)]


def test_baseline_then_diff_against_it(tmp_path: Path) -> None:
    plan = write(tmp_path, PLAN)
    saved = str(tmp_path / "saved.yaml")
    assert run("baseline", plan, "--number", "2", "-o", saved) == (
        0,
        "",
        f"wrote {saved}: Baseline 2 of 4 tasks\n",
    )
    assert run("diff", saved, "--baseline", "2")[0] == 0
    changed = Path(saved).read_text().replace("duration: 1d", "duration: 3d", 1)
    Path(saved).write_text(changed)
    code, out, _ = run("diff", saved, "--baseline", "2")
    assert code == 1
    assert out.splitlines()[:3] == [
        f"--- {saved} (Baseline 2)",
        f"+++ {saved}",
        "project finish: 2008-03-13 17:00 -> 2008-03-13 17:00 (0 d)",
    ]
    assert run("diff", saved, "--baseline", "1") == (
        2,
        "",
        f"{saved}: the plan has no baseline 1 (saved baselines: 2) [E_NO_BASELINE]\n",
    )


def test_schedule_shows_progress_columns(tmp_path: Path) -> None:
    code, out, err = run("schedule", write(tmp_path, TRACKED))
    assert (code, err) == (0, "")
    assert "status date 07/03/08 17:00" in out
    assert "% Comp." in out and "Remaining" in out
    build = next(line for line in out.splitlines() if " Build " in line)
    assert build.endswith("│     25% │ 06/03/08     │ NA          │       3 d │")
    code, out, err = run("schedule", write(tmp_path, TRACKED), "--format", "json", "--reschedule")
    rows = {t["id"]: t for t in json.loads(out)["tasks"]}
    # Build did 1 d of 4 by Fri 07/03 17:00: its 3 d left resume Mon 10/03, end Wed 12/03.
    assert (rows[2]["status"], rows[2]["resume"], rows[2]["finish"]) == (
        "in progress",
        "2008-03-10T08:00",
        "2008-03-12T17:00",
    )
    assert (rows[1]["status"], rows[1]["critical"], rows[3]["start"]) == (
        "complete",
        False,
        "2008-03-13T08:00",
    )
