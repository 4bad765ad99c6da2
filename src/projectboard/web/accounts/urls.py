"""Included under ``accounts/``: the pages about your own account."""

from __future__ import annotations

from django.urls import path

from projectboard.web.accounts import views

urlpatterns = [
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
