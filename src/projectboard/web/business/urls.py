"""Included under ``projects/<int:project_id>/business-case/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from projectboard.web.business import case_views, committee_views, option_views, views

urlpatterns: list[URLPattern] = [
    path("", case_views.document, name="business-case"),
    path("export.<slug:fmt>", case_views.document_export, name="business-case-export"),
    path("sections/<str:key>/edit/", case_views.section_edit, name="business-section-edit"),
    path("review/comment/", case_views.review_comment, name="business-review-comment"),
    path(
        "review/<int:comment_id>/respond/",
        case_views.review_respond_view,
        name="business-review-respond",
    ),
    path("review/verify/", case_views.review_verify_view, name="business-review-verify"),
    path("costs/", views.costs, name="business-costs"),
    path("costs/settings/", views.settings_edit, name="business-settings"),
    path("costs/lines/new/", views.line_create, name="business-line-create"),
    path("costs/lines/<int:line_id>/edit/", views.line_edit, name="business-line-edit"),
    path("costs/lines/<int:line_id>/delete/", views.line_delete, name="business-line-delete"),
    path("costs/import/", views.cost_import, name="business-cost-import"),
    path("costs/import/confirm/", views.cost_import_confirm, name="business-cost-import-confirm"),
    path("funding/", views.funding, name="business-funding"),
    path("funding/new/", views.funding_create_view, name="business-funding-create"),
    path("funding/spend/new/", views.spend_create_view, name="business-spend-create"),
    path("appraisal/", views.appraisal, name="business-appraisal"),
    path("options/", option_views.options, name="business-options"),
    path("options/new/", option_views.scenario_create_view, name="business-scenario-create"),
    path(
        "options/criteria/new/",
        option_views.criterion_create_view,
        name="business-criterion-create",
    ),
    path(
        "options/criteria/<int:criterion_id>/edit/",
        option_views.criterion_edit,
        name="business-criterion-edit",
    ),
    path(
        "options/scores/<int:scenario_id>/<int:criterion_id>/",
        option_views.score_edit,
        name="business-score-edit",
    ),
    path("options/sign-off/", option_views.options_sign_off, name="business-options-sign-off"),
    path("satisfaction/", option_views.satisfaction, name="business-satisfaction"),
    path("satisfaction/import/", option_views.survey_import_view, name="business-survey-import"),
    path(
        "satisfaction/import/confirm/",
        option_views.survey_import_confirm,
        name="business-survey-import-confirm",
    ),
    path("committee/", committee_views.report_list, name="business-committee-list"),
    path("committee/new/", committee_views.report_new, name="business-committee-new"),
    path(
        "committee/<int:report_id>/",
        committee_views.report_detail,
        name="business-committee-detail",
    ),
    path(
        "committee/<int:report_id>/edit/",
        committee_views.report_edit,
        name="business-committee-edit",
    ),
    path(
        "committee/<int:report_id>/refresh/",
        committee_views.report_refresh,
        name="business-committee-refresh",
    ),
    path(
        "committee/<int:report_id>/final/",
        committee_views.report_finalise,
        name="business-committee-finalise",
    ),
    path(
        "committee/<int:report_id>/new-draft/",
        committee_views.report_new_draft,
        name="business-committee-new-draft",
    ),
    path(
        "committee/<int:report_id>/export.<slug:fmt>",
        committee_views.report_export,
        name="business-committee-export",
    ),
]
