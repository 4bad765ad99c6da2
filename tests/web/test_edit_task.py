"""Editing a task from the plan: who may, what is shown, what is kept and recorded."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Project, Task
from projectboard.web.projects.permissions import can, can_each_task, person_of
from projectboard.web.projects.services import task_update

from .support import changes, snapshot

# Task 6 "Finance/Budgets" is in WP-FIN, led by Mike Thompson (wp_lead_fin).
GET_STATUS = {
    "pm": 200,
    "wp_lead_fin": 200,
    "wp_lead_gis": 403,
    "deputy_hr": 403,
    "board_member": 403,
    "observer": 403,
    "outsider": 404,
    "anonymous": 302,
}
POST_STATUS = {**GET_STATUS, "pm": 303, "wp_lead_fin": 303}
USERNAMES = {"pm": "pm", "wp_lead_fin": "lead-fin"}


def login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def task(project: Project, number: int) -> Task:
    return Task.objects.get(project=project, number=number)


def edit_url(project: Project, number: int = 6) -> str:
    return reverse("task-edit", kwargs={"project_id": project.pk, "number": number})


def plan_url(project: Project) -> str:
    return reverse("plan", kwargs={"project_id": project.pk})


def form_data(row: Task, **changes: str) -> dict[str, str]:
    """What the form sends when the user changes ``changes`` of ``row`` as read."""
    data = {
        "name": row.name,
        "duration": row.duration,
        "predecessors": row.predecessors,
        "constraint": row.constraint,
        "version": str(row.version),
    }
    return {**data, **changes}


class _Element(HTMLParser):
    """The attributes and the text of the element with a given id."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.attrs: dict[str, str | None] | None = None
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in {"input", "br", "meta", "link", "img"}
        elif self.attrs is None and dict(attrs).get("id") == self.element_id:
            self.attrs = dict(attrs)
            self.depth = tag not in {"input", "br", "meta", "link", "img"}

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def element(page: str, element_id: str) -> tuple[dict[str, str | None], str]:
    found = _Element(element_id)
    found.feed(page)
    assert found.attrs is not None, f"no element with id {element_id!r}"
    return found.attrs, " ".join("".join(found.text).split())


