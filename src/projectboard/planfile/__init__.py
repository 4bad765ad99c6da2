"""Plan files: YAML plan-as-code and CSV/XLSX plan tables, to and from the engine's Plan."""

from __future__ import annotations

from pathlib import Path

from projectboard.engine.errors import E_FILE, Location, PlanError
from projectboard.engine.model import Plan
from projectboard.planfile.table import UK_DATE_FORMAT, import_table
from projectboard.planfile.yamlplan import read_plan_file, read_plan_text
from projectboard.planfile.yamlwrite import dump_plan

PLAN_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".xml", ".mpp")


def read_any(path: str | Path, *, date_format: str = UK_DATE_FORMAT) -> Plan:
    """Read a plan from any supported file, chosen by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_plan_file(path)
    if suffix in (".csv", ".xlsx"):
        return import_table(path, date_format=date_format).plan
    if suffix in (".xml", ".mpp"):
        from projectboard.interop import read_ms_project

        return read_ms_project(path).plan
    raise PlanError(
        E_FILE,
        f"unknown plan file type {suffix or '(none)'!r}; "
        f"expected one of {', '.join(PLAN_SUFFIXES)}",
        location=Location(str(path)),
        value=suffix,
    )


__all__ = ["dump_plan", "import_table", "read_any", "read_plan_file", "read_plan_text"]
