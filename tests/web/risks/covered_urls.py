"""The URL names of the risks app; each has per-persona GET and POST tests in
``test_permissions.py``."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "risk-register",
    "risk-create",
    "risk-heat-map",
    "risk-import",
    "risk-import-confirm",
    "risk-proposals",
    "risk-proposal-create",
    "risk-proposal-accept",
    "risk-proposal-decline",
    "risk-detail",
    "risk-edit",
    "issue-log",
    "issue-raise",
    "issue-edit",
    "decision-log",
    "decision-record",
    "action-log",
    "action-create",
    "action-status",
    "lesson-log",
    "lesson-create",
    "comms-plan",
    "comms-item-create",
    "consultation-record",
    "consultation-report",
}
