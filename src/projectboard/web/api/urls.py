"""``/api/``: the API's operations and its schema at ``/api/openapi.json``.

The API authenticates by token, not by session, so Django's ``LoginRequiredMiddleware`` (which
would send a client without a session to the login page) is told to let it through: a request
without a valid token gets 401 from the API itself. The schema is public.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern

from projectboard.web.api.views import api

app_name = "api"  # ninja reverses its own URLs in this namespace
_patterns, _, _namespace = api.urls
assert _namespace == app_name
urlpatterns: list[URLPattern] = []
for _pattern in _patterns:
    assert isinstance(_pattern, URLPattern)
    login_not_required(_pattern.callback)
    urlpatterns.append(_pattern)
