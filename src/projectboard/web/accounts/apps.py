from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "projectboard.web.accounts"
    label = "accounts"
