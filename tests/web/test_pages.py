"""Every page: who gets it (200), who is sent to log in (302), who is told it is not there
(404). A URL added without a row here, or in an app's ``tests/web/<app>/covered_urls.py``,
fails ``test_every_url_has_a_permission_test``."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projectboard.web.projects.models import Project, Task

MEMBERS = ["pm", "wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer"]


def _project(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk}


def _work_package(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "code": "WP-FIN"}


def _task(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "number": 6}  # task 6 is in WP-FIN


def _export(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "fmt": "csv"}


def _none(project: Project) -> dict[str, Any]:
    return {}


# URL name -> (its arguments, what the outsider gets). Members get 200; anonymous users
# are sent to log in.
PROJECT_PAGES = {
    "project-detail": (_project, 404),
    "work-package-list": (_project, 404),
    "work-package-detail": (_work_package, 404),
    "plan": (_project, 404),
    "gantt": (_project, 404),
    "pid": (_project, 404),
    "work-package-history": (_work_package, 404),
    "task-history": (_task, 404),
    "task-row": (_task, 404),  # the plan's row, for htmx; its Edit link: test_plan_table.py
    "plan-export": (_export, 404),  # every format: test_import_export.py
    # Lists show only what is yours: an outsider gets an empty page.
    "project-list": (_none, 200),
    "my-work-packages": (_none, 200),
}
AUTH_PAGES = {"login", "logout"}
# Pages that change things: who may GET and POST them is tested per persona in
# test_edit_task.py, test_plan_table.py (task-inline-edit) and test_edit_work_package.py.
EDIT_PAGES = {"task-edit", "task-inline-edit", "work-package-edit", "pid-section-edit"}
# PID: tests/web/pid/
# Import (project manager only): per persona in test_import_export.py.
IMPORT_PAGES = {"plan-import", "plan-import-confirm"}


def _names(patterns: list[URLPattern | URLResolver]) -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "api":  # each operation: tests/web/api/test_permissions.py
                continue
            names |= _names(p.url_patterns)
        elif p.name:
            names.add(p.name)
        else:
            names.add(str(p.pattern))
    return names


def _covered_by_apps() -> set[str]:
    """URL names whose permission tests live in an app's own test package, which lists them
    in ``URL_NAMES`` in its ``covered_urls.py``."""
    names: set[str] = set()
    for path in sorted(Path(__file__).parent.glob("*/covered_urls.py")):
        module = importlib.import_module(f"tests.web.{path.parent.name}.covered_urls")
        names |= module.URL_NAMES
    return names


def test_every_url_has_a_permission_test() -> None:
    assert _names(get_resolver().url_patterns) == (
        set(PROJECT_PAGES) | AUTH_PAGES | EDIT_PAGES | IMPORT_PAGES | _covered_by_apps()
    )


def _url(name: str, project: Project) -> str:
    args, _ = PROJECT_PAGES[name]
    return reverse(name, kwargs=args(project))


@pytest.mark.parametrize("name", sorted(PROJECT_PAGES))
@pytest.mark.parametrize("persona", MEMBERS)
def test_members_may_read_every_page(
    client: Client, project: Project, name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(name, project))
    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(PROJECT_PAGES))
def test_the_outsider_sees_nothing(
    client: Client, project: Project, outsider: User, name: str
) -> None:
    client.force_login(outsider)
    response = client.get(_url(name, project))
    assert response.status_code == PROJECT_PAGES[name][1]
    assert project.name not in response.content.decode()


@pytest.mark.parametrize("name", sorted(PROJECT_PAGES))
def test_anonymous_users_are_sent_to_log_in(client: Client, project: Project, name: str) -> None:
    url = _url(name, project)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", ["project-detail", "plan", "gantt", "work-package-list"])
def test_a_missing_project_is_the_same_404(client: Client, pm: User, name: str) -> None:
    client.force_login(pm)
    assert client.get(reverse(name, kwargs={"project_id": 999999})).status_code == 404


def test_a_missing_work_package_is_the_same_404(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    url = reverse("work-package-detail", kwargs={"project_id": project.pk, "code": "WP-NONE"})
    assert client.get(url).status_code == 404


def test_the_login_page_is_open_and_logout_needs_a_post(client: Client, pm: User) -> None:
    assert client.get(reverse("login")).status_code == 200
    client.force_login(pm)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    assert client.get(reverse("project-list")).status_code == 302


def test_pages_refuse_writes(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.post(_url("plan", project)).status_code == 405


def test_security_headers(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.get(_url("project-detail", project))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# -- what the pages show ---------------------------------------------------------------------


def test_the_project_list_shows_only_your_projects(
    client: Client, project: Project, pm: User, outsider: User
) -> None:
    client.force_login(pm)
    assert project.name in client.get(reverse("project-list")).content.decode()
    client.force_login(outsider)
    page = client.get(reverse("project-list")).content.decode()
    assert "You are not a member of any project." in page


def test_the_dashboard_shows_the_key_dates_and_critical_path(
    client: Client, project: Project, board_member: User
) -> None:
    client.force_login(board_member)
    page = client.get(_url("project-detail", project)).content.decode()
    assert "<dd>Fri 07/03/2008 08:00</dd>" in page
    assert "<dd>Tue 01/07/2008 17:00</dd>" in page
    assert "<li>19 Recommendation and Business Case: 01/07/2008 to 01/07/2008</li>" in page


def test_the_work_package_page_shows_leads_and_deputies_by_partner(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(_url("work-package-detail", project)).content.decode()
    assert "<h1>WP-FIN: Finance / Budgets</h1>" in page
    assert '<th scope="row">Allerdale Borough Council</th>' in page
    assert "Stephen Kirkpatrick, IT Services Manager" in page
    assert "Mike Thompson" in page


def test_my_work_packages_lists_what_you_lead_and_deputise(
    client: Client, project: Project, wp_lead_gis: User
) -> None:
    client.force_login(wp_lead_gis)
    page = client.get(reverse("my-work-packages")).content.decode()
    assert "WP-GIS GIS</a>" in page
    assert page.count("<td>Lead</td>") == 1
    assert "<td>Deputy</td>" not in page


def test_the_plan_shows_engine_dates_and_escapes_names(
    client: Client, project: Project, pm: User
) -> None:
    Task.objects.filter(project=project, number=19).update(name="<script>alert(1)</script>")
    client.force_login(pm)
    page = client.get(_url("plan", project)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<td>Tue 01/07/2008 08:00</td>" in page


def test_the_gantt_page_embeds_the_chart_and_its_table(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    page = client.get(_url("gantt", project)).content.decode()
    assert page.count("<svg") == 1
    assert "Tasks as shown in the chart" in page
    assert page.count('<th scope="row">') == 19
