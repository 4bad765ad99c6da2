"""Included under ``projects/<int:project_id>/pid/``."""

from __future__ import annotations

from django.urls import path

from projectboard.web.pid import views

urlpatterns = [
    path("", views.pid_document, name="pid"),
    path("<slug:key>/edit/", views.pid_section_edit, name="pid-section-edit"),
    path("history/", views.pid_history, name="pid-history"),
]
