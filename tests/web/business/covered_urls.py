"""The URL names of the business case app; each has per-persona GET and POST tests in
``test_permissions.py``."""

from __future__ import annotations

URL_NAMES: set[str] = {
    "business-case",
    "business-section-edit",
    "business-review-comment",
    "business-review-respond",
    "business-review-verify",
    "business-costs",
    "business-settings",
    "business-line-create",
    "business-line-edit",
    "business-line-delete",
    "business-cost-import",
    "business-cost-import-confirm",
    "business-funding",
    "business-funding-create",
    "business-spend-create",
    "business-appraisal",
    "business-options",
    "business-scenario-create",
    "business-criterion-create",
    "business-criterion-edit",
    "business-score-edit",
    "business-options-sign-off",
    "business-satisfaction",
    "business-survey-import",
    "business-survey-import-confirm",
}
