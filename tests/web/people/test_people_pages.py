"""The people of a project and their roles: who may read and change them, what the pages
show, and what is kept and recorded."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Membership, Partner, Person, Project, Role
from projectboard.web.projects.people_services import person_update

from .support import (
    PERSONAS,
    READ_STATUS,
    WRITE_STATUS,
    events,
    login,
    people_snapshot,
)

SAVED_STATUS = {**WRITE_STATUS, "pm": 303}


def person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


def membership(project: Project, code: str, role: Role) -> Membership:
    return Membership.objects.get(project=project, person__code=code, role=role)


def partner(project: Project, code: str) -> Partner:
    return Partner.objects.get(project=project, code=code)


def people_url(project: Project) -> str:
    return reverse("people", kwargs={"project_id": project.pk})


def add_url(project: Project) -> str:
    return reverse("person-add", kwargs={"project_id": project.pk})


def edit_url(project: Project, person_id: int) -> str:
    return reverse("person-edit", kwargs={"project_id": project.pk, "person_id": person_id})


def role_url(project: Project, person_id: int) -> str:
    return reverse("membership-add", kwargs={"project_id": project.pk, "person_id": person_id})


def remove_url(project: Project, membership_id: int) -> str:
    return reverse(
        "membership-remove", kwargs={"project_id": project.pk, "membership_id": membership_id}
    )


def edit_data(row: Person, **changes: str) -> dict[str, str]:
    data = {
        "name": row.name,
        "job_title": row.job_title,
        "email": row.email,
        "partner": str(row.partner_id or ""),
        "version": str(row.version),
    }
    return {**data, **changes}


class _Tables(HTMLParser):
    """Each table's caption and the texts of its body rows' cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: list[str] | None = None
        self.current = ""
        self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self.caption = []
        elif tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.tables[self.current].append([])
        elif self.in_body and tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.caption is not None:
            self.current = " ".join("".join(self.caption).split())
            self.tables[self.current] = []
            self.caption = None
        elif tag == "tbody":
            self.in_body = False
        elif self.cell is not None and tag in {"td", "th"}:
            self.tables[self.current][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.caption is not None:
            self.caption.append(data)
        elif self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def row_of(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r[0] == name)


# -- who gets what ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_the_people(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(people_url(project))
    assert response.status_code == READ_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={people_url(project)}"
    if persona == "outsider":
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_add_form(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(add_url(project))
    assert response.status_code == WRITE_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={add_url(project)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_a_person(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    before = people_snapshot(project)
    response = client.post(
        add_url(project),
        {
            "name": "Jane Doe",
            "job_title": "Procurement Officer",
            "email": "jane.doe@carlisle.gov.uk",
            "partner": str(partner(project, "CCC").pk),
        },
    )
    assert response.status_code == SAVED_STATUS[persona]
    if persona != "pm":
        assert people_snapshot(project) == before
        return
    added = Person.objects.get(name="Jane Doe")
    assert (added.job_title, added.email, added.partner, added.code, added.version) == (
        "Procurement Officer",
        "jane.doe@carlisle.gov.uk",
        partner(project, "CCC"),
        "",
        1,
    )
    assert events(project, "person") == [("pm", "", "", "Jane Doe")]
    # Next: give the new person a role.
    assert response["Location"] == role_url(project, added.pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_edit_form(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    url = edit_url(project, person(project, "ABROWN").pk)
    assert client.get(url).status_code == WRITE_STATUS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_edit_a_person(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    angela = person(project, "ABROWN")
    before = people_snapshot(project)
    response = client.post(
        edit_url(project, angela.pk), edit_data(angela, job_title="Director of Resources")
    )
    assert response.status_code == SAVED_STATUS[persona]
    if persona != "pm":
        assert people_snapshot(project) == before
        return
    assert response["Location"] == f"{people_url(project)}#person-{angela.pk}"
    angela.refresh_from_db()
    assert (angela.job_title, angela.version) == ("Director of Resources", 2)
    assert events(project, "person") == [
        ("pm", "job_title", "Director of Corporate Resources", "Director of Resources")
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_role_form(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    url = role_url(project, person(project, "MTHOMPSON").pk)
    assert client.get(url).status_code == WRITE_STATUS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_give_a_role(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    mike = person(project, "MTHOMPSON")
    before = people_snapshot(project)
    response = client.post(role_url(project, mike.pk), {"role": "team_member", "board_role": ""})
    assert response.status_code == SAVED_STATUS[persona]
    if persona != "pm":
        assert people_snapshot(project) == before
        return
    assert sorted(
        Membership.objects.filter(project=project, person=mike).values_list("role", flat=True)
    ) == ["team_member", "wp_lead"]
    assert events(project, "membership") == [("pm", "", "", "Mike Thompson: Team member")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_remove_a_role(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    chair = membership(project, "ABROWN", Role.CHAIR)
    before = people_snapshot(project)
    response = client.post(remove_url(project, chair.pk))
    assert response.status_code == SAVED_STATUS[persona]
    if persona != "pm":
        assert people_snapshot(project) == before
        return
    assert not Membership.objects.filter(pk=chair.pk).exists()
    assert events(project, "membership") == [("pm", "removed", "Angela Brown: Chair", "")]


def test_removing_a_role_needs_a_post(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    chair = membership(project, "ABROWN", Role.CHAIR)
    assert client.get(remove_url(project, chair.pk)).status_code == 405
    assert Membership.objects.filter(pk=chair.pk).exists()


def test_removing_a_role_needs_the_csrf_token(project: Project, pm: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    chair = membership(project, "ABROWN", Role.CHAIR)
    assert client.post(remove_url(project, chair.pk)).status_code == 403
    assert Membership.objects.filter(pk=chair.pk).exists()


def test_people_and_roles_of_another_project_are_the_same_404(
    client: Client, project: Project, pm: User, outsider: User
) -> None:
    other = Project.objects.create(name="Another project", start=date(2008, 3, 7))
    theirs = Person.objects.create(
        name="Tom Other", partner=Partner.objects.create(project=other, code="X", name="X")
    )
    their_role = Membership.objects.create(project=other, person=theirs, role=Role.PM)
    client.force_login(pm)
    before = people_snapshot(project)
    for person_id in (theirs.pk, outsider.person.pk, 999999):
        assert client.get(edit_url(project, person_id)).status_code == 404
        assert client.post(edit_url(project, person_id), {"version": "1"}).status_code == 404
        assert client.get(role_url(project, person_id)).status_code == 404
        assert client.post(role_url(project, person_id), {"role": "pm"}).status_code == 404
    for membership_id in (their_role.pk, 999999):
        assert client.post(remove_url(project, membership_id)).status_code == 404
    assert people_snapshot(project) == before


# -- the list --------------------------------------------------------------------------------


def test_the_list_groups_people_by_partner(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    found = tables(client.get(people_url(project)).content.decode())
    assert list(found) == [
        "Allerdale Borough Council",
        "Carlisle City Council",
        "No partner of this project",
    ]
    abc, ccc = found["Allerdale Borough Council"], found["Carlisle City Council"]
    assert [r[0] for r in abc] == [
        "Cyril Wright",
        "Hazel Cushin",
        "Nick Fardon",
        "Peter McAleavey",
        "Philippa Hardy",
        "Stephen Kirkpatrick",
        "Steve Brailey",
        "Steve Evans",
        "Tracey Nicholson",
    ]
    assert len(ccc) == 11
    assert row_of(ccc, "Angela Brown") == [
        "Angela Brown",
        "Director of Corporate Resources",
        "",
        "Board member (Project Sponsor & Finance representative) Chair",
        "",
    ]
    assert row_of(abc, "Hazel Cushin") == [
        "Hazel Cushin",
        "Head of Corporate Services",
        "",
        "Project manager Work package lead",
        "Leads WP-PLAN, WP-VISION",
    ]
    assert row_of(ccc, "Mike Thompson") == [
        "Mike Thompson",
        "",
        "",
        "Work package lead",
        "Leads WP-FIN",
    ]
    assert row_of(abc, "Cyril Wright") == ["Cyril Wright", "", "", "Deputy", "Deputises WP-HR"]
    assert found["No partner of this project"] == [["Olive Observer", "", "", "Observer", ""]]


def test_only_the_project_manager_sees_the_controls(
    client: Client, project: Project, pm: User, board_member: User
) -> None:
    angela = person(project, "ABROWN")
    chair = membership(project, "ABROWN", Role.CHAIR)
    client.force_login(pm)
    page = client.get(people_url(project)).content.decode()
    assert f'<a href="{add_url(project)}">Add a person</a>' in page
    assert (
        f'<a href="{edit_url(project, angela.pk)}">Edit'
        '<span class="visually-hidden"> Angela Brown</span></a>'
    ) in page
    assert f'action="{remove_url(project, chair.pk)}"' in page
    assert (
        '<button type="submit">Remove<span class="visually-hidden"> the role Chair from '
        "Angela Brown</span></button>"
    ) in page
    client.force_login(board_member)
    page = client.get(people_url(project)).content.decode()
    assert "Add a person" not in page
    assert edit_url(project, angela.pk) not in page
    assert remove_url(project, chair.pk) not in page


def test_names_are_escaped(client: Client, project: Project, pm: User) -> None:
    Person.objects.filter(code="ABROWN").update(name="<script>alert(1)</script>")
    client.force_login(pm)
    page = client.get(people_url(project)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert '<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th>' in page


def test_the_project_nav_links_to_people_and_history(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(reverse("project-detail", kwargs={"project_id": project.pk})).content
    assert f'<li><a href="{people_url(project)}">People</a></li>'.encode() in page
    history = reverse("project-history", kwargs={"project_id": project.pk})
    assert f'<li><a href="{history}">History</a></li>'.encode() in page


# -- adding and editing ----------------------------------------------------------------------


def test_a_person_is_refused_with_every_problem_named(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = people_snapshot(project)
    response = client.post(
        add_url(project), {"name": "  ", "job_title": "", "email": "jane@", "partner": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Error: Add a person" in page
    assert '<a href="#id_name">Name: Name is required.</a>' in page
    assert '<a href="#id_email">Email: &#x27;jane@&#x27; is not an email address.</a>' in page
    assert (
        '<a href="#id_partner">Partner: Choose the partner this person works for: someone '
        "without a partner must hold a role in the project.</a>"
    ) in page
    assert people_snapshot(project) == before


def test_an_email_already_in_the_project_is_refused(
    client: Client, project: Project, pm: User
) -> None:
    Person.objects.filter(code="ABROWN").update(email="angela.brown@carlisle.gov.uk")
    client.force_login(pm)
    before = people_snapshot(project)
    response = client.post(
        add_url(project),
        {
            "name": "A. Brown",
            "email": "Angela.Brown@carlisle.gov.uk",
            "partner": str(partner(project, "CCC").pk),
        },
    )
    assert response.status_code == 422
    assert (
        "Email: Angela Brown already has the email address Angela.Brown@carlisle.gov.uk in "
        "this project."
    ) in response.content.decode()
    assert people_snapshot(project) == before


def test_the_edit_form_shows_the_saved_values(client: Client, project: Project, pm: User) -> None:
    angela = person(project, "ABROWN")
    client.force_login(pm)
    page = client.get(edit_url(project, angela.pk)).content.decode()
    assert "<h1>Edit Angela Brown</h1>" in page
    assert 'value="Director of Corporate Resources"' in page
    assert f'<option value="{angela.partner_id}" selected>Carlisle City Council</option>' in page
    assert '<input type="hidden" name="version" value="1"' in page


def test_saving_unchanged_values_keeps_the_version(
    client: Client, project: Project, pm: User
) -> None:
    angela = person(project, "ABROWN")
    client.force_login(pm)
    response = client.post(edit_url(project, angela.pk), edit_data(angela), follow=True)
    assert "Angela Brown: nothing was changed." in response.content.decode()
    angela.refresh_from_db()
    assert angela.version == 1
    assert events(project, "person") == []


def test_a_person_with_a_role_may_have_no_partner(
    client: Client, project: Project, pm: User
) -> None:
    angela = person(project, "ABROWN")
    client.force_login(pm)
    response = client.post(edit_url(project, angela.pk), edit_data(angela, partner=""))
    assert response.status_code == 303
    assert events(project, "person") == [("pm", "partner", "Carlisle City Council", "")]


def test_a_stale_edit_is_a_conflict_showing_both(
    client: Client, project: Project, pm: User
) -> None:
    angela = person(project, "ABROWN")
    typed = edit_data(angela, job_title="Director of Finance")
    person_update(
        project=project,
        person=angela,
        expected_version=1,
        name="Angela Brown",
        job_title="Executive Director",
        email="",
        partner=angela.partner,
        by=pm,
    )
    client.force_login(pm)
    response = client.post(edit_url(project, angela.pk), typed)
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Not saved: person &#x27;Angela Brown&#x27; was changed by someone else (now version 2)"
    ) in page
    assert "Last saved by Hazel Cushin on" in page
    assert (
        '<tr><th scope="row">Job title</th><td>Executive Director</td>'
        "<td>Director of Finance</td><td>Different</td></tr>"
    ) in page
    assert '<input type="hidden" name="version" value="2"' in page
    # Saving again applies the change on purpose.
    response = client.post(edit_url(project, angela.pk), {**typed, "version": "2"})
    assert response.status_code == 303
    angela.refresh_from_db()
    assert (angela.job_title, angela.version) == ("Director of Finance", 3)


# -- roles -----------------------------------------------------------------------------------


def test_a_board_member_gets_a_board_role(client: Client, project: Project, pm: User) -> None:
    mike = person(project, "MTHOMPSON")
    client.force_login(pm)
    page = client.get(role_url(project, mike.pk)).content.decode()
    assert "<h1>Give Mike Thompson a role</h1>" in page
    assert '<datalist id="board-role-suggestions"><option value="Sponsor"></option>' in page
    response = client.post(
        role_url(project, mike.pk), {"role": "board_member", "board_role": "Finance"}, follow=True
    )
    assert "Mike Thompson now has the role Board member (Finance)." in response.content.decode()
    added = Membership.objects.get(project=project, person=mike, role=Role.BOARD_MEMBER)
    assert added.board_role == "Finance"
    assert events(project, "membership") == [
        ("pm", "", "", "Mike Thompson: Board member (Finance)")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"role": "board_member", "board_role": "HR"},
            "Role: Angela Brown is already a board member in this project.",
        ),
        (
            {"role": "observer", "board_role": "HR"},
            "Board role: Only a board member or the chair has a board role; leave it blank "
            "for an observer.",
        ),
        ({"role": "sponsor", "board_role": ""}, "Role: Select a valid choice."),
    ],
)
def test_a_role_is_refused_with_a_reason(
    client: Client, project: Project, pm: User, data: dict[str, str], message: str
) -> None:
    client.force_login(pm)
    before = people_snapshot(project)
    response = client.post(role_url(project, person(project, "ABROWN").pk), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert people_snapshot(project) == before


def test_the_last_project_manager_cannot_be_removed(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    before = people_snapshot(project)
    response = client.post(remove_url(project, membership(project, "HCUSHIN", Role.PM).pk))
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        '<div class="error-summary" role="alert" aria-labelledby="error-summary-title">'
    ) in page
    assert (
        "<li>Hazel Cushin is the project&#x27;s only project manager; give someone else the "
        "project manager role before removing this one.</li>"
    ) in page
    assert people_snapshot(project) == before


def test_a_project_manager_may_hand_over(
    client: Client, project: Project, pm: User, board_member: User
) -> None:
    client.force_login(pm)
    angela = person(project, "ABROWN")
    assert client.post(role_url(project, angela.pk), {"role": "pm"}).status_code == 303
    hazel_pm = membership(project, "HCUSHIN", Role.PM)
    assert client.post(remove_url(project, hazel_pm.pk)).status_code == 303
    assert events(project, "membership") == [
        ("pm", "", "", "Angela Brown: Project manager"),
        ("pm", "removed", "Hazel Cushin: Project manager", ""),
    ]
    # Hazel may still read the people (she leads work packages) but no longer change them.
    assert client.get(people_url(project)).status_code == 200
    assert client.get(add_url(project)).status_code == 403
    client.force_login(board_member)
    assert client.get(add_url(project)).status_code == 200


def test_a_person_shared_with_another_project_is_refused_on_the_page(
    client: Client, project: Project, pm: User
) -> None:
    angela = person(project, "ABROWN")
    Membership.objects.create(
        project=Project.objects.order_by("pk")[1], person=angela, role=Role.OBSERVER
    )
    client.force_login(pm)
    before = people_snapshot(project)
    response = client.post(
        edit_url(project, angela.pk), edit_data(angela, email="someone.else@example.org")
    )
    assert response.status_code == 422
    assert (
        "Angela Brown is also in another project, which shares their name, job title, email "
        "and partner; only an administrator may change them."
    ) in response.content.decode()
    assert people_snapshot(project) == before
