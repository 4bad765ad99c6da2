from __future__ import annotations

from django.urls import path

from projectboard.web.projects import (
    edit_views,
    history_views,
    import_views,
    progress_views,
    views,
)

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("my-work-packages/", views.my_work_packages, name="my-work-packages"),
    path("projects/<int:project_id>/", views.project_detail, name="project-detail"),
    path(
        "projects/<int:project_id>/work-packages/",
        views.work_package_list,
        name="work-package-list",
    ),
    path(
        "projects/<int:project_id>/work-packages/<str:code>/",
        views.work_package_detail,
        name="work-package-detail",
    ),
    path(
        "projects/<int:project_id>/work-packages/<str:code>/edit/",
        edit_views.work_package_edit,
        name="work-package-edit",
    ),
    path(
        "projects/<int:project_id>/work-packages/<str:code>/history/",
        views.work_package_history,
        name="work-package-history",
    ),
    path("projects/<int:project_id>/plan/", views.plan_table, name="plan"),
    path(
        "projects/<int:project_id>/tasks/<int:number>/edit/",
        edit_views.task_edit,
        name="task-edit",
    ),
    path(
        "projects/<int:project_id>/tasks/<int:number>/row/",
        edit_views.task_row,
        name="task-row",
    ),
    path(
        "projects/<int:project_id>/tasks/<int:number>/inline-edit/",
        edit_views.task_inline_edit,
        name="task-inline-edit",
    ),
    path(
        "projects/<int:project_id>/tasks/<int:number>/history/",
        views.task_history,
        name="task-history",
    ),
    path("projects/<int:project_id>/gantt/", views.gantt, name="gantt"),
    path(
        "projects/<int:project_id>/history/",
        history_views.project_history,
        name="project-history",
    ),
    path(
        "projects/<int:project_id>/plan/export.<str:fmt>",
        import_views.plan_export,
        name="plan-export",
    ),
    path("projects/<int:project_id>/plan/import/", import_views.plan_import, name="plan-import"),
    path(
        "projects/<int:project_id>/plan/import/confirm/",
        import_views.plan_import_confirm,
        name="plan-import-confirm",
    ),
    path("projects/<int:project_id>/progress/", progress_views.progress, name="progress"),
    path(
        "projects/<int:project_id>/progress/status-date/",
        progress_views.status_date_edit,
        name="progress-status-date",
    ),
    path(
        "projects/<int:project_id>/progress/reschedule/",
        progress_views.reschedule,
        name="progress-reschedule",
    ),
    path("projects/<int:project_id>/baselines/", progress_views.baselines, name="baselines"),
    path(
        "projects/<int:project_id>/baselines/save/",
        progress_views.baseline_save_view,
        name="baseline-save",
    ),
    path("projects/<int:project_id>/variance/", progress_views.variance_page, name="variance"),
    path("projects/<int:project_id>/moved/", progress_views.moved, name="moved"),
]