# -- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), GET_STATUS.items())
def test_who_may_open_the_form(
    client: Client, project: Project, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(edit_url(project))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{reverse('login')}?next={edit_url(project)}"


@pytest.mark.parametrize(("persona", "status"), POST_STATUS.items())
def test_who_may_save(
    client: Client, project: Project, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(task(project, 6), duration="20d"))
    assert response.status_code == status
    if status == 303:
        assert task(project, 6).duration == "20d"
        assert changes(project) == [(USERNAMES[persona], "task", "duration", "17.7d", "20d")]
    else:
        assert snapshot(project) == before


def test_a_deputy_edits_a_task_of_their_own_work_package(
    client: Client, project: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    assert client.get(edit_url(project, 17)).status_code == 200
    response = client.post(edit_url(project, 17), form_data(task(project, 17), duration="50d"))
    assert response.status_code == 303
    assert changes(project) == [("deputy-hr", "task", "duration", "50.5d", "50d")]


def test_a_missing_task_is_the_same_404(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(edit_url(project, 99)).status_code == 404
    assert client.post(edit_url(project, 99), {"version": "1"}).status_code == 404


def test_other_methods_are_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    assert client.put(edit_url(project)).status_code == 405
    assert client.delete(edit_url(project)).status_code == 405
    assert snapshot(project) == before


def test_a_post_without_the_csrf_token_is_refused(project: Project, pm: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(task(project, 6), duration="20d"))
    assert response.status_code == 403
    assert snapshot(project) == before


# -- the form --------------------------------------------------------------------------------


def test_the_form_shows_the_task_as_stored(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    page = client.get(edit_url(project, 14)).content.decode()
    assert "<h1>Edit task 14: GIS</h1>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    values = {
        "id_name": "GIS",
        "id_duration": "31.13d",
        "id_predecessors": None,  # blank: no value attribute
        "id_constraint": "SNET 2008-04-18",
        "id_version": "1",
    }
    assert {i: element(page, i)[0].get("value") for i in values} == values
    assert element(page, "id_version")[0]["type"] == "hidden"
    for field, label in [
        ("name", "Name"),
        ("duration", "Duration"),
        ("predecessors", "Predecessors"),
        ("constraint", "Constraint"),
    ]:
        assert f'<label for="id_{field}">{label}:</label>' in page
    _, hint = element(page, "id_predecessors_helptext")
    assert hint == "Task IDs as in Microsoft Project, separated by commas: 2, 3SS, 5FS+2d."
    assert element(page, "id_predecessors")[0]["aria-describedby"] == "id_predecessors_helptext"


def test_a_saved_change_shows_its_new_dates_on_the_plan(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    _, row = element(client.get(plan_url(project)).content.decode(), "task-6")
    assert "Fri 18/04/2008 13:00 Wed 14/05/2008 09:36" in row
    response = client.post(edit_url(project), form_data(task(project, 6), duration="20d"))
    assert (response.status_code, response["Location"]) == (303, f"{plan_url(project)}#task-6")
    page = client.get(response["Location"]).content.decode()
    _, row = element(page, "task-6")
    assert row.startswith("6 Finance/Budgets 20d 5 Fri 18/04/2008 13:00 Fri 16/05/2008 12:00")
    assert "Task 6 saved." in page
    saved = task(project, 6)
    assert (saved.duration, saved.version) == ("20d", 2)


def test_a_change_of_several_fields_records_one_event_each(
    client: Client, project: Project, wp_lead_gis: User
) -> None:
    client.force_login(wp_lead_gis)
    data = form_data(task(project, 14), name="GIS strategy", predecessors="5", constraint="")
    assert client.post(edit_url(project, 14), data).status_code == 303
    assert changes(project) == [
        ("lead-gis", "task", "name", "GIS", "GIS strategy"),
        ("lead-gis", "task", "predecessors", "", "5"),
        ("lead-gis", "task", "constraint", "SNET 2008-04-18", ""),
    ]


def test_saving_without_a_change_records_nothing(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(task(project, 6)), follow=True)
    assert response.redirect_chain == [(f"{plan_url(project)}#task-6", 303)]
    assert "Task 6: nothing was changed." in response.content.decode()
    assert snapshot(project) == before


# -- errors ----------------------------------------------------------------------------------


def test_an_unknown_predecessor_is_shown_beside_the_field(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = snapshot(project)
    data = form_data(task(project, 6), name="Budgets", predecessors="99")
    response = client.post(edit_url(project), data)
    assert response.status_code == 422
    page = response.content.decode()
    _, error = element(page, "id_predecessors_error")
    assert error == "predecessor '99' does not exist"
    attrs, _ = element(page, "id_predecessors")
    assert attrs["aria-describedby"] == "id_predecessors_helptext id_predecessors_error"
    assert (attrs["aria-invalid"], attrs["value"]) == ("true", "99")
    assert element(page, "id_name")[0]["value"] == "Budgets"  # the user's input is kept
    assert "aria-invalid" not in element(page, "id_name")[0]
    _, summary = element(page, "error-summary-title")
    assert summary == "There is a problem"
    assert (
        '<a href="#id_predecessors">Predecessors: predecessor &#x27;99&#x27; does not exist</a>'
        in page
    )
    assert "<title>Error: Edit task 6" in page
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("changes_typed", "field", "message"),
    [
        ({"predecessors": "5, 19"}, "predecessors", "dependency cycle: 6 -> 7 -> 16 -> 19 -> 6"),
        ({"predecessors": "6"}, "predecessors", "a task cannot be its own predecessor"),
        (
            {"duration": "soon"},
            "duration",
            "duration 'soon' is not a duration such as '5d', '3.5h', '2ed' or '1w?'",
        ),
        (
            {"constraint": "SNET"},
            "constraint",
            "constraint 'SNET': SNET needs a date, as in 'SNET 2008-04-08'",
        ),
        ({"name": "  "}, "name", "Name is required."),
    ],
)
def test_invalid_values_are_refused_beside_their_field(
    client: Client,
    project: Project,
    wp_lead_fin: User,
    changes_typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    client.force_login(wp_lead_fin)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(task(project, 6), **changes_typed))
    assert response.status_code == 422
    assert element(response.content.decode(), f"id_{field}_error")[1] == message
    assert snapshot(project) == before


def test_a_tampered_version_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(task(project, 6), version="x"))
    assert response.status_code == 422
    assert "<li>Version: Enter a whole number.</li>" in response.content.decode()
    assert snapshot(project) == before


# -- two people editing ----------------------------------------------------------------------


def test_a_stale_save_shows_both_values_and_keeps_what_was_typed(
    client: Client, project: Project, pm: User, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    as_read = task(project, 6)  # the lead opens the form at version 1...
    task_update(user=pm, task=as_read, expected_version=1, duration="20d")  # ...the PM saves
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(as_read, duration="15d"))
    assert response.status_code == 409
    page = response.content.decode()
    _, message = element(page, "conflict-title")
    assert message == "Someone else saved a change first"
    assert (
        "Not saved: task 6 was changed by someone else (now version 2); "
        "review the current values and make your change again." in page
    )
    assert "Last saved by Hazel Cushin on " in page
    assert (
        '<tr><th scope="row">Duration</th><td>20d</td><td>15d</td><td>Different</td></tr>' in page
    )
    assert (
        '<tr><th scope="row">Name</th><td>Finance/Budgets</td><td>Finance/Budgets</td>'
        "<td>Same</td></tr>" in page
    )
    assert element(page, "id_duration")[0]["value"] == "15d"
    assert element(page, "id_version")[0]["value"] == "2"
    assert snapshot(project) == before
    # Saving again from the re-shown form applies the lead's change on purpose.
    again = client.post(edit_url(project), form_data(as_read, duration="15d", version="2"))
    assert again.status_code == 303
    assert task(project, 6).duration == "15d"
    assert changes(project) == [
        ("pm", "task", "duration", "17.7d", "20d"),
        ("lead-fin", "task", "duration", "20d", "15d"),
    ]


# -- the plan's links ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "editable"),
    [
        ("pm", list(range(1, 20))),
        ("wp_lead_fin", [6]),
        ("wp_lead_gis", [14]),
        ("deputy_hr", [17]),
        ("board_member", []),
        ("observer", []),
    ],
)
def test_the_plan_links_to_the_form_only_for_tasks_you_may_change(
    client: Client,
    project: Project,
    persona: str,
    editable: list[int],
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = client.get(plan_url(project)).content.decode()
    linked = [n for n in range(1, 20) if f'href="{edit_url(project, n)}"' in page]
    assert linked == editable
    assert page.count('<span class="visually-hidden"> of task ') == 19  # history links


@pytest.mark.parametrize(
    "persona", ["pm", "wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer"]
)
def test_can_each_task_agrees_with_can(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    person = person_of(request.getfixturevalue(persona))
    may_change = can_each_task(person, "change", project)
    for row in Task.objects.filter(project=project).select_related("work_package"):
        assert may_change(row) == can(person, "change", row)
