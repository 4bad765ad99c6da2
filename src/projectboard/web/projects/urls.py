from __future__ import annotations

from django.urls import path

from projectboard.web.projects import views

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
    path("projects/<int:project_id>/plan/", views.plan_table, name="plan"),
    path("projects/<int:project_id>/gantt/", views.gantt, name="gantt"),
]
