"""The login view, refusing attempts once too many have failed (see ``throttle``)."""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse

from projectboard.web.accounts import throttle


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. ``X-Forwarded-For`` is not trusted: behind a
    reverse proxy every request would share the proxy's address and its per-IP limit."""
    addr = request.META.get("REMOTE_ADDR")
    return str(addr) if addr else None


class ThrottledLoginView(auth_views.LoginView):
    """Django's login view (CSRF checks, template and form unchanged) that refuses a
    username after too many failures, or an address after many more, with HTTP 429.

    A refused attempt is answered before the form is validated, so the password is not
    checked: the answer says nothing about it and costs no hashing time."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        wait = throttle.retry_after(username, client_ip(request))
        if wait > 0:
            return self.refuse(username, wait)
        return super().post(request, *args, **kwargs)

    def refuse(self, username: str, wait: float) -> HttpResponse:
        mins = throttle.minutes(wait)
        unit = "minute" if mins == 1 else "minutes"
        # An unbound form: rendering it never runs validation (and so never authenticates).
        form = AuthenticationForm(self.request, initial={"username": username})
        context = self.get_context_data(
            form=form,
            throttle_message=f"Too many failed attempts; try again in {mins} {unit}.",
        )
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(math.ceil(wait))
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.record_failure(str(self.request.POST.get("username", "")), client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.clear_username(str(self.request.POST.get("username", "")))
        return super().form_valid(form)
