"""Included under ``projects/<int:project_id>/people/``: who is in the project, in which role."""

from __future__ import annotations

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
