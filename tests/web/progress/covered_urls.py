"""The progress pages' URL names; each has per-persona GET and POST tests in
``test_permissions.py``."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "progress",
    "progress-status-date",
    "progress-reschedule",
    "baselines",
    "baseline-save",
    "variance",
    "moved",
}
