"""Included under ``projects/<int:project_id>/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from projectboard.web.risks import log_views, views

urlpatterns: list[URLPattern] = [
    path("risks/", views.risk_register, name="risk-register"),
    path("risks/new/", views.risk_create_view, name="risk-create"),
    path("risks/heat-map/", views.risk_heat_map, name="risk-heat-map"),
    path("risks/import/", views.risk_import_view, name="risk-import"),
    path("risks/import/confirm/", views.risk_import_confirm, name="risk-import-confirm"),
    path("risks/proposals/", views.risk_proposals, name="risk-proposals"),
    path("risks/proposals/new/", views.risk_proposal_create_view, name="risk-proposal-create"),
    path(
        "risks/proposals/<int:proposal_id>/accept/",
        views.risk_proposal_accept_view,
        name="risk-proposal-accept",
    ),
    path(
        "risks/proposals/<int:proposal_id>/decline/",
        views.risk_proposal_decline_view,
        name="risk-proposal-decline",
    ),
    path("risks/<str:ref>/", views.risk_detail, name="risk-detail"),
    path("risks/<str:ref>/edit/", views.risk_edit, name="risk-edit"),
    path("issues/", log_views.issue_log, name="issue-log"),
    path("issues/new/", log_views.issue_raise_view, name="issue-raise"),
    path("issues/<str:ref>/edit/", log_views.issue_edit, name="issue-edit"),
    path("decisions/", log_views.decision_log, name="decision-log"),
    path("decisions/new/", log_views.decision_record_view, name="decision-record"),
    path("actions/", log_views.action_log, name="action-log"),
    path("actions/new/", log_views.action_create_view, name="action-create"),
    path("actions/<str:ref>/status/", log_views.action_status, name="action-status"),
    path("lessons/", log_views.lesson_log, name="lesson-log"),
    path("lessons/new/", log_views.lesson_create_view, name="lesson-create"),
    path("communications/", log_views.comms_plan, name="comms-plan"),
    path("communications/new/", log_views.comms_item_create_view, name="comms-item-create"),
    path(
        "communications/consultations/new/",
        log_views.consultation_record_view,
        name="consultation-record",
    ),
    path(
        "communications/consultation-report/",
        log_views.consultation_report,
        name="consultation-report",
    ),
]
