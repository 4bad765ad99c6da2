"""The highlight report URLs; who may GET and POST each is tested per persona in
``test_permissions.py``."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "highlight-report-list",
    "highlight-report-new",
    "highlight-report-detail",
    "highlight-report-edit",
    "highlight-report-refresh",
    "highlight-report-publish",
    "highlight-report-new-issue",
    "highlight-report-export",
}
