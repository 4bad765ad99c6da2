from __future__ import annotations

from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "projectboard.web.business"
    label = "business"
    verbose_name = "Business case: options, costs, satisfaction, committee reports"
