from __future__ import annotations

from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "projectboard.web.board"
    label = "board"
    verbose_name = "Board meetings, stop/go decisions and tolerances"
