"""The upload views (plan file, cost lines, satisfaction survey) refuse an oversized body with
413 before anything reads it, the CSRF check included, for anyone who is logged in; an
anonymous POST is sent to log in, also unread. The CSRF token is still checked on the rest."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from projectboard.web.business.cost_csv import MAX_CSV_BYTES
from projectboard.web.business.models import CostLine, Survey
from projectboard.web.business.surveys import MAX_SURVEY_BYTES
from projectboard.web.projects.imports import MAX_UPLOAD_BYTES
from projectboard.web.projects.models import AuditEvent, Project, Task
from projectboard.web.uploads import ENVELOPE_BYTES

# URL name, the largest file it takes, and how the refusal states that size.
UPLOADS = [
    ("plan-import", MAX_UPLOAD_BYTES, "10 MiB"),
    ("business-cost-import", MAX_CSV_BYTES, "1 MiB"),
    ("business-survey-import", MAX_SURVEY_BYTES, "1 MiB"),
]


@pytest.fixture
def body_never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: HttpRequest) -> None:
        raise AssertionError(f"the body of POST {self.path} was parsed")

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", refuse)


def csrf_client() -> Client:
    """A client that checks CSRF and holds a CSRF cookie but sends no token: the CSRF check
    reads the body to look for the token, then refuses."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    return client


def written(project: Project) -> tuple[int, int, int, int]:
    return (
        Task.objects.filter(project=project).count(),
        CostLine.objects.count(),
        Survey.objects.count(),
        AuditEvent.objects.count(),
    )


def oversized(limit: int) -> dict[str, object]:
    data = b"#" * (limit + ENVELOPE_BYTES)
    return {"kind": "after", "file": SimpleUploadedFile("big.csv", data, content_type="text/csv")}


@pytest.mark.parametrize(("name", "limit", "stated"), UPLOADS)
@pytest.mark.parametrize("persona", ["pm", "outsider"])
def test_an_oversized_upload_is_refused_unread(
    request: pytest.FixtureRequest,
    project: Project,
    body_never_parsed: None,
    name: str,
    limit: int,
    stated: str,
    persona: str,
) -> None:
    client = csrf_client()
    client.force_login(request.getfixturevalue(persona))
    before = written(project)
    response = client.post(reverse(name, args=[project.pk]), oversized(limit))
    assert response.status_code == 413
    page = response.content.decode()
    assert f"The file is too large: at most {stated}. Nothing was imported." in page
    assert f'<a href="{reverse(name, args=[project.pk])}">Choose another file</a>' in page
    assert written(project) == before
    assert not any(key.endswith(f"-import-{project.pk}") for key, _ in client.session.items())


@pytest.mark.parametrize(("name", "limit", "stated"), UPLOADS)
def test_an_anonymous_oversized_upload_is_sent_to_log_in_unread(
    project: Project, body_never_parsed: None, name: str, limit: int, stated: str
) -> None:
    client = csrf_client()
    before = written(project)
    url = reverse(name, args=[project.pk])
    response = client.post(url, oversized(limit))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert written(project) == before


@pytest.mark.parametrize(("name", "limit", "stated"), UPLOADS)
def test_the_csrf_token_is_still_checked_below_the_limit(
    project: Project, pm: User, name: str, limit: int, stated: str
) -> None:
    client = csrf_client()
    client.force_login(pm)
    before = written(project)
    data = b"respondent,question,score\nA,Speed,4\n"
    upload = SimpleUploadedFile("small.csv", data, content_type="text/csv")
    response = client.post(reverse(name, args=[project.pk]), {"kind": "after", "file": upload})
    assert response.status_code == 403
    assert "CSRF verification failed. Request aborted." in response.content.decode()
    assert written(project) == before


@pytest.mark.parametrize(("name", "limit", "stated"), UPLOADS)
def test_the_upload_form_is_still_shown(
    client: Client, project: Project, pm: User, name: str, limit: int, stated: str
) -> None:
    client.force_login(pm)
    response = client.get(reverse(name, args=[project.pk]))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
