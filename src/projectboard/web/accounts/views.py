"""The login view, refusing attempts once too many have failed (see ``throttle``), and the
page where a user manages their own API tokens."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from projectboard.web.accounts import throttle
from projectboard.web.accounts.models import ApiToken
from projectboard.web.api.tokens import api_token_create, api_token_revoke_one, api_tokens_of
from projectboard.web.projects.edit_views import HttpResponseSeeOther


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from: ``REMOTE_ADDR``, or with
    ``PROJECTBOARD_TRUSTED_PROXIES`` set, from ``X-Forwarded-For`` (see ``throttle``)."""
    return throttle.client_ip(request.META)


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


# -- API tokens ------------------------------------------------------------------------------


class TokenForm(forms.Form):
    # Not required here: ``api_token_create`` says "A token needs a name.", one message.
    name = forms.CharField(
        label="Name",
        max_length=100,
        required=False,
        help_text="What the token is for, such as 'reports' or 'Power BI'.",
    )


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware has sent anonymous users to log in.
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Your tokens, and a form for a new one. A new token's secret is shown once, on the
    answer to the POST, which no cache may keep."""
    user = _user(request)
    if request.method == "GET":
        return _tokens_page(request, user, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, user, form, status=422)
    try:
        secret = api_token_create(user=user, name=form.cleaned_data["name"])
    except ValueError as exc:
        form.add_error("name", str(exc))
        return _tokens_page(request, user, form, status=422)
    context = {"name": form.cleaned_data["name"].strip(), "secret": secret}
    response = render(request, "accounts/token_created.html", context, status=201)
    add_never_cache_headers(response)
    return response


def _tokens_page(
    request: HttpRequest, user: User, form: TokenForm, *, status: int = 200
) -> HttpResponse:
    context = {"tokens": api_tokens_of(user), "form": form}
    return render(request, "accounts/tokens.html", context, status=status)


@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api_token_revoke_one(user=_user(request), token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token.") from None
    messages.success(request, f"Token {token.name!r} is revoked: it no longer works.")
    return HttpResponseSeeOther(reverse("api-tokens"))
