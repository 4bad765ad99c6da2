"""Who gets each highlight report page, per persona: members read published reports, the
project manager alone sees drafts and writes; a refused POST changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.highlights.models import HighlightReport
from projectboard.web.projects.models import Project

from .covered_urls import URL_NAMES
from .support import stored

PERSONAS = [
    "pm",
    "wp_lead_fin",
    "wp_lead_gis",
    "deputy_hr",
    "board_member",
    "observer",
    "outsider",
    "anonymous",
]
OTHERS = ["wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer"]


def expect(pm: int, others: int, outsider: int = 404) -> dict[str, int]:
    return {"pm": pm, **{p: others for p in OTHERS}, "outsider": outsider, "anonymous": 302}


# (URL name, method, which report, expected status per persona). A draft is the same 404
# as a missing report for everyone but the project manager.
CASES = [
    ("highlight-report-list", "get", None, expect(200, 200)),
    ("highlight-report-new", "get", None, expect(200, 403)),
    ("highlight-report-new", "post", None, expect(303, 403)),
    ("highlight-report-detail", "get", "draft", expect(200, 404)),
    ("highlight-report-detail", "get", "published", expect(200, 200)),
    ("highlight-report-edit", "get", "draft", expect(200, 404)),
    ("highlight-report-edit", "post", "draft", expect(303, 404)),
    ("highlight-report-edit", "get", "published", expect(409, 403)),
    ("highlight-report-edit", "post", "published", expect(409, 403)),
    ("highlight-report-refresh", "post", "draft", expect(303, 404)),
    ("highlight-report-refresh", "post", "published", expect(409, 403)),
    ("highlight-report-publish", "post", "draft", expect(303, 404)),
    ("highlight-report-publish", "post", "published", expect(409, 403)),
    ("highlight-report-new-issue", "post", "published", expect(303, 403)),
    ("highlight-report-new-issue", "post", "draft", expect(422, 404)),
    ("highlight-report-export", "get", "draft", expect(200, 404)),
    ("highlight-report-export", "get", "published", expect(200, 200)),
]


def test_every_highlight_url_is_in_the_table() -> None:
    assert {name for name, *_ in CASES} == URL_NAMES


def _url(name: str, project: Project, report: HighlightReport | None) -> str:
    kwargs: dict[str, object] = {"project_id": project.pk}
    if report is not None:
        kwargs["report_id"] = report.pk
    if name == "highlight-report-export":
        kwargs["fmt"] = "docx"
    return reverse(name, kwargs=kwargs)


def _post_data(name: str, report: HighlightReport | None) -> dict[str, str]:
    if name == "highlight-report-new":
        return {"period_start": "2008-04-08", "period_end": "2008-04-21"}
    assert report is not None
    data = {"version": str(report.version)}
    if name == "highlight-report-edit":
        data |= {"overall_rag": "green", "overall_comment": "On track", "summary": "Typed."}
    return data


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "which", "statuses"),
    CASES,
    ids=[f"{n}-{m}-{w or 'project'}" for n, m, w, _ in CASES],
)
def test_who_gets_each_page(
    client: Client,
    project: Project,
    pm: User,
    request: pytest.FixtureRequest,
    persona: str,
    name: str,
    method: str,
    which: str | None,
    statuses: dict[str, int],
) -> None:
    report: HighlightReport | None = request.getfixturevalue(which) if which else None
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = _url(name, project, report)
    before = stored(project)
    data = _post_data(name, report) if method == "post" else None
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == statuses[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url}"
    if response.status_code in (302, 403, 404, 409, 422):
        assert stored(project) == before
    if response.status_code == 404:
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("persona", ["wp_lead_fin", "board_member", "observer"])
def test_members_see_only_published_reports_in_the_list(
    client: Client,
    project: Project,
    published: HighlightReport,
    pm: User,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(pm)
    client.post(_url("highlight-report-new-issue", project, published))  # issue 2, a draft
    client.force_login(request.getfixturevalue(persona))
    page = client.get(_url("highlight-report-list", project, None)).content.decode()
    assert page.count("25/03/2008 to 07/04/2008</a>") == 1
    assert "<td>Published</td>" in page
    assert "<td>Draft</td>" not in page
    assert "Draft a new highlight report" not in page


def test_the_project_manager_sees_drafts_in_the_list(
    client: Client, project: Project, draft: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    page = client.get(_url("highlight-report-list", project, None)).content.decode()
    assert "<td>Draft</td>" in page
    assert "<td>Amber: Timescales are tight</td>" in page
    assert "<td>Hazel Cushin</td>" in page
    assert "Draft a new highlight report" in page


def test_a_report_of_another_project_is_the_same_404(
    client: Client, project: Project, published: HighlightReport, board_member: User
) -> None:
    client.force_login(board_member)
    url = reverse("highlight-report-detail", kwargs={"project_id": project.pk, "report_id": 999999})
    assert client.get(url).status_code == 404
    other = Project.objects.create(name="Other", start=project.start)
    url = reverse(
        "highlight-report-detail", kwargs={"project_id": other.pk, "report_id": published.pk}
    )
    assert client.get(url).status_code == 404


def test_an_unknown_export_format_is_404(
    client: Client, project: Project, published: HighlightReport, pm: User
) -> None:
    client.force_login(pm)
    url = reverse(
        "highlight-report-export",
        kwargs={"project_id": project.pk, "report_id": published.pk, "fmt": "odt"},
    )
    assert client.get(url).status_code == 404
