"""Files the browser saves rather than shows (exports, documents, calendars)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a download named ``filename``; Django quotes or encodes the name, so a
    project name with quotes or accents cannot break the header."""
    response = HttpResponse(content, content_type=content_type)
    header = content_disposition_header(as_attachment=True, filename=filename)
    assert header is not None  # always set for an attachment
    response["Content-Disposition"] = header
    return response
