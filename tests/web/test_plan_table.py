"""The plan page: the task table grouped by work package, editing a row in place (htmx), and
the schedule cached per plan revision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Membership, Person, Project, Role, Task
from projectboard.web.projects.plan import project_schedule
from projectboard.web.projects.services import Conflict, task_update

from .support import changes, snapshot
from .test_edit_task import element, form_data, login, plan_url, task

SEED_CSV = Path(__file__).resolve().parents[2] / "examples" / "shared-ict" / "seed-plan.csv"
HTMX = {"HX-Request": "true"}
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
USERNAMES = {"pm": "pm", "wp_lead_fin": "lead-fin"}


def inline_url(project: Project, number: int = 6) -> str:
    return reverse("task-inline-edit", kwargs={"project_id": project.pk, "number": number})


def row_url(project: Project, number: int = 6) -> str:
    return reverse("task-row", kwargs={"project_id": project.pk, "number": number})


def revision(project: Project) -> int:
    return Project.objects.get(pk=project.pk).plan_revision


# -- the table -------------------------------------------------------------------------------


def test_tasks_are_grouped_by_work_package_in_the_pids_order(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(plan_url(project)).content.decode()
    groups = re.findall(r'<tbody id="wp-([^"]+)">(.*?)</tbody>', page, re.S)
    assert [(code, re.findall(r'<tr id="task-(\d+)"', body)) for code, body in groups] == [
        ("WP-PLAN", ["1", "2"]),
        ("WP-BC", ["3", "19"]),
        ("WP-COMMS", ["18"]),
        ("WP-VISION", ["4"]),
        ("WP-FIN", ["6"]),
        ("WP-ORG", ["16"]),
        ("WP-HR", ["17"]),
        ("WP-GOV", ["5"]),
        ("WP-ITSM", ["8"]),
        ("WP-TECH", ["9"]),
        ("WP-APPS", ["12"]),
        ("WP-BCDR", ["11"]),
        ("WP-WEB", ["13"]),
        ("WP-GIS", ["14"]),
        ("WP-DMS", ["15"]),
        ("WP-TEL", ["10"]),
        ("WP-PART", ["7"]),
    ]
    assert '<th scope="rowgroup" colspan="5">' in page


def test_a_work_package_header_has_its_leads_and_the_span_of_its_dates(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(plan_url(project)).content.decode()
    header = re.search(r'<tbody id="wp-WP-BC">\s*(<tr class="wp-header">.*?</tr>)', page, re.S)
    assert header is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", header.group(1)).split())
    assert text == (
        "WP-BC Business Case development . Led by Stephen Kirkpatrick, John Nutley "
        "Tue 08/04/2008 08:00 Tue 01/07/2008 17:00 2 tasks"
    )


def test_tasks_without_a_work_package_come_last(
    client: Client, project: Project, observer: User
) -> None:
    Task.objects.filter(project=project, number__in=[1, 18]).update(work_package=None)
    client.force_login(observer)
    page = client.get(plan_url(project)).content.decode()
    groups = re.findall(r'<tbody id="wp-([^"]+)">', page)
    assert groups[-1] == "none"
    assert "WP-COMMS" not in groups  # its only task is in none now
    _, none = element(page, "wp-none")
    assert none.startswith(
        "No work package Fri 07/03/2008 08:00 Mon 30/06/2008 17:00 2 tasks "
        "1 Project Initiation Document"
    )


def test_edit_links_go_to_the_full_edit_page_and_ask_htmx_for_the_row(
    client: Client, project: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    page = client.get(plan_url(project)).content.decode()
    link = element(page, "task-6")[0]  # the row
    assert link == {"id": "task-6"}
    assert (
        f'<a href="{reverse("task-edit", args=[project.pk, 6])}" hx-get="{inline_url(project)}" '
        'hx-target="closest tr" hx-swap="outerHTML">Edit<span class="visually-hidden"> task 6'
        "</span></a>" in page
    )
    assert page.count('hx-get="/projects/') == 1  # only task 6 is the lead's
    assert '<meta name="htmx-config"' in page  # 409 and 422 answers are swapped too


# -- who may edit in place -------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), GET_STATUS.items())
def test_who_may_open_the_inline_form(
    client: Client, project: Project, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(inline_url(project), headers=HTMX)
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{reverse('login')}?next={inline_url(project)}"


@pytest.mark.parametrize(("persona", "status"), GET_STATUS.items())
def test_who_may_save_in_place(
    client: Client, project: Project, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    before = snapshot(project)
    data = form_data(task(project, 6), duration="20d")
    response = client.post(inline_url(project), data, headers=HTMX)
    assert response.status_code == status
    if status == 200:
        assert task(project, 6).duration == "20d"
        assert changes(project) == [(USERNAMES[persona], "task", "duration", "17.7d", "20d")]
    else:
        assert snapshot(project) == before


def test_a_deputy_edits_their_own_task_in_place(
    client: Client, project: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    assert client.get(inline_url(project, 17), headers=HTMX).status_code == 200
    data = form_data(task(project, 17), duration="50d")
    assert client.post(inline_url(project, 17), data, headers=HTMX).status_code == 200
    assert changes(project) == [("deputy-hr", "task", "duration", "50.5d", "50d")]


def test_a_missing_task_is_the_same_404(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(inline_url(project, 99), headers=HTMX).status_code == 404
    assert client.post(inline_url(project, 99), {"version": "1"}, headers=HTMX).status_code == 404
    assert client.get(row_url(project, 99), headers=HTMX).status_code == 404


def test_without_htmx_the_inline_form_is_the_full_edit_page(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    response = client.get(inline_url(project))
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("task-edit", args=[project.pk, 6]),
    )


def test_the_row_refuses_writes(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.post(row_url(project), headers=HTMX).status_code == 405
    assert client.delete(inline_url(project), headers=HTMX).status_code == 405


def test_a_save_in_place_needs_the_csrf_token(project: Project, pm: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(
        inline_url(project), form_data(task(project, 6), duration="20d"), headers=HTMX
    )
    assert response.status_code == 403
    assert snapshot(project) == before


# -- the inline form -------------------------------------------------------------------------


def test_the_inline_form_has_labelled_fields_and_focuses_the_first(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    page = client.get(inline_url(project, 14), headers=HTMX).content.decode()
    attrs, text = element(page, "task-14")
    assert attrs["class"] == "editing"
    assert text.startswith("14 Edit task 14: GIS")
    assert element(page, "task-14-name")[0]["autofocus"] is None  # present, no value
    assert "autofocus" not in element(page, "task-14-duration")[0]
    values = {
        "task-14-name": "GIS",
        "task-14-duration": "31.13d",
        "task-14-predecessors": None,
        "task-14-constraint": "SNET 2008-04-18",
        "task-14-version": "1",
    }
    assert {i: element(page, i)[0].get("value") for i in values} == values
    for field, label in [
        ("name", "Name"),
        ("duration", "Duration"),
        ("predecessors", "Predecessors"),
        ("constraint", "Constraint"),
    ]:
        assert f'<label for="task-14-{field}">{label}:</label>' in page
    assert element(page, "task-14-predecessors")[0]["aria-describedby"] == (
        "task-14-predecessors_helptext"
    )
    # Without htmx the form posts to the full edit page, which takes the same fields.
    assert f'action="{reverse("task-edit", args=[project.pk, 14])}"' in page
    assert f'hx-post="{inline_url(project, 14)}"' in page
    assert f'hx-get="{row_url(project, 14)}"' in page  # Cancel


def test_cancel_gives_the_row_back_with_the_focus_on_its_edit_link(
    client: Client, project: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    page = client.get(row_url(project), headers=HTMX).content.decode()
    _, text = element(page, "task-6")
    assert text == (
        "6 Finance/Budgets 17.7d 5 Fri 18/04/2008 13:00 Wed 14/05/2008 09:36 134 No "
        "Edit task 6 History of task 6"
    )
    assert 'hx-swap="outerHTML" autofocus>Edit<span class="visually-hidden"> task 6' in page


def test_another_members_row_has_no_edit_link(
    client: Client, project: Project, wp_lead_gis: User
) -> None:
    client.force_login(wp_lead_gis)
    page = client.get(row_url(project), headers=HTMX).content.decode()
    assert "Edit<" not in page
    assert "History<" in page


def test_a_save_answers_the_whole_table_with_the_moved_dates(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    data = form_data(task(project, 6), duration="27.7d")
    response = client.post(inline_url(project), data, headers=HTMX)
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#plan-table", "outerHTML")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="plan-table">')
    assert page.count("<tr id=") == 19
    attrs, six = element(page, "task-6")
    assert attrs["class"] == "moved"
    assert six.startswith(
        "6 Finance/Budgets 27.7d 5 Fri 18/04/2008 13:00 Wed 28/05/2008 09:36 "
        "moved, was Wed 14/05/2008 09:36"
    )
    _, seven = element(page, "task-7")
    assert seven.startswith(
        "7 Partnerships and Commercial Engagements 12d 6 "
        "Wed 28/05/2008 09:36 moved, was Wed 14/05/2008 09:36 "
        "Fri 13/06/2008 09:36 moved, was Fri 30/05/2008 09:36"
    )
    assert "class" not in element(page, "task-16")[0]  # its other predecessors hold it
    assert page.count(" autofocus>Edit") == 1
    assert 'hx-swap="outerHTML" autofocus>Edit<span class="visually-hidden"> task 6' in page
    _, status = element(page, "plan-status")
    assert status == "Task 6 saved. Dates moved for 2 tasks: 6, 7."
    assert element(page, "plan-status")[0]["hx-swap-oob"] == "innerHTML"
    assert changes(project) == [("pm", "task", "duration", "17.7d", "27.7d")]


def test_saving_without_a_change_says_so(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(inline_url(project), form_data(task(project, 6)), headers=HTMX)
    assert response.status_code == 200
    assert element(response.content.decode(), "plan-status")[1] == ("Task 6: nothing was changed.")
    assert snapshot(project) == before


def test_a_change_that_moves_nothing_says_so(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(
        inline_url(project), form_data(task(project, 6), name="Budgets"), headers=HTMX
    )
    assert element(response.content.decode(), "plan-status")[1] == ("Task 6 saved. No dates moved.")


def test_an_error_keeps_the_row_in_edit_mode_with_the_error_beside_the_field(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = snapshot(project)
    data = form_data(task(project, 6), duration="20d", predecessors="5, 99")
    response = client.post(inline_url(project), data, headers=HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert element(page, "task-6")[0]["class"] == "editing"
    assert element(page, "task-6-predecessors_error")[1] == "predecessor '99' does not exist"
    attrs, _ = element(page, "task-6-predecessors")
    assert attrs["aria-describedby"] == ("task-6-predecessors_helptext task-6-predecessors_error")
    assert (attrs["aria-invalid"], attrs["value"], attrs["autofocus"]) == ("true", "5, 99", None)
    assert "autofocus" not in element(page, "task-6-name")[0]
    assert element(page, "task-6-duration")[0]["value"] == "20d"  # what was typed is kept
    assert element(page, "task-6-error-summary-title")[1] == "There is a problem"
    assert (
        '<a href="#task-6-predecessors">Predecessors: predecessor &#x27;99&#x27; does not '
        "exist</a>" in page
    )
    assert snapshot(project) == before


def test_a_stale_save_shows_the_other_change_in_the_row(
    client: Client, project: Project, pm: User, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    as_read = task(project, 6)
    task_update(user=pm, task=as_read, expected_version=1, duration="20d")
    before = snapshot(project)
    response = client.post(inline_url(project), form_data(as_read, duration="15d"), headers=HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert element(page, "task-6")[0]["class"] == "editing"
    assert element(page, "task-6-conflict-title")[1] == "Someone else saved a change first"
    assert "Last saved by Hazel Cushin on " in page
    assert (
        '<tr><th scope="row">Duration</th><td>20d</td><td>15d</td><td>Different</td></tr>' in page
    )
    assert element(page, "task-6-duration")[0]["value"] == "15d"
    assert element(page, "task-6-version")[0]["value"] == "2"
    assert snapshot(project) == before
    again = client.post(
        inline_url(project), form_data(as_read, duration="15d", version="2"), headers=HTMX
    )
    assert again.status_code == 200
    assert task(project, 6).duration == "15d"


# -- the schedule, cached per plan revision --------------------------------------------------


def test_a_read_uses_the_schedule_cached_for_the_revision(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    _, row = element(client.get(plan_url(project)).content.decode(), "task-6")
    assert "Wed 14/05/2008 09:36" in row
    # A write that bypasses the services does not bump the revision: the page still shows
    # the schedule computed before it, so the page did not schedule again.
    Task.objects.filter(project=project, number=6).update(duration="20d")
    _, row = element(client.get(plan_url(project)).content.decode(), "task-6")
    assert "20d" in row and "Wed 14/05/2008 09:36" in row
    # The service bumps the revision, and the next read schedules the plan as it is.
    task_update(user=pm, task=task(project, 6), expected_version=1, duration="25d")
    _, row = element(client.get(plan_url(project)).content.decode(), "task-6")
    assert "25d" in row and "Fri 23/05/2008 12:00" in row


def test_a_task_update_bumps_the_revision_once(project: Project, pm: User) -> None:
    assert revision(project) == 1
    task_update(user=pm, task=task(project, 6), expected_version=1, duration="20d")
    assert revision(project) == 2
    task_update(user=pm, task=task(project, 6), expected_version=2, name="Budgets", duration="9d")
    assert revision(project) == 3
    assert project_schedule(project).by_id()[6].duration_minutes == 9 * 480


def test_no_change_or_a_refused_change_keeps_the_revision(project: Project, pm: User) -> None:
    task_update(user=pm, task=task(project, 6), expected_version=1, duration="17.7d")
    assert revision(project) == 1
    with pytest.raises(Exception, match="does not exist"):
        task_update(user=pm, task=task(project, 6), expected_version=1, predecessors="99")
    assert revision(project) == 1
    with pytest.raises(Conflict):
        task_update(user=pm, task=task(project, 6), expected_version=7, duration="3d")
    assert revision(project) == 1


def test_an_import_bumps_the_revision_and_the_plan_shows_its_tasks(
    client: Client, project: Project, pm: User
) -> None:
    """Needs ``project_replace_plan`` (imports.py) to call ``services.plan_changed``."""
    client.force_login(pm)
    empty = Project.objects.create(name="Shared ICT, imported", start=project.start)
    Membership.objects.create(project=empty, person=Person.objects.get(user=pm), role=Role.PM)
    assert client.get(plan_url(empty)).content.decode().count('<tr id="task-') == 0
    with SEED_CSV.open("rb") as f:
        preview = client.post(reverse("plan-import", args=[empty.pk]), {"file": f})
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', preview.content.decode())
    assert digest is not None
    confirm = reverse("plan-import-confirm", args=[empty.pk])
    assert client.post(confirm, {"digest": digest.group(1)}).status_code == 303
    assert revision(empty) == 2
    page = client.get(plan_url(empty)).content.decode()
    assert page.count('<tr id="task-') == 19
    _, row = element(page, "task-19")
    assert "Tue 01/07/2008 08:00 Tue 01/07/2008 17:00" in row
