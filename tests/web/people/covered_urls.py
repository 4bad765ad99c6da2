"""The URL names whose permissions this package tests, per persona, for GET and POST:
people and roles (test_people_pages.py), the history pages (test_history_pages.py) and the
API tokens page (test_tokens_page.py)."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "people",
    "person-add",
    "person-edit",
    "membership-add",
    "membership-remove",
    "project-history",
    "pid-history",
    "api-tokens",
    "api-token-revoke",
}
