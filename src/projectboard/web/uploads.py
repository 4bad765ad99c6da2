"""Refusing an oversized upload before anything reads the request body.

Django's CSRF middleware reads ``request.POST`` (the whole multipart body, spooled to disk)
before a view runs, so a view that checks the size itself is too late. ``refuse_uploads_over``
makes the view CSRF-exempt for the middleware, answers a POST whose ``Content-Length`` is over
the limit with 413 at once, and only then checks the CSRF token and runs the view.

The size is checked before the project is looked up, so an outsider's oversized POST gets the
same 413 as a member's, for any project id, and its body is never parsed. An anonymous POST
never gets this far: ``LoginRequiredMiddleware`` redirects it to the login page (its
``process_view`` does not read the body either).

A body sent without ``Content-Length`` is read by nobody (WSGI gives an empty stream), and a
file that fits the header but not the limit is still refused by the reader that parses it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeAlias

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

P = ParamSpec("P")
View: TypeAlias = Callable[Concatenate[HttpRequest, P], HttpResponse]

# What a multipart body carries besides the file: boundaries, headers and the other fields.
ENVELOPE_BYTES = 64 * 1024
_KIB = 1024
_MIB = 1024 * 1024


def body_length(request: HttpRequest) -> int:
    """The declared length of the body, 0 if there is none or it is not a number (as Django
    itself reads it)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def size_text(max_bytes: int) -> str:
    """``10 MiB`` or ``512 KiB``: the limit as the user is told it."""
    if max_bytes % _MIB == 0:
        return f"{max_bytes // _MIB} MiB"
    return f"{max_bytes // _KIB} KiB"


def refuse_uploads_over(max_bytes: int) -> Callable[[View[P]], View[P]]:
    """Decorate an upload view: a POST with a body over ``max_bytes`` (plus the multipart
    envelope) is answered 413 before the body is read; any other request has its CSRF token
    checked as usual, then reaches the view."""

    def decorate(view: View[P]) -> View[P]:
        protected = csrf_protect(view)

        @wraps(view)
        def checked(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if request.method == "POST" and body_length(request) > max_bytes + ENVELOPE_BYTES:
                context = {"limit": size_text(max_bytes), "back": request.path}
                return render(request, "projects/upload_too_large.html", context, status=413)
            return protected(request, *args, **kwargs)

        # The CSRF middleware would read the body; ``protected`` checks the token instead.
        return csrf_exempt(checked)

    return decorate
