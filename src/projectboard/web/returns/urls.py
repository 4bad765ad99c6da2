"""Included under ``projects/<int:project_id>/``."""

from __future__ import annotations

from django.urls import path

from projectboard.web.returns import views

urlpatterns = [
    path("returns/", views.period_list, name="returns-periods"),
    path("returns/generate/", views.period_generate, name="returns-generate"),
    path("returns/mine/", views.my_returns, name="returns-mine"),
    path("returns/trend/<str:code>/", views.return_trend, name="returns-trend"),
    path("returns/<int:number>/", views.period_detail, name="returns-period"),
    path("returns/<int:number>/<str:code>/", views.return_detail, name="return-detail"),
    path("returns/<int:number>/<str:code>/edit/", views.return_edit, name="return-edit"),
    path("returns/<int:number>/<str:code>/decide/", views.return_decide, name="return-decide"),
]
