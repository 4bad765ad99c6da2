"""Included under ``projects/<int:project_id>/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from projectboard.web.board import exception_views, views

urlpatterns: list[URLPattern] = [
    path("board/", views.meeting_list, name="board-meetings"),
    path("board/board.ics", views.calendar_ics, name="board-calendar-ics"),
    path("board/series/", views.series_create, name="board-series"),
    path("board/<int:meeting_id>/", views.meeting_detail, name="board-meeting"),
    path("board/<int:meeting_id>/meeting.ics", views.meeting_ics, name="board-meeting-ics"),
    path("board/<int:meeting_id>/edit/", views.meeting_edit, name="board-meeting-edit"),
    path("board/<int:meeting_id>/decision/", views.decision_record, name="board-decision"),
    path("board/<int:meeting_id>/close/", views.meeting_close_view, name="board-meeting-close"),
    path("tolerances/", exception_views.tolerances_edit, name="board-tolerances"),
    path("exceptions/", exception_views.exceptions_page, name="board-exceptions"),
    path(
        "exceptions/reports/new/",
        exception_views.exception_report_new,
        name="board-exception-report-new",
    ),
    path(
        "exceptions/reports/<int:report_id>/",
        exception_views.exception_report_detail,
        name="board-exception-report",
    ),
    path(
        "exceptions/reports/<int:report_id>/edit/",
        exception_views.exception_report_edit,
        name="board-exception-report-edit",
    ),
]
