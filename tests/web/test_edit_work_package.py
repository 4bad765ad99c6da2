"""Editing a work package's texts from its page: who may, what is kept and recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Project, WorkPackage
from projectboard.web.projects.services import work_package_update

from .support import changes, snapshot

# WP-FIN is led by Mike Thompson (wp_lead_fin); Cyril Wright (deputy_hr) deputises for WP-HR.
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


def wp(project: Project, code: str = "WP-FIN") -> WorkPackage:
    return WorkPackage.objects.get(project=project, code=code)


def edit_url(project: Project, code: str = "WP-FIN") -> str:
    return reverse("work-package-edit", kwargs={"project_id": project.pk, "code": code})


def detail_url(project: Project, code: str = "WP-FIN") -> str:
    return reverse("work-package-detail", kwargs={"project_id": project.pk, "code": code})


def form_data(row: WorkPackage, **changes: str) -> dict[str, str]:
    """What the form sends when the user changes ``changes`` of ``row`` as read."""
    data = {
        "objectives": "\n".join(row.objectives),
        "outputs": "\n".join(row.outputs),
        "dependencies": row.dependencies,
        "timescale": row.timescale,
        "external_requirements": row.external_requirements,
        "version": str(row.version),
    }
    return {**data, **changes}


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
    old = wp(project).timescale
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(wp(project), timescale="End of May"))
    assert response.status_code == status
    if status == 303:
        assert wp(project).timescale == "End of May"
        assert changes(project) == [
            (USERNAMES[persona], "work_package", "timescale", old, "End of May")
        ]
    else:
        assert snapshot(project) == before


def test_a_deputy_edits_their_own_work_package(
    client: Client, project: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    assert client.get(edit_url(project, "WP-HR")).status_code == 200
    data = form_data(wp(project, "WP-HR"), external_requirements="Union consultation.")
    assert client.post(edit_url(project, "WP-HR"), data).status_code == 303
    assert changes(project) == [
        (
            "deputy-hr",
            "work_package",
            "external_requirements",
            "Information provision from the Cumbria Local Government Pension scheme "
            "administered by Capita on behalf of the County Council.",
            "Union consultation.",
        )
    ]


def test_a_missing_work_package_is_the_same_404(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(edit_url(project, "WP-NONE")).status_code == 404
    assert client.post(edit_url(project, "WP-NONE"), {"version": "1"}).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(project: Project, pm: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(wp(project), timescale="End of May"))
    assert response.status_code == 403
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("persona", "linked"),
    [
        ("pm", True),
        ("wp_lead_fin", True),
        ("wp_lead_gis", False),
        ("deputy_hr", False),
        ("board_member", False),
        ("observer", False),
    ],
)
def test_the_page_links_to_the_form_only_for_those_who_may_change_it(
    client: Client, project: Project, persona: str, linked: bool, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = client.get(detail_url(project)).content.decode()
    assert (f'<a href="{edit_url(project)}">Edit this work package</a>' in page) == linked
    assert ">History of this work package</a>" in page


# -- the form --------------------------------------------------------------------------------


def test_the_form_shows_the_texts_one_item_a_line(
    client: Client, project: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    work_package_update(
        user=wp_lead_fin,
        work_package=wp(project),
        expected_version=1,
        outputs=["A cost model.", "A capital profile."],
    )
    page = client.get(edit_url(project)).content.decode()
    assert "<h1>Edit WP-FIN: Finance / Budgets</h1>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<input type="hidden" name="version" value="2" id="id_version">' in page
    assert (
        '<textarea name="outputs" cols="40" rows="5" aria-describedby="id_outputs_helptext" '
        'id="id_outputs">\nA cost model.\nA capital profile.</textarea>' in page
    )
    for field, label in [
        ("objectives", "Objectives"),
        ("outputs", "Outputs"),
        ("dependencies", "Dependencies"),
        ("timescale", "Timescale"),
        ("external_requirements", "External requirements"),
    ]:
        assert f'<label for="id_{field}">{label}:</label>' in page


def test_a_saved_change_shows_on_the_work_package_page(
    client: Client, project: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    old_outputs = "\n".join(wp(project).outputs)
    data = form_data(wp(project), outputs="A cost model.\n\n  A capital profile.  \n")
    response = client.post(edit_url(project), data)
    assert (response.status_code, response["Location"]) == (303, detail_url(project))
    page = client.get(detail_url(project)).content.decode()
    assert "<ul><li>A cost model.</li><li>A capital profile.</li></ul>" in page
    assert "WP-FIN saved." in page
    saved = wp(project)
    assert (saved.outputs, saved.version) == (["A cost model.", "A capital profile."], 2)
    assert changes(project) == [
        ("lead-fin", "work_package", "outputs", old_outputs, "A cost model.\nA capital profile.")
    ]


def test_saving_the_form_unchanged_records_nothing_for_any_work_package(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = snapshot(project)
    for row in WorkPackage.objects.filter(project=project):
        response = client.post(edit_url(project, row.code), form_data(row))
        assert response.status_code == 303
    assert snapshot(project) == before


# -- two people editing ----------------------------------------------------------------------


def test_a_stale_save_shows_both_values_and_keeps_what_was_typed(
    client: Client, project: Project, pm: User, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    as_read = wp(project)
    work_package_update(user=pm, work_package=as_read, expected_version=1, timescale="By June")
    before = snapshot(project)
    response = client.post(edit_url(project), form_data(as_read, timescale="By May"))
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Not saved: work package WP-FIN was changed by someone else (now version 2); "
        "review the current values and make your change again." in page
    )
    assert "Last saved by Hazel Cushin on " in page
    assert (
        '<tr><th scope="row">Timescale</th><td>By June</td><td>By May</td>'
        "<td>Different</td></tr>" in page
    )
    assert ">\nBy May</textarea>" in page
    assert '<input type="hidden" name="version" value="2" id="id_version">' in page
    assert snapshot(project) == before
