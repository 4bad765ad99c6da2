"""Included under ``projects/<int:project_id>/business-case/``."""

from __future__ import annotations

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
