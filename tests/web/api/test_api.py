"""What the API returns and refuses: contents, conflicts (409), the engine's validation (422),
the schedule, the schema and the tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from projectboard.cli import schedule_json
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule
from projectboard.web.accounts.models import ApiToken
from projectboard.web.api.tokens import api_token_create, token_hash
from projectboard.web.api.views import api
from projectboard.web.projects.models import Project, Task, WorkPackage
from projectboard.web.projects.plan import project_plan
from projectboard.web.projects.services import project_import_plan

from ..support import snapshot
from .support import Api, ApiFor
from .test_permissions import OPERATIONS


def base(project: Project) -> str:
    return f"/api/projects/{project.pk}"


# -- reads -----------------------------------------------------------------------------------


def test_the_project_list_and_detail(api_for: ApiFor, project: Project) -> None:
    pm = api_for("pm")
    expected = {
        "id": project.pk,
        "name": "Allerdale–Carlisle Shared ICT Service – Business Case",
        "start": "2008-03-07",
        "minutes_per_day": 480,
        "minutes_per_week": 2400,
        "days_per_month": 20,
        "default_start_time": 480,
        "default_finish_time": 1020,
    }
    assert pm.get("/api/projects").json() == [expected]
    assert pm.get(base(project)).json() == expected


def test_work_packages_read_as_stored(api_for: ApiFor, project: Project) -> None:
    board = api_for("board_member")
    listed = board.get(f"{base(project)}/work-packages").json()
    assert [w["code"] for w in listed] == list(
        WorkPackage.objects.filter(project=project).values_list("code", flat=True)
    )
    fin = board.get(f"{base(project)}/work-packages/WP-FIN").json()
    assert fin == next(w for w in listed if w["code"] == "WP-FIN")
    stored = WorkPackage.objects.get(project=project, code="WP-FIN")
    assert (fin["name"], fin["objectives"], fin["version"]) == (
        stored.name,
        stored.objectives,
        1,
    )
    assert [p["name"] for p in fin["leads"]] == ["Mike Thompson"]
    assert fin["leads"][0]["partner"] == "CCC"


def test_tasks_read_as_stored(api_for: ApiFor, project: Project) -> None:
    observer = api_for("observer")
    page = observer.get(f"{base(project)}/tasks").json()
    assert (page["count"], page["limit"], page["offset"]) == (19, 100, 0)
    listed = page["items"]
    assert [t["number"] for t in listed] == list(range(1, 20))
    six = observer.get(f"{base(project)}/tasks/6").json()
    stored = Task.objects.get(project=project, number=6)
    assert six == {
        "number": 6,
        "name": stored.name,
        "duration": stored.duration,
        "predecessors": "5",
        "constraint": "",
        "work_package": "WP-FIN",
        "parent": None,
        "version": 1,
    }
    assert listed[5] == six


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("?limit=5", [1, 2, 3, 4, 5]),
        ("?limit=5&offset=15", [16, 17, 18, 19]),
        ("?offset=18", [19]),
        ("?offset=19", []),
        ("?limit=1000&offset=0", list(range(1, 20))),
    ],
)
def test_the_task_list_is_paged(
    api_for: ApiFor, project: Project, query: str, numbers: list[int]
) -> None:
    response = api_for("observer").get(f"{base(project)}/tasks{query}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 19
    assert [t["number"] for t in body["items"]] == numbers


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?limit=1001", "limit", "Input should be less than or equal to 1000"),
        ("?limit=0", "limit", "Input should be greater than or equal to 1"),
        ("?offset=-1", "offset", "Input should be greater than or equal to 0"),
        (
            "?limit=all",
            "limit",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_a_bad_page_is_422(
    api_for: ApiFor, project: Project, query: str, field: str, message: str
) -> None:
    response = api_for("observer").get(f"{base(project)}/tasks{query}")
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [(field, message)]


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/999999",
        "/api/projects/999999/schedule",
        "/api/projects/999999/tasks",
        "{base}/work-packages/WP-NONE",
        "{base}/tasks/99",
    ],
)
def test_a_missing_object_is_the_same_404_as_someone_elses(
    api_for: ApiFor, project: Project, path: str
) -> None:
    missing = api_for("pm").get(path.format(base=base(project)))
    hidden = api_for("outsider").get(f"{base(project)}/tasks/6")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json() == {"detail": "Not Found"}


# -- writes ----------------------------------------------------------------------------------


def test_a_work_package_update_changes_only_what_is_sent(api_for: ApiFor, project: Project) -> None:
    response = api_for("wp_lead_fin").patch(
        f"{base(project)}/work-packages/WP-FIN",
        {"version": 1, "due": "2008-05-30", "outputs": ["Budget model", "Savings profile"]},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["due"], body["outputs"], body["version"]) == (
        "2008-05-30",
        ["Budget model", "Savings profile"],
        2,
    )
    stored = WorkPackage.objects.get(project=project, code="WP-FIN")
    assert (str(stored.due), stored.outputs, stored.name) == (
        "2008-05-30",
        ["Budget model", "Savings profile"],
        body["name"],
    )
    cleared = api_for("pm").patch(
        f"{base(project)}/work-packages/WP-FIN", {"version": 2, "due": None}
    )
    assert cleared.json()["due"] is None


def test_a_stale_work_package_save_is_409_with_the_other_change(
    api_for: ApiFor, project: Project
) -> None:
    url = f"{base(project)}/work-packages/WP-FIN"
    assert api_for("pm").patch(url, {"version": 1, "timescale": "June"}).status_code == 200
    before = snapshot(project)
    response = api_for("wp_lead_fin").patch(url, {"version": 1, "timescale": "July"})
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2
    assert body["current"]["timescale"] == "June"
    assert "changed by someone else" in body["detail"]
    assert snapshot(project) == before


def test_a_stale_task_save_is_409_with_the_other_change(api_for: ApiFor, project: Project) -> None:
    url = f"{base(project)}/tasks/6"
    assert api_for("wp_lead_fin").patch(url, {"version": 1, "duration": "5d"}).status_code == 200
    before = snapshot(project)
    response = api_for("pm").patch(url, {"version": 1, "duration": "8d", "name": "Budgets"})
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2
    assert body["current"] == {
        "name": "Finance/Budgets",
        "duration": "5d",
        "predecessors": "5",
        "constraint": "",
    }
    assert snapshot(project) == before


def test_a_forbidden_stale_save_is_403_not_409(api_for: ApiFor, project: Project) -> None:
    url = f"{base(project)}/tasks/6"
    assert api_for("pm").patch(url, {"version": 1, "duration": "5d"}).status_code == 200
    response = api_for("observer").patch(url, {"version": 1, "duration": "8d"})
    assert response.status_code == 403
    assert "5d" not in response.content.decode()


def test_an_unknown_predecessor_is_422_with_the_engines_code(
    api_for: ApiFor, project: Project
) -> None:
    before = snapshot(project)
    response = api_for("pm").patch(f"{base(project)}/tasks/6", {"version": 1, "predecessors": "99"})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("predecessors", "E_UNKNOWN_PREDECESSOR")
    assert "99" in error["message"]
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"duration": "soon"}, "duration", "E_BAD_DURATION"),
        ({"predecessors": "6"}, "predecessors", "E_SELF_LINK"),
        ({"predecessors": "19"}, "predecessors", "E_CYCLE"),
        ({"constraint": "SNET"}, "constraint", "E_BAD_CONSTRAINT"),
        ({"name": "  "}, "name", "required"),
    ],
)
def test_the_engine_refuses_a_bad_task_change_with_422(
    api_for: ApiFor, project: Project, changes: dict[str, str], field: str, code: str
) -> None:
    before = snapshot(project)
    response = api_for("pm").patch(f"{base(project)}/tasks/6", {"version": 1, **changes})
    assert response.status_code == 422, response.content
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "body",
    [
        {"duration": "5d"},  # no version
        {"version": 0, "duration": "5d"},
        {"version": 1, "duration": None},
        {"version": 1, "duration": 5},
        {"version": 1, "name": ""},
        {"version": 1, "work_package": "WP-GIS"},  # not a field the API changes
    ],
)
def test_a_malformed_update_is_422_and_changes_nothing(
    api_for: ApiFor, project: Project, body: dict[str, object]
) -> None:
    before = snapshot(project)
    response = api_for("pm").patch(f"{base(project)}/tasks/6", body)
    assert response.status_code == 422
    assert snapshot(project) == before


def test_a_work_package_needs_non_empty_items(api_for: ApiFor, project: Project) -> None:
    response = api_for("pm").patch(
        f"{base(project)}/work-packages/WP-FIN", {"version": 1, "objectives": ["ok", " "]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "objectives"


def test_sending_the_same_values_keeps_the_version(api_for: ApiFor, project: Project) -> None:
    response = api_for("pm").patch(f"{base(project)}/tasks/6", {"version": 1, "predecessors": "5"})
    assert (response.status_code, response.json()["version"]) == (200, 1)


# -- the schedule ----------------------------------------------------------------------------


def test_the_schedule_is_the_engines(api_for: ApiFor, project: Project, seed_plan: Plan) -> None:
    body = api_for("board_member").get(f"{base(project)}/schedule").json()
    plan = project_plan(project)
    assert body == schedule_json(plan, schedule(plan))
    from_file = schedule_json(seed_plan, schedule(seed_plan))
    assert body["project"] == from_file["project"]
    fields = ("start", "finish", "total_float_minutes", "free_float_minutes", "critical")
    assert [[t[f] for f in fields] for t in body["tasks"]] == [
        [t[f] for f in fields] for t in from_file["tasks"]
    ]
    nineteen = body["tasks"][18]
    assert (nineteen["id"], nineteen["finish"], nineteen["critical"]) == (
        19,
        "2008-07-01T17:00",
        True,
    )
    assert body["project"]["finish"] == "2008-07-01T17:00"


def test_the_schedule_moves_with_a_change(api_for: ApiFor, project: Project) -> None:
    pm = api_for("pm")
    response = pm.patch(f"{base(project)}/tasks/19", {"version": 1, "duration": "2d"})
    assert response.status_code == 200
    body = pm.get(f"{base(project)}/schedule").json()
    assert body["tasks"][18]["finish"] == "2008-07-02T17:00"


# -- the schema ------------------------------------------------------------------------------


def test_the_openapi_schema_lists_every_operation(client: Client) -> None:
    response = client.get("/api/openapi.json")  # public: no token, no session
    assert response.status_code == 200
    schema = response.json()
    listed = {
        (method.upper(), path.removeprefix("/api"))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert listed == set(OPERATIONS)
    assert schema["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
    for item in schema["paths"].values():
        for operation in item.values():
            assert operation["security"] == [{"BearerToken": []}]
    ids = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    assert "update_task" in ids


def test_there_are_no_docs_pages_or_root(client: Client) -> None:
    assert api.docs_url is None
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/").status_code == 404


# -- tokens ----------------------------------------------------------------------------------


def test_only_a_hash_of_the_token_is_stored(pm: User) -> None:
    token = api_token_create(user=pm, name="reports")
    row = ApiToken.objects.get(user=pm)
    assert row.token_hash == token_hash(token) != token
    assert token not in str(list(ApiToken.objects.values()))
    assert (row.name, row.last_used, row.revoked) == ("reports", None, None)


def test_using_a_token_records_when(project: Project, pm: User) -> None:
    Api(api_token_create(user=pm, name="reports")).get("/api/projects")
    assert ApiToken.objects.get(user=pm).last_used is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer pb_nothing", "Bearer {token}x", "Token {token}", "Basic {token}", "{token}"],
)
def test_a_bad_authorization_header_is_401(project: Project, pm: User, header: str) -> None:
    token = api_token_create(user=pm, name="reports")
    response = Client().get("/api/projects", headers={"Authorization": header.format(token=token)})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_the_scheme_is_case_insensitive(project: Project, pm: User) -> None:
    token = api_token_create(user=pm, name="reports")
    response = Client().get("/api/projects", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_an_inactive_users_token_is_401(project: Project, pm: User) -> None:
    token = api_token_create(user=pm, name="reports")
    pm.is_active = False
    pm.save()
    assert Api(token).get("/api/projects").status_code == 401


def test_a_session_is_not_enough(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get("/api/projects").status_code == 401
    response = client.patch(
        f"{base(project)}/tasks/6", '{"version": 1, "duration": "5d"}', "application/json"
    )
    assert response.status_code == 401


def test_writes_with_a_token_need_no_csrf_token(project: Project, pm: User) -> None:
    caller = Api(api_token_create(user=pm, name="script"), Client(enforce_csrf_checks=True))
    response = caller.patch(f"{base(project)}/tasks/6", {"version": 1, "duration": "5d"})
    assert response.status_code == 200


def test_a_user_without_a_person_sees_no_projects(project: Project) -> None:
    caller = Api(api_token_create(user=User.objects.create_user("nobody"), name="x"))
    assert caller.get("/api/projects").json() == []
    assert caller.get(base(project)).status_code == 404


def test_the_token_command_creates_and_revokes(
    project: Project, pm: User, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("projectboard_api_token", "pm", "reports")
    token = capsys.readouterr().out.strip()
    assert Api(token).get("/api/projects").status_code == 200
    call_command("projectboard_api_token", "pm", "reports", "--revoke")
    assert "revoked 1 token(s)" in capsys.readouterr().out
    assert Api(token).get("/api/projects").status_code == 401
    with pytest.raises(CommandError, match="no token"):
        call_command("projectboard_api_token", "pm", "reports", "--revoke")
    with pytest.raises(CommandError, match="no user"):
        call_command("projectboard_api_token", "nobody", "reports")
    with pytest.raises(CommandError, match="needs a name"):
        call_command("projectboard_api_token", "pm", " ")


def test_only_your_projects_are_listed(api_for: ApiFor, project: Project, seed_plan: Plan) -> None:
    seed_plan.name = "Someone else's"
    other = project_import_plan(plan=seed_plan, by=None)
    pm = api_for("pm")
    assert [p["id"] for p in pm.get("/api/projects").json()] == [project.pk]
    assert pm.get(f"/api/projects/{other.pk}").status_code == 404
    assert pm.get(f"/api/projects/{other.pk}/schedule").status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"duration": "5d"}, "version", "missing"),
        ({"version": 1, "name": ""}, "name", "string_too_short"),
        ({"version": 1, "work_package": "WP-GIS"}, "work_package", "extra_forbidden"),
    ],
)
def test_request_errors_have_the_same_shape_as_the_engines(
    api_for: ApiFor, project: Project, body: dict[str, object], field: str, code: str
) -> None:
    response = api_for("pm").patch(f"{base(project)}/tasks/6", body)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert response.json()["detail"] == error["message"]


def test_a_path_that_is_not_a_number_is_422(api_for: ApiFor, project: Project) -> None:
    response = api_for("pm").get(f"{base(project)}/tasks/six")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "number"
