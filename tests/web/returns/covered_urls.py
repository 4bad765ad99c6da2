"""The returns app's URL names; each has per-persona GET and POST tests in test_pages_returns.py."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "returns-periods",
    "returns-generate",
    "returns-mine",
    "returns-trend",
    "returns-period",
    "return-detail",
    "return-edit",
    "return-decide",
}
