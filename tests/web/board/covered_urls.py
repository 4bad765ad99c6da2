"""The board's URL names; each has per-persona GET/POST tests in ``test_permissions.py``."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "board-meetings",
    "board-meeting",
    "board-meeting-ics",
    "board-calendar-ics",
    "board-series",
    "board-meeting-edit",
    "board-decision",
    "board-meeting-close",
    "board-tolerances",
    "board-exceptions",
    "board-exception-report-new",
    "board-exception-report",
    "board-exception-report-edit",
}
