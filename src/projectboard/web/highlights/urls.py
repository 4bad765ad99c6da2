"""Included under ``projects/<int:project_id>/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from projectboard.web.highlights import views

urlpatterns: list[URLPattern] = [
    path("highlights/", views.report_list, name="highlight-report-list"),
    path("highlights/new/", views.report_new, name="highlight-report-new"),
    path("highlights/<int:report_id>/", views.report_detail, name="highlight-report-detail"),
    path("highlights/<int:report_id>/edit/", views.report_edit, name="highlight-report-edit"),
    path(
        "highlights/<int:report_id>/refresh/",
        views.report_refresh,
        name="highlight-report-refresh",
    ),
    path(
        "highlights/<int:report_id>/publish/",
        views.report_publish,
        name="highlight-report-publish",
    ),
    path(
        "highlights/<int:report_id>/new-issue/",
        views.report_new_issue,
        name="highlight-report-new-issue",
    ),
    path(
        "highlights/<int:report_id>/export.<slug:fmt>",
        views.report_export,
        name="highlight-report-export",
    ),
]
