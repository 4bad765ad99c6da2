from __future__ import annotations

from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "projectboard.web.risks"
    label = "risks"
    verbose_name = "Risk register, logs and communications"
