from __future__ import annotations

from django.apps import AppConfig


class PidConfig(AppConfig):
    name = "projectboard.web.pid"
    label = "pid"
    verbose_name = "Project initiation document"
