"""Every returns page, per persona: who gets it, who is refused (403), who is told it is not
there (404) and who is sent to log in (302); refused POSTs change nothing. Then what the
pages show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectboard.web.projects.models import Project
from projectboard.web.returns.models import RagReturn, ReportingPeriod
from projectboard.web.returns.services import periods_generate, return_accept, return_submit

from .covered_urls import URL_NAMES
from .support import COMPLETE, draft, stored

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
MEMBERS_READ = {p: 200 for p in PERSONAS} | {"outsider": 404, "anonymous": 302}

Args = Callable[[Project], dict[str, Any]]


def _project(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk}


def _period(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "number": 1}


def _return(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "number": 1, "code": "WP-FIN"}


def _trend(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "code": "WP-FIN"}


READ_PAGES: dict[str, Args] = {
    "returns-periods": _project,
    "returns-mine": _project,
    "returns-period": _period,
    "return-detail": _return,
    "returns-trend": _trend,
}
# Pages that change things, each with its own tests below.
WRITE_PAGES = {"returns-generate", "return-edit", "return-decide"}


def test_every_returns_url_is_covered() -> None:
    assert set(READ_PAGES) | WRITE_PAGES == URL_NAMES


def login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def check_anonymous(response: Any, url: str) -> None:
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", sorted(READ_PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_each_page(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    name: str,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    login(client, request, persona)
    url = reverse(name, kwargs=READ_PAGES[name](project))
    response = client.get(url)
    assert response.status_code == MEMBERS_READ[persona]
    if persona == "anonymous":
        check_anonymous(response, url)
    if persona == "outsider":
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("name", sorted(READ_PAGES))
def test_read_pages_refuse_writes(
    client: Client, project: Project, periods: dict[int, ReportingPeriod], pm: User, name: str
) -> None:
    client.force_login(pm)
    assert client.post(reverse(name, kwargs=READ_PAGES[name](project))).status_code == 405


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("returns-period", {"number": 99}),
        ("return-detail", {"number": 1, "code": "WP-NONE"}),
        ("return-detail", {"number": 99, "code": "WP-FIN"}),
        ("returns-trend", {"code": "WP-NONE"}),
    ],
)
def test_missing_periods_and_work_packages_are_404(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    pm: User,
    name: str,
    kwargs: dict[str, Any],
) -> None:
    client.force_login(pm)
    assert client.get(reverse(name, kwargs={"project_id": project.pk, **kwargs})).status_code == 404


# -- generating periods ----------------------------------------------------------------------

GENERATE_STATUS = {p: 403 for p in PERSONAS} | {"pm": 303, "outsider": 404, "anonymous": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_generate_periods(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    url = reverse("returns-generate", kwargs=_project(project))
    before = stored(project)
    response = client.post(url, {"until": "2008-04-01"})
    assert response.status_code == GENERATE_STATUS[persona]
    if persona == "pm":
        assert response["Location"] == reverse("returns-periods", kwargs=_project(project))
        assert ReportingPeriod.objects.filter(project=project).count() == 2
    else:
        assert stored(project) == before
    assert client.get(url).status_code == {"anonymous": 302}.get(persona, 405)


def test_the_period_list_takes_the_same_queries_for_2_periods_as_for_8(
    client: Client, project: Project, wp_lead_fin: User, pm: User
) -> None:
    url = reverse("returns-periods", kwargs=_project(project))
    client.force_login(pm)
    periods_generate(project=project, until=date(2008, 3, 24), by=None)
    for period in ReportingPeriod.objects.filter(project=project):
        draft(project, period, "WP-FIN", wp_lead_fin)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url, {"as_at": "2008-07-31"}).content.decode()
    assert page.count("<td>0 of 17</td>") == 4  # none submitted, none accepted
    assert page.count('<span class="late">17 late</span>') == 2
    periods_generate(project=project, until=date(2008, 6, 26), by=None)
    for period in ReportingPeriod.objects.filter(project=project, number__gt=2):
        draft(project, period, "WP-FIN", wp_lead_fin)
    with CaptureQueriesContext(connection) as eight:
        page = client.get(url, {"as_at": "2008-07-31"}).content.decode()
    assert page.count("<td>0 of 17</td>") == 16
    assert page.count('<span class="late">17 late</span>') == 8
    assert (len(two), len(eight)) == (10, 10)


def test_a_bad_date_is_shown_beside_the_field(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(reverse("returns-generate", kwargs=_project(project)), {"until": "1/4"})
    assert response.status_code == 422
    assert "Generate periods up to: Enter a valid date." in response.content.decode()
    assert not ReportingPeriod.objects.filter(project=project).exists()


# -- the edit page ---------------------------------------------------------------------------

EDIT_GET = {p: 403 for p in PERSONAS} | {
    "wp_lead_fin": 200,
    "outsider": 404,
    "anonymous": 302,
}
EDIT_POST = {**EDIT_GET, "wp_lead_fin": 303}


def form_data(**overrides: str) -> dict[str, str]:
    data: dict[str, str] = {name: str(value) for name, value in COMPLETE.items()}
    data["version"] = "0"
    data["action"] = "save"
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_edit_page(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    login(client, request, persona)
    url = reverse("return-edit", kwargs=_return(project))
    response = client.get(url)
    assert response.status_code == EDIT_GET[persona]
    if persona == "anonymous":
        check_anonymous(response, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_save_a_return(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    login(client, request, persona)
    before = stored(project)
    response = client.post(reverse("return-edit", kwargs=_return(project)), form_data())
    assert response.status_code == EDIT_POST[persona]
    if persona == "wp_lead_fin":
        assert response["Location"] == reverse("return-detail", kwargs=_return(project))
        assert RagReturn.objects.get().state == "draft"
    else:
        assert stored(project) == before


def test_save_and_submit_in_one_step(
    client: Client, project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    url = reverse("return-edit", kwargs=_return(project))
    response = client.post(url, form_data(action="submit"), follow=True)
    assert RagReturn.objects.get().state == "submitted"
    page = response.content.decode()
    assert "WP-FIN&#x27;s return for period 1 submitted." in page
    # Once submitted, the edit page says why it cannot be changed, and a POST is refused.
    assert "This return cannot be changed" in client.get(url).content.decode()
    before = stored(project)
    assert client.post(url, form_data(version="3", overall="red")).status_code == 409
    assert stored(project) == before


def test_an_incomplete_submit_keeps_the_draft_and_lists_what_is_missing(
    client: Client, project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    url = reverse("return-edit", kwargs=_return(project))
    response = client.post(url, form_data(action="submit", time="", achievements=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_time">Time RAG: Time is required to submit the return.</a>' in page
    assert (
        '<a href="#id_achievements">Achievements this period: Achievements this period is '
        "required to submit the return.</a>"
    ) in page
    ret = RagReturn.objects.get()
    assert (ret.state, ret.version) == ("draft", 2)
    assert '<input type="hidden" name="version" value="2"' in page  # save again: no conflict
    response = client.post(url, form_data(action="submit", version="2"))
    assert response.status_code == 303
    assert RagReturn.objects.get().state == "submitted"


def test_a_stale_form_is_a_conflict(
    client: Client, project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    url = reverse("return-edit", kwargs=_return(project))
    client.post(url, form_data())
    before = stored(project)
    response = client.post(url, form_data(version="0", overall="red"))
    assert response.status_code == 409
    assert "was changed by someone else (now version 2)" in response.content.decode()
    assert stored(project) == before


# -- deciding --------------------------------------------------------------------------------

DECIDE_STATUS = {p: 403 for p in PERSONAS} | {"pm": 303, "outsider": 404, "anonymous": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_accept_a_return(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    wp_lead_fin: User,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    return_submit(rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin)
    client.logout()
    login(client, request, persona)
    url = reverse("return-decide", kwargs=_return(project))
    before = stored(project)
    response = client.post(url, {"decision": "accept", "comment": ""})
    assert response.status_code == DECIDE_STATUS[persona]
    if persona == "pm":
        assert RagReturn.objects.get().state == "accepted"
    else:
        assert stored(project) == before
    assert client.get(url).status_code == {"anonymous": 302}.get(persona, 405)


def test_returning_for_rework_needs_a_comment_then_the_lead_sees_it(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    wp_lead_fin: User,
    pm: User,
) -> None:
    return_submit(rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin)
    client.force_login(pm)
    detail = client.get(reverse("return-detail", kwargs=_return(project))).content.decode()
    assert "<legend>Accept this return, or return it for rework?</legend>" in detail
    url = reverse("return-decide", kwargs=_return(project))
    before = stored(project)
    response = client.post(url, {"decision": "rework", "comment": ""})
    assert response.status_code == 422
    assert (
        "Comment to the work package: Say what needs rework: a comment is required to send a "
        "return back."
    ) in response.content.decode()
    assert stored(project) == before
    response = client.post(url, {"decision": "rework", "comment": "Add the capital profile."})
    assert response.status_code == 303
    assert RagReturn.objects.get().state == "returned"
    client.force_login(wp_lead_fin)
    page = client.get(reverse("return-edit", kwargs=_return(project))).content.decode()
    assert "<h2>Returned for rework</h2>" in page
    assert "The project manager said: Add the capital profile." in page


def test_deciding_on_a_return_not_started_is_refused(
    client: Client, project: Project, periods: dict[int, ReportingPeriod], pm: User
) -> None:
    client.force_login(pm)
    before = stored(project)
    response = client.post(
        reverse("return-decide", kwargs=_return(project)), {"decision": "accept"}
    )
    assert response.status_code == 422
    assert "WP-FIN has no return for period 1 yet." in response.content.decode()
    assert stored(project) == before


def test_accepting_twice_is_refused_with_the_reason(
    client: Client,
    project: Project,
    periods: dict[int, ReportingPeriod],
    wp_lead_fin: User,
    pm: User,
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin
    )
    return_accept(rag_return=ret, by=pm)
    client.force_login(pm)
    before = stored(project)
    response = client.post(
        reverse("return-decide", kwargs=_return(project)), {"decision": "accept"}
    )
    assert response.status_code == 422
    assert (
        "WP-FIN&#x27;s return for period 1 is accepted: it cannot be accepted."
        in response.content.decode()
    )
    assert stored(project) == before
