from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from projectboard.web.accounts.views import ThrottledLoginView

urlpatterns = [
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("projectboard.web.accounts.urls")),
    path("api/", include("projectboard.web.api.urls")),
    path("projects/<int:project_id>/pid/", include("projectboard.web.pid.urls")),
    path("projects/<int:project_id>/people/", include("projectboard.web.projects.people_urls")),
    path("projects/<int:project_id>/", include("projectboard.web.returns.urls")),
    path("projects/<int:project_id>/", include("projectboard.web.risks.urls")),
    path("projects/<int:project_id>/", include("projectboard.web.board.urls")),
    path("projects/<int:project_id>/", include("projectboard.web.highlights.urls")),
    path("projects/<int:project_id>/business-case/", include("projectboard.web.business.urls")),
    path("", include("projectboard.web.projects.urls")),
]
