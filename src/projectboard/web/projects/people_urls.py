"""Included under ``projects/<int:project_id>/people/``: who is in the project, in which role."""

from __future__ import annotations

from django.urls import path

from projectboard.web.projects import people_views

urlpatterns = [
    path("", people_views.people_list, name="people"),
    path("add/", people_views.person_add, name="person-add"),
    path("<int:person_id>/edit/", people_views.person_edit, name="person-edit"),
    path("<int:person_id>/roles/add/", people_views.membership_new, name="membership-add"),
    path(
        "roles/<int:membership_id>/remove/",
        people_views.membership_delete,
        name="membership-remove",
    ),
]
