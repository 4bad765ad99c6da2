from __future__ import annotations

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "projectboard.web.returns"
    label = "returns"
    verbose_name = "Fortnightly RAG returns"
