"""Reading and writing other tools' project files: MSPDI XML, and MS Project .mpp through MPXJ."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from projectboard.interop.mspdi import MspdiImport, read_mspdi, read_mspdi_bytes


def read_ms_project(path: str | Path) -> MspdiImport:
    """An MS Project file: MSPDI ``.xml`` directly, ``.mpp`` through MPXJ (needs Java)."""
    path = Path(path)
    if path.suffix.lower() == ".mpp":
        from projectboard.interop.mpp import mpp_to_mspdi

        imported = read_mspdi_bytes(mpp_to_mspdi(path), str(path))
        # Lines would point into the XML that MPXJ made, not into anything the user has.
        imported.warnings = [replace(w, line=None) for w in imported.warnings]
        for task in imported.plan.tasks:
            task.line = None
        return imported
    return read_mspdi(path)


__all__ = ["MspdiImport", "read_ms_project", "read_mspdi", "read_mspdi_bytes"]
