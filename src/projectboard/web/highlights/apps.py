from __future__ import annotations

from django.apps import AppConfig


class HighlightsConfig(AppConfig):
    name = "projectboard.web.highlights"
    label = "highlights"
    verbose_name = "Highlight reports"
