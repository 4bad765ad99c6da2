"""Every API operation × every persona: the status they get, and that a refused write changed
nothing. An operation added to the API without a row in ``OPERATIONS`` fails
``test_every_operation_has_a_permission_test``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from projectboard.web.api.views import api
from projectboard.web.projects.models import Project, Task, WorkPackage

from ..support import snapshot
from .support import MEMBERS, PERSONAS, ApiFor

READ = {**dict.fromkeys(MEMBERS, 200), "outsider": 404, "no_token": 401, "revoked_token": 401}
# Writes to WP-FIN and its task 6: the project manager and WP-FIN's lead may; the lead of
# another work package, a deputy of another, the board and observers may read but not write.
WRITE_WP_FIN = {
    "pm": 200,
    "wp_lead_fin": 200,
    "wp_lead_gis": 403,
    "deputy_hr": 403,
    "board_member": 403,
    "observer": 403,
    "outsider": 404,
    "no_token": 401,
    "revoked_token": 401,
}


@dataclass(frozen=True)
class Case:
    expected: dict[str, int]
    body: dict[str, Any] | None = None


# (method, path as ninja declares it) -> who gets what. Paths are filled in by ``url``.
OPERATIONS: dict[tuple[str, str], Case] = {
    # A list shows only what is yours: the outsider gets an empty one.
    ("GET", "/projects"): Case({**READ, "outsider": 200}),
    ("GET", "/projects/{project_id}"): Case(READ),
    ("GET", "/projects/{project_id}/schedule"): Case(READ),
    ("GET", "/projects/{project_id}/work-packages"): Case(READ),
    ("GET", "/projects/{project_id}/work-packages/{code}"): Case(READ),
    ("PATCH", "/projects/{project_id}/work-packages/{code}"): Case(
        WRITE_WP_FIN, {"version": 1, "timescale": "By the end of Q3 2008"}
    ),
    ("GET", "/projects/{project_id}/tasks"): Case(READ),
    ("GET", "/projects/{project_id}/tasks/{number}"): Case(READ),
    ("PATCH", "/projects/{project_id}/tasks/{number}"): Case(
        WRITE_WP_FIN, {"version": 1, "duration": "5d"}
    ),
}


def url(path: str, project: Project) -> str:
    return "/api" + path.format(project_id=project.pk, code="WP-FIN", number=6)


def api_operations() -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, view in api.default_router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }


def test_every_operation_has_a_permission_test() -> None:
    assert api_operations() == set(OPERATIONS)


def test_every_case_covers_every_persona() -> None:
    for case in OPERATIONS.values():
        assert sorted(case.expected) == sorted(PERSONAS)


def test_the_api_serves_only_its_operations_and_schema() -> None:
    """Ninja adds one URL per operation: one on a router other than the default one would be
    missed above, but not here."""
    (resolver,) = (
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "api"
    )
    names = [p.name or "" for p in resolver.url_patterns if isinstance(p, URLPattern)]
    operations = [
        operation.view_func.__name__
        for view in api.default_router.path_operations.values()
        for operation in view.operations
    ]
    assert len(names) == len(resolver.url_patterns)
    assert sorted(names) == sorted([*operations, "openapi-json", "api-root"])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_who_may_do_what(
    api_for: ApiFor, project: Project, operation: tuple[str, str], persona: str
) -> None:
    method, path = operation
    case = OPERATIONS[operation]
    caller = api_for(persona)
    before = snapshot(project)
    response = caller.call(method, url(path, project), case.body)
    assert response.status_code == case.expected[persona], response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if response.status_code == 200 and persona in MEMBERS:
        assert response.json()  # never an empty object or list for a member
    elif method == "GET" or response.status_code != 403:
        assert project.name not in response.content.decode()
    if method == "PATCH":
        if response.status_code == 200:
            assert response.json()["version"] == 2
            assert snapshot(project) != before
        else:
            assert snapshot(project) == before


def test_the_outsiders_project_list_is_empty(api_for: ApiFor, project: Project) -> None:
    assert api_for("outsider").get("/api/projects").json() == []


@pytest.mark.parametrize("persona", ["outsider", "no_token", "revoked_token"])
def test_who_may_not_read_learns_nothing(api_for: ApiFor, project: Project, persona: str) -> None:
    body = api_for(persona).get(url("/projects/{project_id}", project)).content.decode()
    assert project.name not in body
    assert "WP-FIN" not in body


def test_a_lead_writes_their_own_work_package_but_not_another(
    api_for: ApiFor, project: Project
) -> None:
    gis = api_for("wp_lead_gis")
    base = f"/api/projects/{project.pk}"
    assert (
        gis.patch(f"{base}/work-packages/WP-GIS", {"version": 1, "timescale": "Q2"}).status_code
        == 200
    )
    assert gis.patch(f"{base}/tasks/14", {"version": 1, "duration": "30d"}).status_code == 200
    assert WorkPackage.objects.get(project=project, code="WP-GIS").timescale == "Q2"
    assert Task.objects.get(project=project, number=14).duration == "30d"
    before = snapshot(project)
    assert (
        gis.patch(f"{base}/work-packages/WP-FIN", {"version": 1, "timescale": "Q2"}).status_code
        == 403
    )
    assert gis.patch(f"{base}/tasks/6", {"version": 1, "duration": "30d"}).status_code == 403
    assert snapshot(project) == before


def test_a_deputy_writes_their_own_work_package(api_for: ApiFor, project: Project) -> None:
    hr = api_for("deputy_hr")
    base = f"/api/projects/{project.pk}"
    assert (
        hr.patch(f"{base}/work-packages/WP-HR", {"version": 1, "timescale": "Q2"}).status_code
        == 200
    )
    assert hr.patch(f"{base}/tasks/17", {"version": 1, "duration": "40d"}).status_code == 200
